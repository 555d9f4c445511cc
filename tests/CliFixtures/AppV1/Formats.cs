using KhoGen;

namespace CliFixture;

// Release 1: the first shipped layouts.
[KhoFormat("cache", 1)]
public partial record CacheV1(ulong Capacity, KhoArray<Entry> Entries);

[KhoData]
public partial record struct Entry(string Key, long Value, EntryKind Kind);

public enum EntryKind : byte { Fresh = 0, Stale = 1 }

[KhoFormat("session", 1)]
public partial record SessionV1(string User, long StartedAt);
