using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using KhoGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KhoGen.Generator.Tests;

/// <summary>One run of the generator over a compilation: what went in and what came out.</summary>
public sealed class GeneratorRun
{
    public GeneratorRun(CSharpCompilation input, Compilation output, GeneratorDriver driver, ImmutableArray<Diagnostic> outputDiagnostics)
    {
        Input = input;
        Output = output;
        Driver = driver;
        DriverDiagnostics = outputDiagnostics;
        Result = driver.GetRunResult().Results.Single();
    }

    /// <summary>The user's compilation.</summary>
    public CSharpCompilation Input { get; }

    /// <summary>The user's compilation plus the generated trees.</summary>
    public Compilation Output { get; }

    /// <summary>The driver after the run: run it again to test caching.</summary>
    public GeneratorDriver Driver { get; }

    /// <summary>Diagnostics the driver reported while running (CS8784/CS8785 when the generator throws).</summary>
    public ImmutableArray<Diagnostic> DriverDiagnostics { get; }

    /// <summary>The generator's own result: sources, diagnostics, exception, tracked steps.</summary>
    public GeneratorRunResult Result { get; }

    /// <summary>Generated sources by hint name, ordered by hint name.</summary>
    public IReadOnlyList<(string HintName, string Text)> Sources =>
        Result.GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString()))
            .OrderBy(s => s.HintName, StringComparer.Ordinal).ToList();

    /// <summary>The text of the generated file <paramref name="hintName"/>, or null.</summary>
    public string? Source(string hintName) =>
        Result.GeneratedSources.Where(s => s.HintName == hintName).Select(s => s.SourceText.ToString()).FirstOrDefault();

    /// <summary>
    /// The source the generator wrote for the type <paramref name="fullName"/> (without <c>global::</c>; the value of its
    /// <c>TypeSources</c> step), or null; it must appear verbatim in exactly one generated file.
    /// </summary>
    public string? TypeSource(string fullName)
    {
        var texts = Result.TrackedSteps.TryGetValue(KhoGenerator.Steps.TypeSources, out var steps)
            ? steps.SelectMany(s => s.Outputs).Select(o => o.Value)
                .Where(v => ((string?)v.GetType().GetProperty("FullName")?.GetValue(v))?.Replace("global::", "") == fullName)
                .Select(v => (string)v.GetType().GetProperty("Text")!.GetValue(v)!).Distinct().ToList()
            : new List<string>();
        if (texts.Count == 0) return null;
        string text = Assert.Single(texts);
        Assert.Single(Sources, s => s.Text.Contains(text, StringComparison.Ordinal));
        return text;
    }

    /// <summary>The hint name of the generated file that holds the source of the type <paramref name="fullName"/>.</summary>
    public string FileOf(string fullName)
    {
        string text = TypeSource(fullName) ?? throw new Xunit.Sdk.XunitException($"no source was generated for {fullName}");
        return Sources.Single(s => s.Text.Contains(text, StringComparison.Ordinal)).HintName;
    }

    /// <summary>Whether <paramref name="tree"/> was produced by the generator.</summary>
    public bool IsGenerated(SyntaxTree? tree) => tree is not null && Result.GeneratedSources.Any(s => s.SyntaxTree == tree);

    /// <summary>
    /// The catalog JSON: the value of the <c>Json</c> constant of the generated <c>KhoCatalog.g.cs</c>,
    /// evaluated by the compiler. Null when no catalog was generated.
    /// </summary>
    public string? CatalogJson
    {
        get
        {
            var generated = Result.GeneratedSources.FirstOrDefault(s => s.HintName == "KhoCatalog.g.cs");
            if (generated.SyntaxTree is null) return null;
            var tree = Output.SyntaxTrees.Single(t => t == generated.SyntaxTree);
            var json = tree.GetRoot().DescendantNodes().OfType<VariableDeclaratorSyntax>().Single(v => v.Identifier.ValueText == "Json");
            var value = Output.GetSemanticModel(tree).GetConstantValue(json.Initializer!.Value);
            Assert.True(value.HasValue, "KhoCatalog.Json is not a constant");
            return Assert.IsType<string>(value.Value);
        }
    }

    /// <summary>The catalog, read back with the runtime's parser (which checks it whole).</summary>
    public KhoCatalog Catalog => KhoCatalog.Parse(CatalogJson ?? throw new Xunit.Sdk.XunitException("the generator produced no catalog"));
}

/// <summary>
/// Runs <see cref="KhoGenerator"/> in-process with <see cref="CSharpGeneratorDriver"/> over the .NET 8
/// reference assemblies and the KhoGen runtime: no SDK, no downloads.
/// </summary>
public static class GeneratorHarness
{
    public const string AssemblyName = "KhoGen.Tests.Sample";

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    static readonly ImmutableArray<MetadataReference> References =
        Basic.Reference.Assemblies.Net80.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(KhoSerializer).Assembly.Location))
            .ToImmutableArray();

    // Compilations are derived from one empty compilation so that they share its bound references.
    // The highest warning level (every warning wave) with warnings as errors: generated code must
    // not break a user's build that treats warnings as errors, whatever their warning level.
    static readonly CSharpCompilation Empty = CSharpCompilation.Create(AssemblyName,
        references: References,
        options: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Enable, deterministic: true, allowUnsafe: true,
            warningLevel: 9999, generalDiagnosticOption: ReportDiagnostic.Error));

    /// <summary>A syntax tree named like a file, so diagnostics say where they are.</summary>
    public static SyntaxTree Parse(string source, string path = "Source.cs") =>
        CSharpSyntaxTree.ParseText(source, ParseOptions, path);

    /// <summary>A compilation of <paramref name="sources"/> (files Source0.cs, Source1.cs, ...).</summary>
    public static CSharpCompilation Compile(params string[] sources) =>
        Empty.AddSyntaxTrees(sources.Select((s, i) => Parse(s, $"Source{i}.cs")));

    /// <summary>A fresh driver with step tracking on.</summary>
    public static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            new[] { new KhoGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator over <paramref name="compilation"/>, with <paramref name="driver"/> when given (to test caching).</summary>
    public static GeneratorRun Run(CSharpCompilation compilation, GeneratorDriver? driver = null)
    {
        driver = (driver ?? CreateDriver()).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return new GeneratorRun(compilation, output, driver, diagnostics);
    }

    /// <summary>Compiles <paramref name="sources"/> and runs the generator over them.</summary>
    public static GeneratorRun Run(params string[] sources) => Run(Compile(sources));

    /// <summary>The generator did not throw (no CS8784/CS8785, no exception in the run result).</summary>
    public static void AssertNoGeneratorException(GeneratorRun run)
    {
        Assert.True(run.Result.Exception is null, $"the generator threw: {run.Result.Exception}");
        // The driver reports an exception as CS8784 (initialization) or CS8785 (generation).
        var thrown = run.DriverDiagnostics.Concat(run.Result.Diagnostics)
            .Where(d => d.Id is "CS8784" or "CS8785").ToList();
        Assert.True(thrown.Count == 0, "the generator threw:\n" + Describe(thrown));
    }

    /// <summary>The generator did not throw, and the user's code plus the generated code compiles without errors.</summary>
    public static void AssertClean(GeneratorRun run)
    {
        AssertNoGeneratorException(run);
        var errors = run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "the output compilation has errors:\n" + Describe(errors) + GeneratedText(run, errors));
    }

    /// <summary>
    /// The generated trees introduce no compile error: every error of the output compilation is
    /// already an error of the input (same id, file and position), so none is in a generated file
    /// and none is one that the generated declarations caused in the user's files.
    /// </summary>
    public static void AssertGeneratedCodeAddsNoErrors(GeneratorRun run)
    {
        AssertNoGeneratorException(run);
        if (run.Result.GeneratedSources.IsEmpty) return; // the output is the input
        var errors = run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count == 0) return;
        var before = new HashSet<string>(run.Input.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(Key));
        var added = errors.Where(d => !before.Contains(Key(d))).ToList();
        Assert.True(added.Count == 0, "the generated code adds errors:\n" + Describe(added) + GeneratedText(run, added) +
            "\n--- input ---\n" + string.Join("\n---\n", run.Input.SyntaxTrees.Select(t => t.ToString())));
    }

    static string Key(Diagnostic d) => d.Id + "@" + d.Location.SourceTree?.FilePath + ":" + d.Location.SourceSpan;

    public static string Describe(IEnumerable<Diagnostic> diagnostics) =>
        string.Join("\n", diagnostics.Select(d => "  " + d));

    static string GeneratedText(GeneratorRun run, IEnumerable<Diagnostic> diagnostics)
    {
        var files = diagnostics.Select(d => d.Location.SourceTree).Where(run.IsGenerated).Distinct().ToList();
        return string.Concat(files.Select(t => $"\n--- {t!.FilePath} ---\n{Numbered(t.ToString())}"));
    }

    static string Numbered(string text) =>
        string.Join("\n", text.Split('\n').Select((l, i) => $"{i + 1,4}: {l}"));
}
