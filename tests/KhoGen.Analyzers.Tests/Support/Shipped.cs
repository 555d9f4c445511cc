using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace KhoGen.Analyzers.Tests;

/// <summary>
/// Baselines made as a release makes them: the "shipped" source is compiled and run through the
/// generator, and the catalog it embeds (what <c>dotnet build</c> writes to <c>.kho.json</c>) is the
/// baseline. Tests then run <see cref="BaselineAnalyzer"/> over the current source with the
/// baselines as additional files that carry the <c>KhoBaseline</c> metadata, as KhoGen.targets passes them.
/// </summary>
static class Shipped
{
    /// <summary>Where baselines live in test projects.</summary>
    public const string Folder = "/0/baselines/";

    /// <summary>The catalog JSON of <paramref name="source"/> built as <paramref name="assembly"/> <paramref name="version"/>.</summary>
    public static string Catalog(string source, string assembly = "App", string version = "1.0.0.0", params MetadataReference[] references)
    {
        Compilation output = Build(source, assembly, version, references);
        var catalogClass = output.GetTypeByMetadataName("KhoGen.Generated.KhoCatalog_" + assembly);
        Assert.NotNull(catalogClass);
        return (string)catalogClass!.GetMembers("Json").OfType<IFieldSymbol>().Single().ConstantValue!;
    }

    /// <summary><paramref name="source"/> compiled with the generator's output; it must have no errors.</summary>
    public static Compilation Build(string source, string assembly = "App", string version = "1.0.0.0", params MetadataReference[] references)
    {
        var compilation = CSharpCompilation.Create(assembly,
            new[]
            {
                CSharpSyntaxTree.ParseText(source, Pipeline.ParseOptions, path: "Shipped.cs"),
                CSharpSyntaxTree.ParseText($"[assembly: System.Reflection.AssemblyVersion(\"{version}\")]", Pipeline.ParseOptions, path: "Version.cs"),
            },
            Verify.References.Concat(references),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary).WithNullableContextOptions(NullableContextOptions.Enable));
        var (output, generatorDiagnostics, exception) = Pipeline.Generate(compilation);
        Assert.Null(exception);
        Assert.Empty(generatorDiagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()));
        return output;
    }

    /// <summary>
    /// Every analyzer's diagnostics for <paramref name="compilation"/> with <paramref name="baselines"/>
    /// as additional files; an analyzer that throws fails the test.
    /// </summary>
    public static Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Compilation compilation, params (string Name, string Json)[] baselines) =>
        AnalyzeAsync(compilation, baselines.Select(b => (AdditionalText)new FileText(Folder + b.Name, () => SourceText.From(b.Json))).ToImmutableArray());

    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Compilation compilation, ImmutableArray<AdditionalText> files)
    {
        var exceptions = new ConcurrentBag<Exception>();
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(files), (e, _, _) => exceptions.Add(e),
            concurrentAnalysis: true, logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new DeclarationAnalyzer(), new BaselineAnalyzer()), options)
            .GetAnalyzerDiagnosticsAsync();
        Assert.Empty(exceptions);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        return diagnostics;
    }

    /// <summary>An additional file as the compiler hands it over; <paramref name="read"/> may return null (a missing file) or throw.</summary>
    public sealed class FileText(string path, Func<SourceText?> read) : AdditionalText
    {
        public override string Path => path;
        public override SourceText? GetText(CancellationToken cancellationToken = default) => read();
    }

    /// <summary>The diagnostic <paramref name="id"/> of the baseline rules (its descriptor's default severity).</summary>
    public static DiagnosticResult Diagnostic(string id) => CSharpAnalyzerVerifier<BaselineAnalyzer, DefaultVerifier>.Diagnostic(id);

    /// <summary>Runs the baseline rules over <paramref name="current"/>; exactly <paramref name="expected"/> must be reported.</summary>
    public static Task VerifyAsync(string current, IEnumerable<(string Name, string Json)> baselines, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = current };
        foreach (var (name, json) in baselines) test.AddBaseline(name, json);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    public static Task VerifyAsync(string current, string baselineJson, params DiagnosticResult[] expected) =>
        VerifyAsync(current, new[] { ("App-1.0.0.0.kho.json", baselineJson) }, expected);

    public sealed class Test : CSharpAnalyzerTest<BaselineAnalyzer, DefaultVerifier>
    {
        public Test() => Tests.Verify.Configure(this, TestState);

        /// <summary>
        /// Adds a file under <see cref="Folder"/>; with <paramref name="metadata"/>, as a &lt;KhoBaseline&gt;
        /// item: KhoGen.targets' CompilerVisibleItemMetadata becomes a section of the build's global
        /// analyzer config, <c>[/path/file] build_metadata.AdditionalFiles.KhoBaseline = true</c>.
        /// </summary>
        public void AddBaseline(string name, string text, bool metadata = true)
        {
            TestState.AdditionalFiles.Add((Folder + name, text));
            if (metadata)
                TestState.AnalyzerConfigFiles.Add(($"/{name}.globalconfig",
                    $"is_global = true\n\n[{Folder + name}]\n{KhoBaselineMetadata} = true\n"));
        }

        protected override CompilationOptions CreateCompilationOptions() => Tests.Verify.Options(base.CreateCompilationOptions());
    }

    const string KhoBaselineMetadata = "build_metadata.AdditionalFiles.KhoBaseline";
}
