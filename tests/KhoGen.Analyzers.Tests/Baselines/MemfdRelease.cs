namespace KhoGen.Analyzers.Tests.Baselines;

/// <summary>
/// The shipped release most baseline tests start from (Cache 1.0.0.0: memfd-v1 with a nested data
/// type, an enum, a map, a sequence and a scalar), and the same source with one thing edited.
/// </summary>
static class MemfdRelease
{
    public const string MemfdLayout = "ulong Pos, ulong Size, KhoArray<Folio> Folios, Dictionary<string, int> Tags, int Count, string[] Names";
    public const string FolioLayout = "ulong Pfn, FolioFlags Flags";
    public const string FlagValues = "None = 0, Dirty = 1, Uptodate = 2";

    /// <summary>The baseline's file name and what every message calls it.</summary>
    public const string FileName = "Cache-1.0.0.0.kho.json";
    public const string Release = FileName + " (Cache 1.0.0.0)";

    /// <summary>The source of version 1; the format type is marked <c>{|#0:…|}</c> where the diagnostics go.</summary>
    public static string Source(string layout = MemfdLayout, string folio = FolioLayout, string flags = FlagValues,
        string underlying = "ushort", string folioName = "Folio", bool marked = true) => $$"""
        using System;
        using System.Collections.Generic;
        using KhoGen;

        namespace Cache;

        [KhoFormat("memfd", 1)]
        public partial record {{(marked ? "{|#0:MemfdV1|}" : "MemfdV1")}}({{layout.Replace("KhoArray<Folio>", $"KhoArray<{folioName}>")}});

        [KhoData]
        public partial record struct {{folioName}}({{folio}});

        [Flags]
        public enum FolioFlags : {{underlying}} { {{flags}} }
        """;

    /// <summary>The baseline: the catalog of the unedited source, built by the generator.</summary>
    public static readonly string ShippedJson = Shipped.Catalog(Source(marked: false), "Cache", "1.0.0.0");
}
