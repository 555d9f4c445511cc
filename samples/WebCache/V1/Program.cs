using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using KhoGen;
using WebCache;

return await WebCacheApp.RunAsync(args, "1.0", store => new CacheV1(store));

/// <summary>Release 1.0 hands its cache over as webcache-v1.</summary>
sealed class CacheV1(Store store) : KhoParticipant<WebCacheV1>
{
    protected override ValueTask<WebCacheV1> PreserveAsync(CancellationToken ct) =>
        new(new WebCacheV1(new Dictionary<long, long>(store.Entries)));

    protected override async ValueTask RetrieveAsync(WebCacheV1 state, CancellationToken ct)
    {
        await Store.FailIfAskedAsync(ct);
        store.Entries = new ConcurrentDictionary<long, long>(state.Entries);
        store.Origin = "restored from webcache-v1";
    }
}
