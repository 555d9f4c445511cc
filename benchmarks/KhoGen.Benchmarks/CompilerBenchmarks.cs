using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KhoGen.Benchmarks;

/// <summary>
/// Scenario 6: the generator and the analyzers over synthetic projects of 100, 1,000 and 5,000
/// format types, each run on a fresh compilation (nothing bound yet, as in a build). <c>Bind</c> is
/// the compiler's own diagnostics of the same project with its generated code, for scale: the
/// analyzer driver forces only part of that work, so the two do not subtract.
/// </summary>
[Config(typeof(HeavyConfig))]
public class CompilerBenchmarks
{
    [ParamsSource(nameof(TypeCounts))]
    public int Types { get; set; }

    public static IEnumerable<int> TypeCounts => Program.IsShort ? new[] { 100, 1_000 } : new[] { 100, 1_000, 5_000 };

    ISourceGenerator _generator = null!;
    ImmutableArray<DiagnosticAnalyzer> _analyzers;
    List<SyntaxTree> _trees = null!;
    List<SyntaxTree> _withGenerated = null!;
    CSharpCompilation _fresh = null!;

    [GlobalSetup]
    public void Setup()
    {
        _generator = CompilerWorkload.Generator();
        _analyzers = CompilerWorkload.Analyzers();
        _trees = CompilerWorkload.Trees(Types);
        var driver = CompilerWorkload.Driver(_generator).RunGeneratorsAndUpdateCompilation(CompilerWorkload.Compile(_trees), out var output, out var diagnostics);
        var result = driver.GetRunResult();
        if (result.Results.Single().Exception is { } e) throw new InvalidOperationException("the generator threw", e);
        // Every format type and the two data types, grouped into at most 64 files, and the catalog.
        int expected = Types + 2;
        int emitted = result.GeneratedTrees.Sum(t => CountOf(t.ToString(), "public static string KhoName =>"));
        if (emitted != expected || result.GeneratedTrees.Length > 64 + 1)
            throw new InvalidOperationException($"the generator emitted {emitted} types in {result.GeneratedTrees.Length} files, not {expected} in at most 65: " + string.Join("; ", diagnostics));
        _withGenerated = output.SyntaxTrees.ToList();
        if (Types <= 1_000)
        {
            var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Take(5).ToList();
            if (errors.Count > 0) throw new InvalidOperationException("the synthetic project does not compile: " + string.Join("; ", errors));
        }
        Console.WriteLine(_analyzers.IsEmpty
            ? "// analyzers: KhoGen.Analyzers.dll was not built; Analyze measures no analyzer"
            : $"// analyzers: {string.Join(", ", _analyzers.Select(a => a.GetType().Name))}");
    }

    static int CountOf(string text, string part)
    {
        int count = 0;
        for (int at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }

    [IterationSetup(Target = nameof(Generate))]
    public void FreshProject() => _fresh = CompilerWorkload.Compile(_trees);

    [IterationSetup(Targets = new[] { nameof(Bind), nameof(Analyze) })]
    public void FreshProjectWithGeneratedCode() => _fresh = CompilerWorkload.Compile(_withGenerated);

    /// <summary>The generator driver over the project: the work the generator adds to a build.</summary>
    [Benchmark]
    public int Generate() => CompilerWorkload.Driver(_generator).RunGenerators(_fresh).GetRunResult().GeneratedTrees.Length;

    /// <summary>The compiler's own diagnostics of the project and its generated code (reference for Analyze).</summary>
    [Benchmark]
    public int Bind() => _fresh.GetDiagnostics().Length;

    /// <summary>The analyzers over the project and its generated code, through CompilationWithAnalyzers.</summary>
    [Benchmark]
    public int Analyze() =>
        _analyzers.IsEmpty ? 0 : _fresh.WithAnalyzers(_analyzers).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult().Length;
}

/// <summary>
/// Scenario 6, incremental: the generator driver of an IDE session re-runs after one file changes —
/// a conversion's body (nothing of the model changes), or a type's layout (one type's code and the
/// catalog change). Each invocation toggles the edit, so every run follows a real change.
/// </summary>
public class IncrementalGeneratorBenchmarks
{
    [ParamsSource(nameof(TypeCounts))]
    public int Types { get; set; }

    public static IEnumerable<int> TypeCounts => CompilerBenchmarks.TypeCounts;

    GeneratorDriver _driver = null!;
    CSharpCompilation _compilation = null!;
    SyntaxTree[] _body = null!, _layout = null!;
    int _bodyState, _layoutState;

    [GlobalSetup]
    public void Setup()
    {
        var trees = CompilerWorkload.Trees(Types);
        _compilation = CompilerWorkload.Compile(trees);
        _driver = CompilerWorkload.Driver(CompilerWorkload.Generator()).RunGenerators(_compilation);
        // File F1.cs (a version 2 with conversions) for the body edit, F2.cs (a version 1) for the layout edit.
        _body = new[] { trees[2], CompilerWorkload.Parse(CompilerWorkload.Type(1, variant: 1), "F1.cs") };
        _layout = new[] { trees[3], CompilerWorkload.Parse(CompilerWorkload.Type(2, variant: 2), "F2.cs") };
        int before = _driver.GetRunResult().GeneratedTrees.Length;
        string catalogBefore = Catalog(_driver);
        EditLayout();
        if (Catalog(_driver) == catalogBefore) throw new InvalidOperationException("the layout edit did not reach the catalog");
        EditLayout();
        EditBody();
        EditBody();
        if (_driver.GetRunResult().GeneratedTrees.Length != before || Catalog(_driver) != catalogBefore)
            throw new InvalidOperationException("toggling the edits twice did not restore the output");
    }

    // The catalog's index and its part files (KhoCatalog.g.cs, KhoCatalogNN.g.cs): the text is spread over them.
    static string Catalog(GeneratorDriver driver) => string.Concat(driver.GetRunResult().Results.Single().GeneratedSources
        .Where(s => s.HintName.StartsWith("KhoCatalog", StringComparison.Ordinal)).OrderBy(s => s.HintName, StringComparer.Ordinal)
        .Select(s => s.SourceText.ToString()));

    int Edit(SyntaxTree[] variants, ref int state)
    {
        SyntaxTree from = variants[state], to = variants[1 - state];
        state = 1 - state;
        _compilation = _compilation.ReplaceSyntaxTree(from, to);
        _driver = _driver.RunGenerators(_compilation);
        return _driver.GetRunResult().GeneratedTrees.Length;
    }

    /// <summary>One conversion's body changes: the models are equal, nothing is regenerated.</summary>
    [Benchmark]
    public int EditBody() => Edit(_body, ref _bodyState);

    /// <summary>One type gains or loses a member: its file and the catalog are regenerated.</summary>
    [Benchmark]
    public int EditLayout() => Edit(_layout, ref _layoutState);
}
