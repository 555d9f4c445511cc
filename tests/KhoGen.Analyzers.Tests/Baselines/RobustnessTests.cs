using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace KhoGen.Analyzers.Tests.Baselines;

/// <summary>
/// The baseline rules over code that breaks every declaration rule and code that does not parse,
/// against a baseline of the memfd sample: diagnostics, never an analyzer exception.
/// </summary>
public class RobustnessTests
{
    [Fact]
    public async Task Every_sample_against_a_baseline_is_analyzed_without_exceptions()
    {
        string baseline = Shipped.Catalog(Sources.Valid().Single(s => s.Name == "Memfd.cs").Text, "Samples");
        var all = Sources.All().ToList();
        var compilation = CSharpCompilation.Create("Samples",
            all.Select(s => CSharpSyntaxTree.ParseText(s.Text, Pipeline.ParseOptions, path: s.Name)),
            Verify.References, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary).WithNullableContextOptions(NullableContextOptions.Enable));

        // Shipped.AnalyzeAsync fails on any analyzer exception (AD0001).
        var diagnostics = await Shipped.AnalyzeAsync(compilation, ("Samples-1.0.0.0.kho.json", baseline), ("Broken.kho.json", "{"));
        Assert.Contains(diagnostics, d => d.Id == "KHO100");
        Assert.Contains(diagnostics, d => d.Id == "KHO001");
    }
}
