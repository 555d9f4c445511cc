using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace KhoGen.Analyzers.Tests;

/// <summary>
/// Source fuzzing: random token deletions, insertions and swaps in valid sources with formats, and
/// every prefix of some of them, through the generator and all analyzers. Neither may throw
/// (CS8785, AD0001), and when the mutated code compiles, the generated code compiles too.
/// </summary>
public class SourceFuzzTests
{
    const int MutantsPerSource = 60;
    const int PrefixedMutantsPerSource = 2;
    const int PrefixStep = 40;

    // Tokens that matter to KhoGen, inserted at random places besides the source's own tokens.
    static readonly string[] Interesting =
    {
        "partial", "static", "record", "struct", "class", "[", "]", "(", ")", "{", "}", ",", ";", "?", "<", ">",
        "KhoFormat", "KhoData", "KhoUpgrade", "KhoDowngrade", "KhoIgnore", "\"memfd\"", "\"Bad Name\"", "0", "-1", "2",
        "int", "string", "List<int>", "KhoArray<int>", "object", "dynamic", "=>", "new", "abstract", "file", "ref",
    };

    static string Mutate(string text, Random random)
    {
        var tokens = CSharpSyntaxTree.ParseText(text, Pipeline.ParseOptions).GetRoot().DescendantTokens().Select(t => t.ToFullString()).ToList();
        for (int rounds = 1 + random.Next(3); rounds > 0 && tokens.Count > 1; rounds--)
        {
            int at = random.Next(tokens.Count);
            switch (random.Next(3))
            {
                case 0:
                    tokens.RemoveAt(at);
                    break;
                case 1:
                    string inserted = random.Next(2) == 0 ? Interesting[random.Next(Interesting.Length)] : tokens[random.Next(tokens.Count)].Trim();
                    tokens.Insert(at, " " + inserted + " ");
                    break;
                default:
                    int other = Math.Min(tokens.Count - 1, at + 1 + random.Next(3));
                    (tokens[at], tokens[other]) = (tokens[other], tokens[at]);
                    break;
            }
        }
        return string.Concat(tokens);
    }

    [Fact]
    public async Task Mutated_sources_and_their_prefixes_never_break_the_generator_or_the_analyzers()
    {
        var failures = new ConcurrentBag<string>();
        int runs = 0, compiled = 0;
        await Parallel.ForEachAsync(Sources.Valid(), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            async (source, _) =>
            {
                var random = new Random(source.Name.Length * 7919);
                for (int m = 0; m < MutantsPerSource; m++)
                {
                    string mutant = Mutate(source.Text, random);
                    var cuts = m < PrefixedMutantsPerSource
                        ? Enumerable.Range(0, mutant.Length / PrefixStep + 1).Select(i => Math.Min(i * PrefixStep, mutant.Length)).Distinct()
                        : new[] { mutant.Length };
                    GeneratorDriver driver = Pipeline.NewDriver();
                    foreach (int cut in cuts)
                    {
                        string what = $"{source.Name} mutant {m} cut at {cut}:\n{mutant.Substring(0, cut)}";
                        var compilation = Pipeline.Compile().AddSyntaxTrees(CSharpSyntaxTree.ParseText(mutant.Substring(0, cut), Pipeline.ParseOptions, path: source.Name));
                        var (output, diagnostics, exception) = Pipeline.Generate(compilation, ref driver);
                        if (exception is not null) failures.Add($"{what}\ngenerator threw {exception}");
                        foreach (var d in diagnostics.Where(d => d.Id == "CS8785")) failures.Add($"{what}\n{d}");
                        var exceptions = new ConcurrentBag<Exception>();
                        var all = await Pipeline.AnalyzeAsync(compilation, exceptions, includeCompilerDiagnostics: true);
                        foreach (var e in exceptions) failures.Add($"{what}\nanalyzer threw {e}");
                        Interlocked.Increment(ref runs);
                        if (all.Any(d => d.Severity == DiagnosticSeverity.Error && !d.Id.StartsWith("KHO", StringComparison.Ordinal))) continue;
                        Interlocked.Increment(ref compiled);
                        var broken = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                        if (broken.Count > 0) failures.Add($"{what}\nthe user's code compiles but the generated code does not: {string.Join("; ", broken.Take(3))}");
                    }
                }
            });
        Assert.True(runs > 2 * MutantsPerSource, $"only {runs} runs");
        Assert.True(compiled >= 5, $"only {compiled} mutants compiled: the agreement check barely ran");
        if (!failures.IsEmpty)
            Assert.Fail($"{failures.Count} failures:\n" + string.Join("\n\n", failures.OrderBy(f => f.Length).Take(5)));
    }
}
