using System.Linq;
using System.Text.Json;

namespace KhoGen.Generator.Tests;

/// <summary>The generated catalog: SPEC's fields, read back by the runtime, and read/write/retired capabilities.</summary>
public class CatalogTests
{
    [Fact]
    public void TheRuntimeParsesTheGeneratedCatalog()
    {
        foreach (string source in new[] { Samples.Memfd, Samples.AllMemberTypes, Samples.InitProperties, Samples.Struct, Samples.NestedTypes, Samples.ThreeVersions })
        {
            var run = GeneratorHarness.Run(source);
            GeneratorHarness.AssertClean(run);
            var catalog = run.Catalog; // Parse recomputes every fingerprint and checks every reference
            Assert.Equal(GeneratorHarness.AssemblyName, catalog.AssemblyName);
            Assert.NotEmpty(catalog.Formats);
            Assert.Equal(run.CatalogJson, catalog.ToJson()); // the JSON round-trips to the same bytes
        }
    }

    [Fact]
    public void The_catalog_joined_from_part_files_is_one_json_text()
    {
        // Five formats over several part files (KhoCatalogNN.g.cs), one of retired versions only: the
        // constant the compiler folds is the whole catalog, formats in name order, commas between them.
        var run = GeneratorHarness.Run("""
            using KhoGen;
            [assembly: KhoRetired("gone", 1)]
            namespace Parts;
            [KhoData] public partial record struct Pair(int A, long B);
            [KhoFormat("zeta", 1)] public partial record Zeta(int X);
            [KhoFormat("alpha", 1)] public partial record Alpha(Pair P);
            [KhoFormat("mid", 1)] public partial record Mid(string S);
            [KhoFormat("beta", 1)] public partial record Beta(ulong U);
            """);
        GeneratorHarness.AssertClean(run);
        Assert.True(run.Sources.Count(s => s.HintName.StartsWith("KhoCatalog", System.StringComparison.Ordinal) && s.HintName != "KhoCatalog.g.cs") > 1,
            "the formats fall in more than one part file");
        string json = run.CatalogJson!;
        Assert.Equal(json, run.Catalog.ToJson());
        Assert.Equal(new[] { "alpha", "beta", "gone", "mid", "zeta" }, run.Catalog.Formats.Select(f => f.Name));
        Assert.Contains("\n    },\n    {\n      \"name\": \"beta\",", json);
        Assert.Contains("\n    }\n  ],\n  \"data\": [\n", json);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(5, doc.RootElement.GetProperty("formats").GetArrayLength());
    }

    [Fact]
    public void A_catalog_without_formats_closes_an_empty_array()
    {
        var run = GeneratorHarness.Run("using KhoGen; namespace Parts; [KhoData] public partial record struct Pair(int A, long B);");
        GeneratorHarness.AssertClean(run);
        string json = run.CatalogJson!;
        Assert.Contains("\"formats\": [],\n  \"data\": [\n", json);
        Assert.Equal(json, run.Catalog.ToJson());
    }

    [Fact]
    public void TheCatalogHasTheFieldsOfSpec()
    {
        string json = GeneratorHarness.Run(Samples.Memfd).CatalogJson!;
        Assert.EndsWith("}\n", json);
        Assert.DoesNotContain("\r", json);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal("khogen-catalog/1", root.GetProperty("schema").GetString());
        Assert.Equal(GeneratorHarness.AssemblyName, root.GetProperty("assembly").GetProperty("name").GetString());
        Assert.Equal("0.0.0.0", root.GetProperty("assembly").GetProperty("version").GetString());

        var memfd = Assert.Single(root.GetProperty("formats").EnumerateArray());
        Assert.Equal("memfd", memfd.GetProperty("name").GetString());
        Assert.Equal(2, memfd.GetProperty("latest").GetInt32());
        var versions = memfd.GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal(new[] { 1, 2 }, versions.Select(v => v.GetProperty("version").GetInt32()));
        var v1 = versions[0];
        Assert.Equal("memfd-v1", v1.GetProperty("id").GetString());
        Assert.True(v1.GetProperty("read").GetBoolean());
        Assert.True(v1.GetProperty("write").GetBoolean());
        Assert.False(v1.GetProperty("retired").GetBoolean());
        Assert.Matches("^sha256:[0-9a-f]{64}$", v1.GetProperty("fingerprint").GetString());
        Assert.Equal(new[] { ("Pos", "u64"), ("Size", "u64"), ("Folios", "sparse<Folio>") },
            v1.GetProperty("members").EnumerateArray().Select(m => (m.GetProperty("name").GetString()!, m.GetProperty("type").GetString()!)));
        Assert.Equal(new[] { ("Pos", "u64"), ("Size", "u64"), ("Folios", "sparse<Folio>"), ("Seals", "Seals"), ("Flags", "u32") },
            versions[1].GetProperty("members").EnumerateArray().Select(m => (m.GetProperty("name").GetString()!, m.GetProperty("type").GetString()!)));

        var folio = Assert.Single(root.GetProperty("data").EnumerateArray());
        Assert.Equal("Folio", folio.GetProperty("name").GetString());
        Assert.Matches("^sha256:[0-9a-f]{64}$", folio.GetProperty("fingerprint").GetString());
        Assert.Equal(new[] { ("Pfn", "u64"), ("Flags", "FolioFlags") },
            folio.GetProperty("members").EnumerateArray().Select(m => (m.GetProperty("name").GetString()!, m.GetProperty("type").GetString()!)));

        var enums = root.GetProperty("enums").EnumerateArray().ToList();
        Assert.Equal(new[] { "FolioFlags", "Seals" }, enums.Select(e => e.GetProperty("name").GetString()));
        var flags = enums[0];
        Assert.Equal("u16", flags.GetProperty("underlying").GetString());
        Assert.True(flags.GetProperty("flags").GetBoolean());
        Assert.Equal(new[] { ("None", 0), ("Dirty", 1), ("Uptodate", 2) },
            flags.GetProperty("values").EnumerateObject().Select(p => (p.Name, p.Value.GetInt32())));
    }

    [Fact]
    public void AnEnumNameSharedByTwoNamespacesIsWrittenInFull()
    {
        var run = GeneratorHarness.Run("""
            using KhoGen;
            namespace A { public enum Kind { X } }
            namespace B { public enum Kind { Y = 1 } }
            namespace C
            {
                [KhoFormat("kinds", 1)]
                public partial record Kinds(A.Kind First, B.Kind Second);
            }
            """);
        GeneratorHarness.AssertClean(run);
        var version = run.Catalog.FindVersion("kinds-v1")!;
        Assert.Equal(new[] { "A.Kind", "B.Kind" }, version.Members.Select(m => m.Type));
        Assert.Equal(new[] { "A.Kind", "B.Kind" }, run.Catalog.Enums.Select(e => e.Name));
    }

    const string TwoVersions = """
        using KhoGen;

        namespace Cache;

        [KhoFormat("memfd", 1)]
        public partial record MemfdV1(ulong Pos);

        [KhoFormat("memfd", 2)]
        public partial record MemfdV2(ulong Pos, uint Flags)
        {
            UPGRADE
            DOWNGRADE
        }
        """;

    const string Upgrade = "[KhoUpgrade] public static MemfdV2 From(MemfdV1 v) => new(v.Pos, 0);";
    const string Downgrade = "[KhoDowngrade] public static MemfdV1 To(MemfdV2 v) => new(v.Pos);";

    static KhoCatalog CatalogOf(string source)
    {
        var run = GeneratorHarness.Run(source);
        GeneratorHarness.AssertClean(run);
        return run.Catalog;
    }

    static (bool Read, bool Write, bool Retired) Flags(KhoCatalog catalog, string id)
    {
        var v = catalog.FindVersion(id);
        Assert.True(v is not null, $"{id} is not in the catalog");
        return (v!.Read, v.Write, v.Retired);
    }

    [Fact]
    public void UpgradeAndDowngradeMakeTheOlderVersionReadableAndWritable()
    {
        var catalog = CatalogOf(TwoVersions.Replace("UPGRADE", Upgrade).Replace("DOWNGRADE", Downgrade));
        Assert.Equal((true, true, false), Flags(catalog, "memfd-v1"));
        Assert.Equal((true, true, false), Flags(catalog, "memfd-v2"));
        Assert.Equal(2, catalog.FindFormat("memfd")!.Latest);
    }

    [Fact]
    public void AnUpgradeWithoutADowngradeReadsButDoesNotWriteTheOlderVersion()
    {
        var catalog = CatalogOf(TwoVersions.Replace("UPGRADE", Upgrade).Replace("DOWNGRADE", ""));
        Assert.Equal((true, false, false), Flags(catalog, "memfd-v1"));
        Assert.Equal((true, true, false), Flags(catalog, "memfd-v2"));
    }

    [Fact]
    public void ADowngradeWithoutAnUpgradeWritesButDoesNotReadTheOlderVersion()
    {
        var catalog = CatalogOf(TwoVersions.Replace("UPGRADE", "").Replace("DOWNGRADE", Downgrade));
        Assert.Equal((false, true, false), Flags(catalog, "memfd-v1"));
        Assert.Equal((true, true, false), Flags(catalog, "memfd-v2"));
    }

    [Fact]
    public void AThreeVersionChainReadsAndWritesEveryVersion()
    {
        var catalog = CatalogOf(Samples.ThreeVersions);
        Assert.Equal(3, catalog.FindFormat("counter")!.Latest);
        foreach (string id in new[] { "counter-v1", "counter-v2", "counter-v3" })
            Assert.Equal((true, true, false), Flags(catalog, id));
    }

    [Fact]
    public void ABrokenLinkStopsTheChain()
    {
        // Without the v2 -> v3 upgrade, v1 and v2 cannot be read by this build (whose latest is v3).
        var catalog = CatalogOf(Samples.ThreeVersions.Replace("[KhoUpgrade] public static CounterV3", "public static CounterV3"));
        Assert.Equal((false, true, false), Flags(catalog, "counter-v1"));
        Assert.Equal((false, true, false), Flags(catalog, "counter-v2"));
        Assert.Equal((true, true, false), Flags(catalog, "counter-v3"));
    }

    [Fact]
    public void ARetiredVersionIsNeitherReadNorWritten()
    {
        var catalog = CatalogOf(TwoVersions.Replace("using KhoGen;", "using KhoGen;\n[assembly: KhoRetired(\"memfd\", 1)]")
            .Replace("UPGRADE", Upgrade).Replace("DOWNGRADE", Downgrade));
        Assert.Equal((false, false, true), Flags(catalog, "memfd-v1"));
        Assert.Equal((true, true, false), Flags(catalog, "memfd-v2"));
        Assert.NotNull(catalog.FindVersion("memfd-v1")!.Fingerprint); // its type is still there
        Assert.Equal(2, catalog.FindFormat("memfd")!.Latest);
    }

    [Fact]
    public void ARetiredVersionWithNoTypeIsStillListed()
    {
        var run = GeneratorHarness.Run("""
            [assembly: KhoGen.KhoRetired("memfd", 1)]

            namespace Cache;

            [KhoGen.KhoFormat("memfd", 2)]
            public partial record MemfdV2(ulong Pos, uint Flags);
            """);
        GeneratorHarness.AssertClean(run);
        var catalog = run.Catalog;
        var v1 = catalog.FindVersion("memfd-v1");
        Assert.NotNull(v1);
        Assert.Equal((false, false, true), (v1!.Read, v1.Write, v1.Retired));
        Assert.Null(v1.Fingerprint);
        Assert.Empty(v1.Members);
        Assert.Equal((true, true, false), Flags(catalog, "memfd-v2"));

        using var doc = JsonDocument.Parse(run.CatalogJson!);
        var json = doc.RootElement.GetProperty("formats")[0].GetProperty("versions")[0];
        Assert.Equal(1, json.GetProperty("version").GetInt32());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("fingerprint").ValueKind);
        Assert.True(json.GetProperty("retired").GetBoolean());
    }

    [Fact]
    public void AnAssemblyWithOnlyARetiredVersionStillHasACatalog()
    {
        var run = GeneratorHarness.Run("""[assembly: KhoGen.KhoRetired("gone", 3)]""");
        GeneratorHarness.AssertClean(run);
        var gone = run.Catalog.FindFormat("gone");
        Assert.NotNull(gone);
        var v3 = Assert.Single(gone!.Versions);
        Assert.Equal((3, false, false, true, (string?)null), (v3.Version, v3.Read, v3.Write, v3.Retired, v3.Fingerprint));
    }

    [Fact]
    public void NoFormatsMeansNoCatalog()
    {
        var run = GeneratorHarness.Run("public class Plain { public int X; }");
        GeneratorHarness.AssertClean(run);
        Assert.Empty(run.Result.GeneratedSources);
        Assert.Null(run.CatalogJson);
    }
}
