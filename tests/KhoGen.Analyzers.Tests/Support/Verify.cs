using System.Linq;
using System.Threading.Tasks;
using KhoGen.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace KhoGen.Analyzers.Tests;

/// <summary>
/// Runs <see cref="DeclarationAnalyzer"/> (and a code fix) with the Roslyn testing library over .NET 8
/// reference assemblies from Basic.Reference.Assemblies and the built KhoGen runtime: nothing is
/// downloaded (a <see cref="ReferenceAssemblies"/> without a package resolves to nothing).
/// </summary>
static class Verify
{
    static readonly ReferenceAssemblies NoDownload = new("net8.0");

    public static readonly MetadataReference[] References = Basic.Reference.Assemblies.Net80.References.All
        .Cast<MetadataReference>()
        .Append(MetadataReference.CreateFromFile(typeof(KhoFormatAttribute).Assembly.Location))
        .ToArray();

    public static DiagnosticResult Diagnostic(string id) => CSharpAnalyzerVerifier<DeclarationAnalyzer, DefaultVerifier>.Diagnostic(id);

    /// <summary>Checks that <paramref name="source"/> produces exactly <paramref name="expected"/> (and compiles).</summary>
    public static Task AnalyzerAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new AnalyzerTest { TestCode = source };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>
    /// Applies <typeparamref name="TFix"/> to every diagnostic (one by one, and as fix-all), then checks
    /// that the fixed code builds with the generator and has no KHO error.
    /// </summary>
    public static async Task CodeFixAsync<TFix>(string source, DiagnosticResult[] expected, string fixedSource, DiagnosticResult[]? remaining = null)
        where TFix : CodeFixProvider, new()
    {
        var test = new FixTest<TFix> { TestCode = source, FixedCode = fixedSource };
        test.ExpectedDiagnostics.AddRange(expected);
        if (remaining is not null)
        {
            // Exactly these remain; without this, diagnostics the fix does not handle are expected to remain.
            test.FixedState.InheritanceMode = StateInheritanceMode.Explicit;
            test.FixedState.ExpectedDiagnostics.AddRange(remaining);
        }
        await test.RunAsync();
        await Pipeline.AssertBuildsCleanAsync(System.Text.RegularExpressions.Regex.Replace(fixedSource, @"\{\|#\d+:|\|\}", ""));
    }

    public sealed class AnalyzerTest : CSharpAnalyzerTest<DeclarationAnalyzer, DefaultVerifier>
    {
        public AnalyzerTest() => Configure(this, TestState);

        protected override CompilationOptions CreateCompilationOptions() => Options(base.CreateCompilationOptions());
    }

    public sealed class FixTest<TFix> : CSharpCodeFixTest<DeclarationAnalyzer, TFix, DefaultVerifier> where TFix : CodeFixProvider, new()
    {
        public FixTest()
        {
            Configure(this, TestState);
            FixedState.AdditionalReferences.AddRange(References);
        }

        protected override CompilationOptions CreateCompilationOptions() => Options(base.CreateCompilationOptions());
    }

    internal static void Configure(AnalyzerTest<DefaultVerifier> test, SolutionState state)
    {
        test.ReferenceAssemblies = NoDownload;
        state.AdditionalReferences.AddRange(References);
    }

    internal static CompilationOptions Options(CompilationOptions options) =>
        ((CSharpCompilationOptions)options).WithNullableContextOptions(NullableContextOptions.Enable);
}
