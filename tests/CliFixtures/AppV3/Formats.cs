using KhoGen;

namespace CliFixture;

// Release 3, done wrong on purpose: cache-v1's layout changed without a new version, EntryKind
// gained a value, a session-v1 member was renamed, and a new format (metrics) appeared.
[KhoFormat("cache", 1)]
public partial record CacheV1(ulong Capacity, KhoArray<Entry> Entries, bool Warm);

[KhoFormat("cache", 2)]
public partial record CacheV2(ulong Capacity, KhoArray<Entry> Entries, uint Hits)
{
    [KhoUpgrade] public static CacheV2 From(CacheV1 v1) => new(v1.Capacity, v1.Entries, 0);
    [KhoDowngrade] public static CacheV1 To(CacheV2 v2) => new(v2.Capacity, v2.Entries, false);
}

[KhoData]
public partial record struct Entry(string Key, long Value, EntryKind Kind);

public enum EntryKind : byte { Fresh = 0, Stale = 1, Evicted = 2 }

[KhoFormat("session", 1)]
public partial record SessionV1(string UserName, long StartedAt);

[KhoFormat("metrics", 1)]
public partial record MetricsV1(long Requests, double MeanLatencyMs);
