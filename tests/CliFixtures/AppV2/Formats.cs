using KhoGen;

namespace CliFixture;

// Release 2: cache-v2 with both conversions, so it can hand state to release 1 (rollback).
[KhoFormat("cache", 1)]
public partial record CacheV1(ulong Capacity, KhoArray<Entry> Entries);

[KhoFormat("cache", 2)]
public partial record CacheV2(ulong Capacity, KhoArray<Entry> Entries, uint Hits)
{
    [KhoUpgrade] public static CacheV2 From(CacheV1 v1) => new(v1.Capacity, v1.Entries, 0);
    [KhoDowngrade] public static CacheV1 To(CacheV2 v2) => new(v2.Capacity, v2.Entries);
}

[KhoData]
public partial record struct Entry(string Key, long Value, EntryKind Kind);

public enum EntryKind : byte { Fresh = 0, Stale = 1 }

[KhoFormat("session", 1)]
public partial record SessionV1(string User, long StartedAt);
