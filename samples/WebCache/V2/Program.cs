using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KhoGen;
using WebCache;

return await WebCacheApp.RunAsync(args, "2.0", store => new CacheV2(store));

/// <summary>Release 2.0 hands its cache over as webcache-v2 (or v1 for a rollback: the downgrade).</summary>
sealed class CacheV2(Store store) : KhoParticipant<WebCacheV2>
{
    protected override ValueTask<WebCacheV2> PreserveAsync(CancellationToken ct)
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        return new(new WebCacheV2(store.Entries.ToDictionary(e => e.Key, e => new Entry(e.Value, now))));
    }

    protected override async ValueTask RetrieveAsync(WebCacheV2 state, CancellationToken ct)
    {
        await Store.FailIfAskedAsync(ct);
        store.Entries = new ConcurrentDictionary<long, long>(state.Entries.Select(e => new System.Collections.Generic.KeyValuePair<long, long>(e.Key, e.Value.Value)));
        store.Origin = "restored from webcache-v2";
    }
}
