using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace KhoGen.Analyzers.Tests;

/// <summary>
/// The analyzers and the generator over every prefix of every sample (as if typed) and over
/// malformed files: neither may throw (AD0001, CS8785), and whenever the user's code compiles, the
/// generator's output must compile too: accepted types get working serializers, rejected ones no
/// broken code.
/// </summary>
public class RobustnessTests
{
    const int Step = 10;

    [Fact]
    public async Task Every_prefix_of_every_sample_is_analyzed_and_generated_without_exceptions()
    {
        var failures = new ConcurrentBag<string>();
        int runs = 0;
        await Parallel.ForEachAsync(Sources.All(), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            async (source, _) =>
            {
                var empty = Pipeline.Compile();
                GeneratorDriver driver = Pipeline.NewDriver();
                for (int cut = 0; ; cut = Math.Min(cut + Step, source.Text.Length))
                {
                    var compilation = empty.AddSyntaxTrees(CSharpSyntaxTree.ParseText(source.Text.Substring(0, cut), Pipeline.ParseOptions, path: source.Name));
                    await CheckAsync(compilation, $"{source.Name} cut at {cut}", failures, ref driver);
                    System.Threading.Interlocked.Increment(ref runs);
                    if (cut == source.Text.Length) break;
                }
            });
        Assert.True(runs > 500, $"only {runs} prefixes were run");
        Report(failures);
    }

    [Fact]
    public async Task All_samples_together_are_analyzed_and_generated_without_exceptions()
    {
        var failures = new ConcurrentBag<string>();
        var compilation = Pipeline.Compile(Sources.All().Select(s => s.Text).ToArray());
        GeneratorDriver driver = Pipeline.NewDriver();
        await CheckAsync(compilation, "all samples", failures, ref driver);
        Report(failures);
    }

    /// <summary>
    /// Generator bugs these tests found that are not fixed yet: failures that mention them are left
    /// out here and reproduced in <see cref="GeneratorRegressionTests"/>. Empty: every one found is fixed.
    /// </summary>
    internal static readonly string[] Known = System.Array.Empty<string>();

    static void Report(ConcurrentBag<string> failures)
    {
        var unexpected = failures.Where(f => !Known.Any(k => f.Contains(k, StringComparison.Ordinal))).ToList();
        if (unexpected.Count > 0)
            Assert.Fail($"{unexpected.Count} failures:\n" + string.Join("\n\n", unexpected.OrderBy(f => f, StringComparer.Ordinal).Take(10)));
    }

    [Fact]
    public async Task Concurrent_runs_report_exactly_the_expected_diagnostics_every_time()
    {
        var sources = Sources.Valid().Concat(Sources.OnePerRule()).ToList();
        var expected = sources
            .SelectMany(s => s.Text.Split('\n').Select((line, i) => (s.Name, Line: i + 1, Text: line)))
            .SelectMany(l => System.Text.RegularExpressions.Regex.Matches(l.Text, @"expect: (KHO\d{3})").Select(m => $"{l.Name}:{l.Line}:{m.Groups[1].Value}"))
            .OrderBy(x => x, StringComparer.Ordinal).ToList();

        var runs = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            var compilation = CSharpCompilation.Create("Sample",
                sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, Pipeline.ParseOptions, path: s.Name)),
                Verify.References, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary).WithNullableContextOptions(NullableContextOptions.Enable));
            var exceptions = new ConcurrentBag<Exception>();
            var diagnostics = await Pipeline.AnalyzeAsync(compilation, exceptions);
            Assert.Empty(exceptions);
            return diagnostics.Select(d => $"{d.Location.GetLineSpan().Path}:{d.Location.GetLineSpan().StartLinePosition.Line + 1}:{d.Id}")
                .OrderBy(x => x, StringComparer.Ordinal).ToList();
        })));
        foreach (var run in runs) Assert.Equal(expected, run);
    }

    static Task CheckAsync(Compilation compilation, string what, ConcurrentBag<string> failures, ref GeneratorDriver driver)
    {
        var (output, diagnostics, exception) = Pipeline.Generate(compilation, ref driver);
        if (exception is not null) failures.Add($"{what}: generator threw {exception}");
        foreach (var d in diagnostics.Where(d => d.Id == "CS8785")) failures.Add($"{what}: {d}");
        return AnalyzeAsync(compilation, output, what, failures);
    }

    static async Task AnalyzeAsync(Compilation input, Compilation output, string what, ConcurrentBag<string> failures)
    {
        var exceptions = new ConcurrentBag<Exception>();
        var all = await Pipeline.AnalyzeAsync(input, exceptions, includeCompilerDiagnostics: true);
        foreach (var e in exceptions) failures.Add($"{what}: analyzer threw {e}");

        if (all.Any(d => d.Severity == DiagnosticSeverity.Error && !d.Id.StartsWith("KHO", StringComparison.Ordinal))) return;
        var broken = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (broken.Count > 0) failures.Add($"{what}: the user's code compiles but the generated code does not: {string.Join("; ", broken.Take(3))}");
    }
}
