using KhoGen;

namespace NextBuild;

// Compared with tests/KhoGen.LiveUpdate.Tests/Formats (this build is the reader):
// - memfd: v1 and v2 unchanged, plus a v3 the test build does not know;
// - ledger-v1: Balance retyped from i64 to i32 without a new version (a broken build);
// - palette-v1: enum Color gained Blue (the reader has more values: compatible);
// - shade-v1: enum Shade lost Mid (the reader has fewer values: incompatible);
// - orphan: not declared at all.

[KhoFormat("memfd", 1)]
public partial record MemfdV1(ulong Pos, ulong Size, KhoArray<Folio> Folios);

[KhoFormat("memfd", 2)]
public partial record MemfdV2(ulong Pos, ulong Size, KhoArray<Folio> Folios, Seals Seals, uint Flags)
{
    [KhoUpgrade] public static MemfdV2 From(MemfdV1 v1) => new(v1.Pos, v1.Size, v1.Folios, Seals.None, 0);
    [KhoDowngrade] public static MemfdV1 To(MemfdV2 v2) => new(v2.Pos, v2.Size, v2.Folios);
}

[KhoFormat("memfd", 3)]
public partial record MemfdV3(ulong Pos, ulong Size, KhoArray<Folio> Folios, Seals Seals, uint Flags, string Name)
{
    [KhoUpgrade] public static MemfdV3 From(MemfdV2 v2) => new(v2.Pos, v2.Size, v2.Folios, v2.Seals, v2.Flags, "");
    [KhoDowngrade] public static MemfdV2 To(MemfdV3 v3) => new(v3.Pos, v3.Size, v3.Folios, v3.Seals, v3.Flags);
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

[KhoFormat("ledger", 1)]
public partial record LedgerV1(int Balance, string Owner);

[KhoFormat("palette", 1)]
public partial record PaletteV1(Color Primary, Color Secondary);

public enum Color
{
    Red = 0,
    Green = 1,
    Blue = 2,
}

[KhoFormat("shade", 1)]
public partial record ShadeV1(Shade Value);

public enum Shade : byte
{
    Light = 0,
    Dark = 2,
}

// Formats that write what the test build refuses to read (tests/KhoGen.LiveUpdate.Tests/HostileStateTests.cs):
// - memo-v1: Text is nullable here and non-nullable in the test build (the same layout);
// - tally-v1: the test build also has a v2 whose upgrade throws on a negative Count.

[KhoFormat("memo", 1)]
public partial record MemoV1(string? Text);

[KhoFormat("tally", 1)]
public partial record TallyV1(int Count);
