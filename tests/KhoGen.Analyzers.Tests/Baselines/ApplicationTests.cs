using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;

namespace KhoGen.Analyzers.Tests.Baselines;

/// <summary>
/// An application's catalog, and so its baseline, covers the formats of the libraries it references
/// (docs/catalog-format.md, KhoCatalog.OfBuild): the analyzers read those from the catalogs embedded
/// in the references. A library's covers only its own, as its .kho.json does.
/// </summary>
public class ApplicationTests
{
    const string App = """
        using KhoGen;
        namespace Host;
        [KhoFormat("session", 1)]
        public partial record SessionV1(string User);
        public static class Program { public static void Main() { } }
        """;

    static string Library(string layout) => $$"""
        using KhoGen;
        namespace Lib;
        [KhoFormat("cache", 1)]
        public partial record CacheV1({{layout}});
        """;

    /// <summary>The application's .kho.json as the build writes it: its own catalog merged with its references'.</summary>
    static string AppBaseline(MetadataReference library, string libraryJson) => KhoCatalog.Merge("Host", "1.0.0.0",
        new[] { KhoCatalog.Parse(Shipped.Catalog(App, "Host", "1.0.0.0", library)), KhoCatalog.Parse(libraryJson) }).ToJson();

    static (MetadataReference Reference, string Json) BuildLibrary(string layout) =>
        (Shipped.Build(Library(layout), "Lib").ToMetadataReference(), Shipped.Catalog(Library(layout), "Lib"));

    [Fact]
    public Task The_formats_of_referenced_libraries_are_not_reported_as_deleted()
    {
        var (library, json) = BuildLibrary("int Id, string Name");
        var test = new Shipped.Test { TestCode = App };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.TestState.AdditionalReferences.Add(library);
        test.AddBaseline("Host-1.0.0.0.kho.json", AppBaseline(library, json));
        return test.RunAsync();
    }

    [Fact]
    public Task A_library_is_its_own_catalog_so_a_referenced_format_in_its_baseline_is_one_it_no_longer_declares()
    {
        var (library, json) = BuildLibrary("int Id, string Name");
        var test = new Shipped.Test { TestCode = App };
        test.TestState.OutputKind = OutputKind.DynamicallyLinkedLibrary;
        test.TestState.AdditionalReferences.Add(library);
        string baseline = AppBaseline(library, json);
        test.AddBaseline("Host-1.0.0.0.kho.json", baseline);
        int line = baseline[..baseline.IndexOf("\"id\": \"cache-v1\"", System.StringComparison.Ordinal)].Count(c => c == '\n') + 1;
        test.ExpectedDiagnostics.Add(Shipped.Diagnostic("KHO102").WithLocation(Shipped.Folder + "Host-1.0.0.0.kho.json", line, 11)
            .WithArguments("cache-v1", "Host-1.0.0.0.kho.json (Host 1.0.0.0)", "no type declares it any more", "cache", "1"));
        return test.RunAsync();
    }

    [Fact]
    public Task A_referenced_library_that_changed_a_shipped_layout_is_reported_in_the_baseline_file()
    {
        var (shippedLibrary, shippedJson) = BuildLibrary("int Id, string Name");
        string baseline = AppBaseline(shippedLibrary, shippedJson);
        var (library, _) = BuildLibrary("long Id, string Name");
        var test = new Shipped.Test { TestCode = App };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.TestState.AdditionalReferences.Add(library);
        test.AddBaseline("Host-1.0.0.0.kho.json", baseline);
        int line = baseline[..baseline.IndexOf("\"id\": \"cache-v1\"", System.StringComparison.Ordinal)].Count(c => c == '\n') + 1;
        test.ExpectedDiagnostics.Add(Shipped.Diagnostic("KHO101").WithLocation(Shipped.Folder + "Host-1.0.0.0.kho.json", line, 11)
            .WithArguments("cache-v1", "Host-1.0.0.0.kho.json (Host 1.0.0.0)", "member 'Id' retyped from i32 to i64", "cache-v2"));
        return test.RunAsync();
    }
}
