using System.Threading;
using System.Threading.Tasks;
using KhoGen;
using MemfdCache;

return await Service.RunAsync(args, () => new CacheV2());

/// <summary>Release 2.0's cache: its state is memfd-v2; it reads v1 through the upgrade and writes v1 for a rollback.</summary>
sealed class CacheV2 : PageCache
{
    public Seals Seals { get; set; } = Seals.Grow;

    public override KhoParticipant Participant() => new Handler(this);

    sealed class Handler(CacheV2 cache) : KhoParticipant<MemfdV2>
    {
        protected override ValueTask<MemfdV2> PreserveAsync(CancellationToken ct) =>
            new(new MemfdV2(Pos: 0, Size: Workload.IndexSpace * 4096, cache.Folios, cache.Seals, Flags: 0));

        protected override ValueTask RetrieveAsync(MemfdV2 state, CancellationToken ct)
        {
            cache.Folios = state.Folios;
            cache.Seals = state.Seals;
            cache.ReadAs = "memfd-v2";
            return default;
        }
    }
}
