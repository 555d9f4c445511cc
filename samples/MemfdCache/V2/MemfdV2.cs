using KhoGen;

namespace MemfdCache;

/// <summary>memfd-v2 (release 2.0): adds the file's seals and flags.</summary>
[KhoFormat("memfd", 2)]
public partial record MemfdV2(ulong Pos, ulong Size, KhoArray<Folio> Folios, Seals Seals, uint Flags)
{
    [KhoUpgrade] public static MemfdV2 From(MemfdV1 v1) => new(v1.Pos, v1.Size, v1.Folios, Seals.None, 0);
    [KhoDowngrade] public static MemfdV1 To(MemfdV2 v2) => new(v2.Pos, v2.Size, v2.Folios);
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
