using System;
using System.Diagnostics;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
namespace KhoGen.Benchmarks;

/// <summary>
/// <c>-- --probe N</c>: one edit's time at N format types, split by stopwatch (a loaded machine can
/// still compare the parts): replacing the tree, the first binding in the new compilation (Roslyn's),
/// KhoGen's DeclarationScan alone (called by reflection; the generator loads from compiler/), the
/// equality of two scans' results, and the whole driver run. docs/benchmarks.md, section 6'.
/// </summary>
static class Probe
{
    /// <summary>
    /// <c>-- --probe-layout N</c>: the layout edit (<c>EditLayout</c>) at N types, the driver's time and
    /// the bytes it allocates, and how big the regenerated catalog is.
    /// </summary>
    public static void RunLayout(int n)
    {
        var trees = CompilerWorkload.Trees(n);
        var c = CompilerWorkload.Compile(trees);
        GeneratorDriver driver = CompilerWorkload.Driver(CompilerWorkload.Generator()).RunGenerators(c);
        var layout = new[] { trees[3], CompilerWorkload.Parse(CompilerWorkload.Type(2, variant: 2), "F2.cs") };
        int state = 0;
        var previous = new System.Collections.Generic.Dictionary<string, SyntaxTree>();
        for (int round = 0; round < 8; round++)
        {
            var from = layout[state]; var to = layout[1 - state]; state = 1 - state;
            var edited = c.ReplaceSyntaxTree(from, to);
            edited.GetSemanticModel(to).GetDeclarationDiagnostics(); // Roslyn's first binding, outside the measure
            long bytes = GC.GetAllocatedBytesForCurrentThread();
            var sw = Stopwatch.StartNew();
            driver = driver.RunGenerators(edited);
            double run = sw.Elapsed.TotalMilliseconds;
            bytes = GC.GetAllocatedBytesForCurrentThread() - bytes;
            c = edited;
            // The catalog's index (KhoCatalog.g.cs) and its part files (KhoCatalogNN.g.cs): how big, and how many were rewritten.
            var files = driver.GetRunResult().Results.Single().GeneratedSources.Where(s => s.HintName.StartsWith("KhoCatalog", StringComparison.Ordinal)).ToList();
            int rewritten = files.Count(f => !previous.TryGetValue(f.HintName, out var t) || !ReferenceEquals(t, f.SyntaxTree));
            previous = files.ToDictionary(f => f.HintName, f => f.SyntaxTree);
            int index = files.Single(s => s.HintName == "KhoCatalog.g.cs").SourceText.Length;
            Console.WriteLine($"layout edit: driver {run:F1} ms, {bytes / 1e6:F1} MB allocated on this thread; catalog index {index / 1e6:F2} M chars, " +
                $"{files.Count - 1} part files {files.Sum(f => f.SourceText.Length) / 1e6 - index / 1e6:F2} M chars; {rewritten} of their syntax trees new objects");
        }
    }

    /// <summary>
    /// <c>-- --probe-layout-steps N</c>: the layout edit at N types with step tracking on, each named step's
    /// time as the driver accounts it (ElapsedTime summed over its nodes) and its outputs by reason, so the
    /// edit's time can be split by step. Tracking adds its own cost; compare steps with each other.
    /// </summary>
    public static void RunLayoutSteps(int n)
    {
        var trees = CompilerWorkload.Trees(n);
        var c = CompilerWorkload.Compile(trees);
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { CompilerWorkload.Generator() }, parseOptions: CompilerWorkload.ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true)).RunGenerators(c);
        var layout = new[] { trees[3], CompilerWorkload.Parse(CompilerWorkload.Type(2, variant: 2), "F2.cs") };
        int state = 0;
        for (int round = 0; round < 6; round++)
        {
            var from = layout[state]; var to = layout[1 - state]; state = 1 - state;
            var edited = c.ReplaceSyntaxTree(from, to);
            edited.GetSemanticModel(to).GetDeclarationDiagnostics();
            var sw = Stopwatch.StartNew();
            driver = driver.RunGenerators(edited);
            double run = sw.Elapsed.TotalMilliseconds;
            c = edited;
            var result = driver.GetRunResult().Results.Single();
            var steps = result.TrackedSteps.Concat(result.TrackedOutputSteps)
                .Select(s => (Name: s.Key, Ms: s.Value.Sum(r => r.ElapsedTime.TotalMilliseconds),
                    Reasons: string.Join(" ", s.Value.SelectMany(r => r.Outputs).GroupBy(o => o.Reason).Select(g => $"{g.Key}={g.Count()}"))))
                .OrderByDescending(s => s.Ms);
            Console.WriteLine($"layout edit (tracked): driver {run:F1} ms");
            foreach (var s in steps) Console.WriteLine($"  {s.Name,-20} {s.Ms,8:F2} ms  {s.Reasons}");
        }
    }

    /// <summary>
    /// <c>-- --probe-analyzers N</c>: at N types (with the generated code), the compiler's own
    /// diagnostics (Bind) on a fresh compilation, then the analyzers on another fresh compilation, with
    /// the analyzer driver's own accounting of each analyzer's execution time (logAnalyzerExecutionTime),
    /// which the wall time of Analyze does not separate from the compiler work it forces.
    /// </summary>
    public static void RunAnalyzers(int n, int rounds = 3, bool concurrent = true)
    {
        var trees = CompilerWorkload.Trees(n);
        CompilerWorkload.Driver(CompilerWorkload.Generator()).RunGeneratorsAndUpdateCompilation(CompilerWorkload.Compile(trees), out var output, out _);
        var all = output.SyntaxTrees.ToList();
        var analyzers = CompilerWorkload.Analyzers();
        for (int round = 0; round < rounds; round++)
        {
            var sw = Stopwatch.StartNew();
            var boundCompilation = CompilerWorkload.Compile(all);
            int bound = boundCompilation.GetDiagnostics().Length;
            double bind = sw.Elapsed.TotalMilliseconds;
            // The shared index built on the compilation Bind has bound: the analyzers' own work, without the binding it forces.
            var build = analyzers[0].GetType().Assembly.GetType("KhoGen.Analyzers.DeclarationIndex")!
                .GetMethod("Build", new[] { typeof(Compilation), typeof(System.Threading.CancellationToken) })!;
            sw.Restart();
            build.Invoke(null, new object[] { boundCompilation, System.Threading.CancellationToken.None });
            double index = sw.Elapsed.TotalMilliseconds;
            sw.Restart();
            build.Invoke(null, new object[] { CompilerWorkload.Compile(all), System.Threading.CancellationToken.None });
            double indexFresh = sw.Elapsed.TotalMilliseconds;
            Console.WriteLine($"{n} types: DeclarationIndex.Build on the bound compilation {index:F0} ms, on a fresh one {indexFresh:F0} ms");
            var options = new Microsoft.CodeAnalysis.Diagnostics.CompilationWithAnalyzersOptions(
                new Microsoft.CodeAnalysis.Diagnostics.AnalyzerOptions(System.Collections.Immutable.ImmutableArray<AdditionalText>.Empty),
                onAnalyzerException: null, concurrentAnalysis: concurrent, logAnalyzerExecutionTime: true);
            var counters = analyzers[0].GetType().Assembly.GetType("KhoGen.Analyzers.ProbeCounters");
            counters?.GetMethod("Reset")!.Invoke(null, null);
            var with = CompilerWorkload.Compile(all).WithAnalyzers(analyzers, options);
            sw.Restart();
            int reported = with.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult().Length;
            double analyze = sw.Elapsed.TotalMilliseconds;
            var own = analyzers.Select(a => (a.GetType().Name, with.GetAnalyzerTelemetryInfoAsync(a, default).GetAwaiter().GetResult().ExecutionTime.TotalMilliseconds)).ToList();
            Console.WriteLine($"{n} types: bind {bind:F0} ms ({bound} diagnostics); analyze (wall) {analyze:F0} ms ({reported} diagnostics); analyzers' own execution time: " +
                string.Join(", ", own.Select(o => $"{o.Item1} {o.Item2:F0} ms")) + $"; ratio own/bind {own.Sum(o => o.Item2) / bind:F2}, wall/bind {analyze / bind:F2}" + (concurrent ? "" : " (serial)"));
            if (counters is not null) Console.WriteLine("  counters: " + counters.GetMethod("Report")!.Invoke(null, null));
        }
    }

    public static void Run(int n)
    {
        var trees = CompilerWorkload.Trees(n);
        var c = CompilerWorkload.Compile(trees);
        GeneratorDriver driver = Microsoft.CodeAnalysis.CSharp.CSharpGeneratorDriver.Create(new[] { CompilerWorkload.Generator() }, parseOptions: CompilerWorkload.ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false)).RunGenerators(c);
        var body = new[] { trees[2], CompilerWorkload.Parse(CompilerWorkload.Type(1, variant: 1), "F1.cs") };
        int state = 0;
        var scan = AppDomain.CurrentDomain.GetAssemblies().First(a => a.GetName().Name == "KhoGen.Generator")
            .GetType("KhoGen.Generator.DeclarationScan")!.GetMethod("Scan")!;
        static double Ms(Stopwatch sw) => sw.Elapsed.TotalMilliseconds;
        for (int round = 0; round < 8; round++)
        {
            var from = body[state]; var to = body[1 - state]; state = 1 - state;
            var sw = Stopwatch.StartNew();
            var edited = c.ReplaceSyntaxTree(from, to);
            double replace = Ms(sw);
            sw.Restart();
            var decl = to.GetRoot().DescendantNodes().OfType<TypeDeclarationSyntax>().First();
            edited.GetSemanticModel(to).GetDeclaredSymbol(decl);
            double bind = Ms(sw);
            sw.Restart();
            var first = scan.Invoke(null, new object[] { edited, System.Threading.CancellationToken.None })!;
            double scanned = Ms(sw);
            var second = scan.Invoke(null, new object[] { edited, System.Threading.CancellationToken.None })!;
            sw.Restart();
            bool same = first.Equals(second);
            double compare = Ms(sw);
            sw.Restart();
            driver = driver.RunGenerators(edited);
            double run = Ms(sw);
            sw.Restart();
            driver = driver.RunGenerators(edited);
            double again = Ms(sw);
            c = edited;
            Console.WriteLine($"replace {replace:F1} ms, first binding {bind:F1} ms, DeclarationScan {scanned:F1} ms, " +
                $"scan results equal ({same}) {compare:F1} ms, driver {run:F1} ms, driver again on the same compilation {again:F1} ms");
        }
    }
}
