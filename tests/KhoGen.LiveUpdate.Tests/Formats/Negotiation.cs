using KhoGen;

namespace KhoGen.LiveUpdate.Tests.Formats;

// Formats that tests/LiveUpdateApps/NextBuild declares differently (see its Formats.cs).

/// <summary>NextBuild retyped Balance to i32 without a new version.</summary>
[KhoFormat("ledger", 1)]
public partial record LedgerV1(long Balance, string Owner);

/// <summary>NextBuild's Color has one more value (Blue): it reads everything this build writes.</summary>
[KhoFormat("palette", 1)]
public partial record PaletteV1(Color Primary, Color Secondary);

public enum Color
{
    Red = 0,
    Green = 1,
}

/// <summary>NextBuild's Shade lost Mid: it would reject what this build may write.</summary>
[KhoFormat("shade", 1)]
public partial record ShadeV1(Shade Value);

public enum Shade : byte
{
    Light = 0,
    Mid = 1,
    Dark = 2,
}

/// <summary>NextBuild does not know this format at all.</summary>
[KhoFormat("orphan", 1)]
public partial record OrphanV1(int X);
