using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;

namespace KhoGen.Analyzers.Tests.Rules;

/// <summary>
/// Bad references (issue 19): a type of a referenced assembly that is not [KhoData], a [KhoData] type
/// of an assembly that carries no catalog (KHO005, each saying which and what to do), and two
/// references that give one name to different data types (KHO014). The generator never throws and
/// the code it generates compiles; only the analyzers' errors stand.
/// </summary>
public class ReferenceTests
{
    /// <summary>Builds <paramref name="source"/> as assembly <paramref name="name"/>, with the generator when <paramref name="generate"/>.</summary>
    static MetadataReference Library(string name, string source, bool generate = true, params MetadataReference[] references)
    {
        Compilation compilation = Pipeline.Compile(source).WithAssemblyName(name).AddReferences(references);
        if (generate)
        {
            var (output, _, exception) = Pipeline.Generate(compilation);
            Assert.Null(exception);
            compilation = output;
        }
        using var stream = new MemoryStream();
        var emitted = compilation.Emit(stream);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return MetadataReference.CreateFromImage(stream.ToArray());
    }

    /// <summary>The analyzers' diagnostics over <paramref name="source"/> with <paramref name="references"/>, after checking the generated code compiles.</summary>
    static async Task<Diagnostic[]> AnalyzeAsync(string source, params MetadataReference[] references)
    {
        var input = Pipeline.Compile(source).WithAssemblyName("Consumer").AddReferences(references);
        var (output, generatorDiagnostics, exception) = Pipeline.Generate(input);
        Assert.Null(exception);
        Assert.Empty(generatorDiagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()));
        var exceptions = new ConcurrentBag<System.Exception>();
        var diagnostics = await Pipeline.AnalyzeAsync(input, exceptions);
        Assert.Empty(exceptions);
        return diagnostics.Where(d => d.Id.StartsWith("KHO", System.StringComparison.Ordinal)).ToArray();
    }

    [Fact]
    public async Task A_type_of_a_reference_that_is_not_KhoData_is_KHO005_saying_so_and_what_to_do()
    {
        var model = Library("Model", """
            [assembly: System.Reflection.AssemblyVersion("2.1.0.0")]
            namespace Model;
            [KhoGen.KhoData] public partial record struct Folio(ulong Pfn);
            public record struct Plain(int X);
            """);
        var d = Assert.Single(await AnalyzeAsync("""
            using KhoGen;
            [KhoFormat("cache", 1)] public partial record CacheV1(Model.Folio Good, Model.Plain Bad);
            """, model));
        Assert.Equal("KHO005", d.Id);
        Assert.Equal("Member 'Bad' of type 'Plain' cannot be serialized: it is declared in Model 2.1.0.0 and is not a [KhoData] type there, so no catalog gives its layout; " +
            "mark it [KhoData] (and partial) in Model, use a [KhoData] type of this project that holds its values, or mark the member [KhoIgnore]", d.GetMessage());
        Assert.Equal("Source0.cs", d.Location.SourceTree!.FilePath);
    }

    [Fact]
    public async Task A_KhoData_type_of_an_assembly_without_a_catalog_is_KHO005_saying_so_and_what_to_do()
    {
        // Built without the generator: the attribute is there, the catalog is not.
        var model = Library("Model", """
            namespace Model;
            [KhoGen.KhoData] public partial record struct Folio(ulong Pfn);
            """, generate: false);
        var d = Assert.Single(await AnalyzeAsync("""
            using KhoGen;
            [KhoFormat("cache", 1)] public partial record CacheV1(KhoArray<Model.Folio> Pages);
            """, model));
        Assert.Equal("KHO005", d.Id);
        Assert.Equal("Member 'Pages' of type 'KhoArray<Folio>' cannot be serialized: its element type Folio cannot be serialized: it is a [KhoData] type of Model 0.0.0.0, " +
            "which carries no KhoGen catalog, so its layout is unknown here; build Model with the KhoGen package (whose generator embeds the catalog), or declare the data type in this project; " +
            "or mark the member [KhoIgnore] if it is not part of the state", d.GetMessage());
    }

    [Fact]
    public async Task Two_references_that_give_one_name_to_different_data_types_are_KHO014_on_each_member_that_stores_it()
    {
        var a = Library("Geometry", "namespace Geometry; [KhoGen.KhoData] public partial record struct Point(int X, int Y);");
        var b = Library("Maps", "namespace Maps; [KhoGen.KhoData] public partial record struct Point(double Lat, double Lon);");
        var found = await AnalyzeAsync("""
            using KhoGen;
            [KhoFormat("shapes", 1)] public partial record ShapesV1(Geometry.Point[] Corners);
            [KhoFormat("places", 1)] public partial record PlacesV1(Maps.Point Home, int Count);
            """, a, b);
        Assert.Equal(new[] { "KHO014 Corners", "KHO014 Home" }, found.Select(d => d.Id + " " + d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan)).OrderBy(s => s));
        Assert.Equal("Member 'Home' stores 'Point', a name that Geometry 0.0.0.0 and Maps 0.0.0.0 both give to a data type or enum (two assemblies declare a data type of that name), " +
            "and a catalog can hold only one layout under a name: give one of the types another name in its own assembly, or store only one of them",
            found.Single(d => d.GetMessage().Contains("'Home'")).GetMessage());
    }

    [Fact]
    public async Task A_reference_built_against_another_version_of_the_shared_assembly_is_KHO014_naming_both_versions()
    {
        var model1 = Library("Model", "[assembly: System.Reflection.AssemblyVersion(\"1.0.0.0\")] namespace Model; [KhoGen.KhoData] public partial record struct Folio(ulong Pfn);");
        var model2 = Library("Model", "[assembly: System.Reflection.AssemblyVersion(\"2.0.0.0\")] namespace Model; [KhoGen.KhoData] public partial record struct Folio(ulong Pfn, uint Order);");
        // Sessions was built against Model 1.0, and this project against Model 2.0.
        var sessions = Library("Sessions", "namespace Sessions; [KhoGen.KhoData] public partial record Session(Model.Folio[] Pinned);", true, model1);
        var found = await AnalyzeAsync("""
            using KhoGen;
            [KhoFormat("app", 1)] public partial record AppV1(Model.Folio Hot, Sessions.Session Current);
            """, model2, sessions);
        // Both members reach the disputed name: one directly, one through Sessions' Session.
        Assert.Equal(new[] { "KHO014 Current", "KHO014 Hot" }, found.Select(d => d.Id + " " + d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan)).OrderBy(s => s));
        var d = found[0];
        Assert.Contains("'Folio', a name that Model 2.0.0.0 and Model 1.0.0.0 both give to a data type or enum (the references were built against different versions of Model)", d.GetMessage());
        Assert.EndsWith("rebuild every reference against the same version of that assembly", d.GetMessage());
    }

    [Fact]
    public async Task A_data_type_of_this_project_that_takes_a_referenced_types_name_is_KHO014()
    {
        var model = Library("Model", "namespace Model; [KhoGen.KhoData] public partial record struct Folio(ulong Pfn);");
        // Model's catalog calls its type "Folio"; so would this project's catalog call its own, of the global namespace.
        var found = await AnalyzeAsync("""
            using KhoGen;
            [KhoData] public partial record struct Folio(int Local);
            [KhoFormat("cache", 1)] public partial record CacheV1(Model.Folio Theirs, int Count);
            """, model);
        var d = Assert.Single(found);
        Assert.Equal("KHO014", d.Id);
        Assert.Equal("Theirs", d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan));
        Assert.Contains("a name that Model 0.0.0.0 and Consumer (this project) both give to a data type or enum (this project declares a data type of that name too)", d.GetMessage());
    }
}
