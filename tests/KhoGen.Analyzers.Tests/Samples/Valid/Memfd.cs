using KhoGen;

namespace Cache;

// SPEC's running example: memfd-v1 and memfd-v2 of the Linux Live Update thread.

[KhoFormat("memfd", 1)]
public partial record MemfdV1(ulong Pos, ulong Size, KhoArray<Folio> Folios);

[KhoFormat("memfd", 2)]
public partial record MemfdV2(ulong Pos, ulong Size, KhoArray<Folio> Folios, Seals Seals, uint Flags)
{
    [KhoUpgrade] public static MemfdV2 From(MemfdV1 v1) => new(v1.Pos, v1.Size, v1.Folios, Seals.None, 0);
    [KhoDowngrade] public static MemfdV1 To(MemfdV2 v2) => new(v2.Pos, v2.Size, v2.Folios);
}

[KhoData]
public partial record struct Folio(ulong Pfn, FolioFlags Flags);

[System.Flags]
public enum FolioFlags : ushort
{
    None = 0,
    Dirty = 1,
    Uptodate = 2,
}

[System.Flags]
public enum Seals : uint
{
    None = 0,
    Seal = 1,
    Shrink = 2,
    Grow = 4,
    Write = 8,
}
