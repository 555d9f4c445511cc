using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using KhoGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KhoGen.Analyzers.Tests;

/// <summary>The generator and the analyzers run in-process over a compilation, as the compiler runs them.</summary>
static class Pipeline
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    static readonly CSharpCompilationOptions Options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
        .WithNullableContextOptions(NullableContextOptions.Enable);

    public static CSharpCompilation Compile(params string[] sources) =>
        CSharpCompilation.Create("Sample",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
            Verify.References, Options);

    public static GeneratorDriver NewDriver() =>
        CSharpGeneratorDriver.Create(new[] { new KhoGenerator().AsSourceGenerator() }, parseOptions: ParseOptions);

    /// <summary>Runs the generator; returns the compilation with its output and the generator's own diagnostics.</summary>
    public static (Compilation Output, ImmutableArray<Diagnostic> Diagnostics, Exception? Exception) Generate(Compilation input, ref GeneratorDriver driver)
    {
        driver = driver.RunGeneratorsAndUpdateCompilation(input, out var output, out var diagnostics);
        var exception = driver.GetRunResult().Results.Select(r => r.Exception).FirstOrDefault(e => e is not null);
        return (output, diagnostics, exception);
    }

    public static (Compilation Output, ImmutableArray<Diagnostic> Diagnostics, Exception? Exception) Generate(Compilation input)
    {
        var driver = NewDriver();
        return Generate(input, ref driver);
    }

    /// <summary>The analyzers' diagnostics; an analyzer that throws is recorded in <paramref name="exceptions"/>.</summary>
    public static Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Compilation compilation, ConcurrentBag<Exception> exceptions) =>
        AnalyzeAsync(compilation, exceptions, includeCompilerDiagnostics: false);

    /// <summary>The compiler's and the analyzers' diagnostics, from one pass over the compilation.</summary>
    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Compilation compilation, ConcurrentBag<Exception> exceptions, bool includeCompilerDiagnostics)
    {
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (e, _, _) => exceptions.Add(e), concurrentAnalysis: true, logAnalyzerExecutionTime: false);
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new DeclarationAnalyzer());
        var withAnalyzers = compilation.WithAnalyzers(analyzers, options);
        var diagnostics = includeCompilerDiagnostics
            ? await withAnalyzers.GetAllDiagnosticsAsync().ConfigureAwait(false)
            : await withAnalyzers.GetAnalyzerDiagnosticsAsync().ConfigureAwait(false);
        foreach (var d in diagnostics.Where(d => d.Id == "AD0001")) exceptions.Add(new InvalidOperationException(d.ToString()));
        return diagnostics;
    }

    /// <summary>Errors of the compilation with the generator's output, and the analyzers' KHO errors: both must be none.</summary>
    public static async Task AssertBuildsCleanAsync(params string[] sources)
    {
        var (output, generatorDiagnostics, exception) = Generate(Compile(sources));
        Assert.Null(exception);
        Assert.Empty(generatorDiagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()));
        var exceptions = new ConcurrentBag<Exception>();
        var analyzer = await AnalyzeAsync(Compile(sources), exceptions);
        Assert.Empty(exceptions);
        Assert.Empty(analyzer.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()));
    }
}
