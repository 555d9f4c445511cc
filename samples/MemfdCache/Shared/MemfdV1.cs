using KhoGen;

namespace MemfdCache;

// memfd-v1, as shipped in release 1.0 of the cache service. Both builds compile this file: a
// shipped layout never changes; release 2.0 adds memfd-v2 instead.

/// <summary>A memfd-backed page cache: a position, a size and the folios that hold its pages.</summary>
[KhoFormat("memfd", 1)]
public partial record MemfdV1(ulong Pos, ulong Size, KhoArray<Folio> Folios);

/// <summary>One folio: its page frame number and flags (memfd-v1's <c>{pfn:52, flags:12}</c>).</summary>
[KhoData]
public partial record struct Folio(ulong Pfn, FolioFlags Flags);

[System.Flags]
public enum FolioFlags : ushort
{
    None = 0,
    Dirty = 1,
    Uptodate = 2,
}
