using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace KhoGen.Generator.Tests;

/// <summary>
/// Formats that store [KhoData] types of a referenced assembly (issue 19): the layout comes from that
/// assembly's embedded catalog, the generated code calls its serializer, the fingerprint is the one a
/// local declaration gives, and the catalog says where each type came from.
/// </summary>
public class ReferencedDataTests
{
    public const string Model = """
        using KhoGen;
        [assembly: System.Reflection.AssemblyVersion("1.2.0.0")]
        namespace Model;

        [KhoData] public partial record struct Folio(ulong Pfn, FolioFlags Flags);
        [KhoData] public partial record Owner(string Name, Folio[] Pinned);
        [System.Flags] public enum FolioFlags : ushort { None = 0, Dirty = 1, Uptodate = 2 }
        """;

    // The same layout declared locally: the fingerprint must not tell them apart.
    const string Local = """
        using KhoGen;
        namespace Here;

        [KhoData] public partial record struct Folio(ulong Pfn, FolioFlags Flags);
        [KhoData] public partial record Owner(string Name, Folio[] Pinned);
        [System.Flags] public enum FolioFlags : ushort { None = 0, Dirty = 1, Uptodate = 2 }
        [KhoFormat("cache", 1)] public partial record CacheV1(KhoArray<Folio> Folios, Owner? Owner);
        """;

    const string Consumer = """
        using System.Linq;
        using KhoGen;
        namespace Cache;

        [KhoFormat("cache", 1)]
        public partial record CacheV1(KhoArray<Model.Folio> Folios, Model.Owner? Owner);

        [KhoFormat("cache", 2)]
        public partial record CacheV2(KhoArray<Model.Folio> Folios, Model.Owner? Owner, int Hits)
        {
            [KhoUpgrade] public static CacheV2 Up(CacheV1 v) => new(v.Folios, v.Owner, 0);
            [KhoDowngrade] public static CacheV1 Down(CacheV2 v) => new(v.Folios, v.Owner);
        }

        public static class Probe
        {
            // Round trip through the envelope, an upgrade and a downgrade: every value survives.
            public static string Run()
            {
                var folios = new KhoArray<Model.Folio>();
                folios[7] = new Model.Folio(70, Model.FolioFlags.Dirty);
                folios[1UL << 40] = new Model.Folio(99, Model.FolioFlags.Dirty | Model.FolioFlags.Uptodate);
                var v1 = new CacheV1(folios, new Model.Owner("ann", new[] { new Model.Folio(1, Model.FolioFlags.None) }));
                var up = KhoEnvelope.Deserialize<CacheV2>(KhoEnvelope.Serialize(v1));
                var down = KhoEnvelope.Deserialize<CacheV2>(KhoEnvelope.Serialize(up with { Hits = 3 }, version: 1));
                return string.Join(";", down.Folios.Select(p => $"{p.Key}={p.Value.Pfn}/{p.Value.Flags}")) +
                    $";{down.Owner!.Name};{down.Owner.Pinned[0].Pfn};{up.Hits};{down.Hits}";
            }
        }
        """;

    /// <summary>Builds <paramref name="source"/> as assembly <paramref name="name"/> with the generator, as a reference.</summary>
    public static (MetadataReference Reference, byte[] Image) Library(string name, string source, bool generate = true, params MetadataReference[] references)
    {
        var compilation = GeneratorHarness.Compile(source).WithAssemblyName(name).AddReferences(references);
        Compilation output = compilation;
        if (generate)
        {
            var run = GeneratorHarness.Run(compilation);
            GeneratorHarness.AssertClean(run);
            output = run.Output;
        }
        using var stream = new MemoryStream();
        var emitted = output.Emit(stream);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        byte[] image = stream.ToArray();
        return (MetadataReference.CreateFromImage(image), image);
    }

    [Fact]
    public void A_format_stores_data_types_of_a_referenced_assembly_with_the_layout_its_catalog_gives()
    {
        var (model, _) = Library("Model", Model);
        var run = GeneratorHarness.Run(GeneratorHarness.Compile(Consumer).WithAssemblyName("Cache").AddReferences(model));
        GeneratorHarness.AssertClean(run);

        var catalog = run.Catalog;
        // The referenced types keep their names from Model's catalog, and say where they came from.
        Assert.Equal(new[] { "Folio", "Owner" }, catalog.Data.Select(d => d.Name));
        Assert.All(catalog.Data, d => Assert.Equal("Model 1.2.0.0", d.Origin?.ToString()));
        Assert.Equal("FolioFlags", Assert.Single(catalog.Enums).Name);
        Assert.Contains("\"origin\": { \"assembly\": \"Model\", \"version\": \"1.2.0.0\" }", run.CatalogJson, StringComparison.Ordinal);
        // The generated code calls Model's serializers rather than writing Folio's members itself.
        Assert.Contains("global::Model.Folio.KhoWrite(", run.TypeSource("Cache.CacheV1"), StringComparison.Ordinal);

        // The fingerprint covers the referenced layout exactly as a local declaration of it.
        var local = GeneratorHarness.Run(Local);
        GeneratorHarness.AssertClean(local);
        Assert.Equal(local.Catalog.FindVersion("cache-v1")!.Fingerprint, catalog.FindVersion("cache-v1")!.Fingerprint);
        Assert.Equal(local.Catalog.FindData("Owner")!.Fingerprint, catalog.FindData("Owner")!.Fingerprint);
    }

    [Fact]
    public void Values_of_referenced_data_types_round_trip_upgrade_and_downgrade()
    {
        var (model, modelImage) = Library("Model", Model);
        var (_, cacheImage) = Library("Cache", Consumer, true, model);
        var context = new AssemblyLoadContext("referenced-data", isCollectible: true);
        try
        {
            context.LoadFromStream(new MemoryStream(modelImage));
            Assembly cache = context.LoadFromStream(new MemoryStream(cacheImage));
            string result = (string)cache.GetType("Cache.Probe")!.GetMethod("Run")!.Invoke(null, null)!;
            Assert.Equal("7=70/Dirty;1099511627776=99/Dirty, Uptodate;ann;1;0;0", result);
        }
        finally { context.Unload(); }
    }

    [Fact]
    public void An_edit_of_the_consumer_keeps_the_referenced_catalogs_and_the_catalog_cached()
    {
        var (model, _) = Library("Model", Model);
        var compilation = GeneratorHarness.Compile(Consumer, "namespace Cache; public static class Helpers { public static int Twice(int x) => 2 * x; }")
            .WithAssemblyName("Cache").AddReferences(model);
        var run = GeneratorHarness.Run(compilation);
        GeneratorHarness.AssertClean(run);
        foreach (var step in run.Result.TrackedSteps.Where(s => typeof(KhoGenerator.Steps).GetField(s.Key) is not null))
            foreach (var output in step.Value.SelectMany(s => s.Outputs))
                CachingTests.AssertHoldsNoCompilationObject(output.Value, step.Key);

        var old = compilation.SyntaxTrees.Single(t => t.FilePath == "Source1.cs");
        var edited = compilation.ReplaceSyntaxTree(old, GeneratorHarness.Parse(old.ToString().Replace("2 * x", "x + x"), "Source1.cs"));
        var again = GeneratorHarness.Run(edited, run.Driver);
        GeneratorHarness.AssertClean(again);
        foreach (string step in new[] { KhoGenerator.Steps.References, KhoGenerator.Steps.FormatUses, KhoGenerator.Steps.CatalogTypes,
                     KhoGenerator.Steps.CatalogFormats, KhoGenerator.Steps.CatalogFrame, KhoGenerator.Steps.Catalog, KhoGenerator.Steps.TypeSources })
            CachingTests.AssertCached(again, step);
    }

    [Fact]
    public void A_new_layout_of_a_referenced_data_type_changes_the_fingerprint_of_the_formats_that_store_it()
    {
        var (model, _) = Library("Model", Model);
        var (changed, _) = Library("Model", Model.Replace("FolioFlags Flags)", "FolioFlags Flags, uint Order = 0)"));
        var before = GeneratorHarness.Run(GeneratorHarness.Compile(Consumer).WithAssemblyName("Cache").AddReferences(model));
        var after = GeneratorHarness.Run(GeneratorHarness.Compile(Consumer).WithAssemblyName("Cache").AddReferences(changed));
        GeneratorHarness.AssertClean(after);
        Assert.NotEqual(before.Catalog.FindVersion("cache-v1")!.Fingerprint, after.Catalog.FindVersion("cache-v1")!.Fingerprint);
        Assert.Equal(new[] { "Pfn", "Flags", "Order" }, after.Catalog.FindData("Folio")!.Members.Select(m => m.Name));
    }

    [Fact]
    public void An_enum_of_a_referenced_assembly_keeps_the_name_its_catalog_gives_it()
    {
        var (model, _) = Library("Model", Model);
        var run = GeneratorHarness.Run(GeneratorHarness.Compile("""
            using KhoGen;
            namespace Cache;
            [KhoFormat("cache", 1)] public partial record CacheV1(Model.FolioFlags Default, Model.Folio[] Pages);
            """).WithAssemblyName("Cache").AddReferences(model));
        GeneratorHarness.AssertClean(run);
        // Once, under Model's name: not also as Model.FolioFlags.
        Assert.Equal("FolioFlags", Assert.Single(run.Catalog.Enums).Name);
        Assert.Equal(new[] { "FolioFlags", "seq<Folio>" }, run.Catalog.FindVersion("cache-v1")!.Members.Select(m => m.Type));
    }

    [Fact]
    public void A_project_reference_in_the_IDE_gives_the_same_catalog_as_the_built_assembly()
    {
        // In the IDE a project reference is the referenced project's compilation: its types have declarations in source too.
        var library = GeneratorHarness.Run(GeneratorHarness.Compile(Model).WithAssemblyName("Model"));
        GeneratorHarness.AssertClean(library);
        var (built, _) = Library("Model", Model);
        var viaProject = GeneratorHarness.Run(GeneratorHarness.Compile(Consumer).WithAssemblyName("Cache").AddReferences(library.Output.ToMetadataReference()));
        var viaAssembly = GeneratorHarness.Run(GeneratorHarness.Compile(Consumer).WithAssemblyName("Cache").AddReferences(built));
        GeneratorHarness.AssertClean(viaProject);
        Assert.Equal(viaAssembly.CatalogJson, viaProject.CatalogJson);
        Assert.Equal(viaAssembly.Sources.Where(s => s.HintName != "KhoCatalog.g.cs"), viaProject.Sources.Where(s => s.HintName != "KhoCatalog.g.cs"));
    }
}
