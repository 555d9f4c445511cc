using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace KhoGen.Analyzers.Tests.Baselines;

/// <summary>
/// A shared data type changed in the library that owns it (issue 19): the consuming project's
/// baseline reports KHO101 on the format that stores it, naming the owning assembly and both its
/// versions; the owner's own baseline reports KHO106 on the data type.
/// </summary>
public class SharedDataTests
{
    const string ModelV1 = """
        using KhoGen;
        namespace Model;
        [KhoData] public partial record struct Folio(ulong Pfn, FolioFlags Flags);
        [System.Flags] public enum FolioFlags : ushort { None = 0, Dirty = 1 }
        """;

    static readonly string ModelV2 = ModelV1.Replace("FolioFlags Flags)", "FolioFlags Flags, uint Order)");

    const string Cache = """
        using KhoGen;
        namespace Cache;
        [KhoFormat("page-cache", 1)]
        public partial record PageCacheV1(long Generation, KhoArray<Model.Folio> Pages);
        """;

    static MetadataReference Reference(Compilation compilation)
    {
        using var stream = new MemoryStream();
        var emitted = compilation.Emit(stream);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return MetadataReference.CreateFromImage(stream.ToArray());
    }

    static Compilation Current(string source, string assembly, string version, params MetadataReference[] references) =>
        CSharpCompilation.Create(assembly,
            new[]
            {
                CSharpSyntaxTree.ParseText(source, Pipeline.ParseOptions, path: "Code.cs"),
                CSharpSyntaxTree.ParseText($"[assembly: System.Reflection.AssemblyVersion(\"{version}\")]", Pipeline.ParseOptions, path: "Version.cs"),
            },
            Verify.References.Concat(references),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary).WithNullableContextOptions(NullableContextOptions.Enable));

    [Fact]
    public async Task The_consumer_reports_KHO101_at_its_format_naming_the_owning_assembly_its_versions_and_the_member()
    {
        var model1 = Reference(Shipped.Build(ModelV1, "Model", "1.0.0.0"));
        var model2 = Reference(Shipped.Build(ModelV2, "Model", "2.0.0.0"));
        string baseline = Shipped.Catalog(Cache, "Cache", "1.0.0.0", model1);
        Assert.Contains("\"origin\": { \"assembly\": \"Model\", \"version\": \"1.0.0.0\" }", baseline);

        var diagnostics = await Shipped.AnalyzeAsync(Current(Cache, "Cache", "1.1.0.0", model2), ("Cache-1.0.0.0.kho.json", baseline));
        var d = Assert.Single(diagnostics);
        Assert.Equal("KHO101", d.Id);
        Assert.Equal("Code.cs", d.Location.SourceTree!.FilePath);
        Assert.Equal(3, d.Location.GetLineSpan().StartLinePosition.Line); // the line of PageCacheV1 (0-based)
        Assert.Equal("The layout of page-cache-v1 changed since it shipped in Cache-1.0.0.0.kho.json (Cache 1.0.0.0): " +
            "member 'Pages': nested data 'Folio': member 'Order' (u32) added at position 3; " +
            "data type 'Folio' is declared in Model: this build has it from Model 2.0.0.0, the baseline from Model 1.0.0.0; " +
            "keep it as shipped in Model and add a new data type there for the new layout; " +
            "keep page-cache-v1 exactly as shipped and make the change in a new version, page-cache-v2, with a [KhoUpgrade] from page-cache-v1", d.GetMessage());

        // Built against the Model it shipped with, the consumer is clean.
        Assert.Empty(await Shipped.AnalyzeAsync(Current(Cache, "Cache", "1.1.0.0", model1), ("Cache-1.0.0.0.kho.json", baseline)));
    }

    [Fact]
    public async Task The_owner_reports_KHO106_on_a_shipped_data_type_whose_layout_changed()
    {
        string baseline = Shipped.Catalog(ModelV1, "Model", "1.0.0.0");
        var diagnostics = await Shipped.AnalyzeAsync(Current(ModelV2, "Model", "1.1.0.0"), ("Model-1.0.0.0.kho.json", baseline));
        var d = Assert.Single(diagnostics);
        Assert.Equal("KHO106", d.Id);
        Assert.Equal("Folio", d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan));
        Assert.Equal("Data type 'Folio' changed since it shipped in Model-1.0.0.0.kho.json (Model 1.0.0.0): nested data 'Folio': member 'Order' (u32) added at position 3; " +
            "formats of other assemblies store it, and their shipped versions would change with it: keep 'Folio' exactly as shipped and add a new data type for the new layout, " +
            "which those formats use in new versions", d.GetMessage());

        // A value added to its enum is a change of its layout too; the same layout is silent.
        var enumGain = await Shipped.AnalyzeAsync(Current(ModelV1.Replace("Dirty = 1 }", "Dirty = 1, Locked = 2 }"), "Model", "1.1.0.0"), ("Model-1.0.0.0.kho.json", baseline));
        Assert.Contains("enum 'FolioFlags' gained value Locked = 2", Assert.Single(enumGain).GetMessage());
        Assert.Empty(await Shipped.AnalyzeAsync(Current(ModelV1, "Model", "1.1.0.0"), ("Model-1.0.0.0.kho.json", baseline)));
    }
}
