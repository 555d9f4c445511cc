using KhoGen;

namespace KhoGen.LiveUpdate.Tests.Formats;

// Formats that tests/LiveUpdateApps/NextBuild writes in a way this build refuses (HostileStateTests).

/// <summary>NextBuild declares Text nullable and writes null; here it is non-nullable (the same layout).</summary>
[KhoFormat("memo", 1)]
public partial record MemoV1(string Text);

/// <summary>NextBuild writes tally-v1 with a negative Count.</summary>
[KhoFormat("tally", 1)]
public partial record TallyV1(int Count);

/// <summary>The upgrade throws <see cref="System.OverflowException"/> on a negative Count.</summary>
[KhoFormat("tally", 2)]
public partial record TallyV2(uint Count)
{
    [KhoUpgrade] public static TallyV2 From(TallyV1 v1) => new(checked((uint)v1.Count));
    [KhoDowngrade] public static TallyV1 To(TallyV2 v2) => new(checked((int)v2.Count));
}
