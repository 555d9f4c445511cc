using System.Threading;
using System.Threading.Tasks;
using KhoGen;
using MemfdCache;

return await Service.RunAsync(args, () => new CacheV1());

/// <summary>Release 1.0's cache: its state is memfd-v1.</summary>
sealed class CacheV1 : PageCache
{
    public override KhoParticipant Participant() => new Handler(this);

    sealed class Handler(CacheV1 cache) : KhoParticipant<MemfdV1>
    {
        protected override ValueTask<MemfdV1> PreserveAsync(CancellationToken ct) =>
            new(new MemfdV1(Pos: 0, Size: Workload.IndexSpace * 4096, cache.Folios));

        protected override ValueTask RetrieveAsync(MemfdV1 state, CancellationToken ct)
        {
            cache.Folios = state.Folios;
            cache.ReadAs = "memfd-v1";
            return default;
        }
    }
}
