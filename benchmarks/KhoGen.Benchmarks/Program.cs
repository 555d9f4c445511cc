using System;
using System.Linq;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace KhoGen.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/KhoGen.Benchmarks -- --filter '*'</c> runs everything
/// (out of process: one launch, 3 warmups, 10 iterations); <c>-- --short</c> runs everything in a few minutes
/// (in process, 1 warmup and 3 iterations, smaller sizes); <c>-- --probe N</c> splits one generator edit's
/// time at N format types, <c>--probe-layout N</c> measures the layout edit (<c>--probe-layout-steps N</c> splits it by step), <c>--probe-analyzers N</c>
/// the analyzers' own time against Bind (<see cref="Probe"/>); <c>--probe-sparse</c> the sparse serializers in turn (<see cref="SparseProbe"/>); <c>--probe-memory file|socket [MiB] [page size]</c> the peak
/// memory of a live update in the preserving and the restoring process (<see cref="MemoryProbe"/>);
/// <c>--probe-restore-heap</c> what reading 1 GiB of pages costs the heap (<see cref="RestoreHeapProbe"/>). See docs/benchmarks.md.
/// </summary>
public static class Program
{
    const string ShortVariable = "KHOGEN_BENCH_SHORT";

    /// <summary>Whether the short mode is on (read by benchmarks that shrink their sizes for it).</summary>
    public static bool IsShort => Environment.GetEnvironmentVariable(ShortVariable) == "1";

    public static int Main(string[] args)
    {
        if (args.Contains("--probe-graph")) { GraphProbe.Run(args); return 0; }
        if (args.Contains("--probe-structs")) { StructProbe.Run(args); return 0; }
        if (args.Contains("--probe-sparse")) { SparseProbe.Run(args); return 0; }
        if (args.Contains("--probe-restore-heap")) { RestoreHeapProbe.Run(args); return 0; }
        if (args.Contains("--probe-memory-restore")) return MemoryProbe.Restore(args[1], args[2]);
        if (args.Contains("--probe-memory"))
            return MemoryProbe.Run(args[1], args.Length > 2 ? long.Parse(args[2]) : 1024, args.Length > 3 ? int.Parse(args[3]) : 4096);
        if (args.Contains("--probe")) { Probe.Run(int.Parse(args[1])); return 0; }
        if (args.Contains("--probe-layout-steps")) { Probe.RunLayoutSteps(int.Parse(args[1])); return 0; }
        if (args.Contains("--probe-layout")) { Probe.RunLayout(int.Parse(args[1])); return 0; }
        if (args.Contains("--probe-analyzers"))
        {
            // --serial: the analyzer driver without concurrent analysis, so each action's time is its own thread's alone.
            bool serial = args.Contains("--serial");
            var numbers = args.Where(a => a != "--serial").ToArray();
            Probe.RunAnalyzers(int.Parse(numbers[1]), numbers.Length > 2 ? int.Parse(numbers[2]) : 3, concurrent: !serial);
            return 0;
        }
        bool isShort = args.Contains("--short");
        // --in-process: the full job in this process, for a machine too loaded to build the job's project in time.
        bool inProcess = args.Contains("--in-process");
        args = args.Where(a => a != "--short" && a != "--in-process").ToArray();
        if (isShort)
        {
            Environment.SetEnvironmentVariable(ShortVariable, "1");
            if (!args.Contains("--filter") && !args.Any(a => a.StartsWith("--filter=", StringComparison.Ordinal)))
                args = args.Concat(new[] { "--filter", "*" }).ToArray();
        }

        Job job = isShort
            ? Job.Default.WithId("Short")
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(3)
                .WithIterationTime(TimeInterval.FromMilliseconds(150))
            : Job.Default.WithId("Full")
                .WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(10);
        if (inProcess && !isShort) job = job.WithToolchain(InProcessEmitToolchain.Instance);

        IConfig config = ManualConfig.CreateEmpty()
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddLogger(DefaultConfig.Instance.GetLoggers().ToArray())
            .AddExporter(MarkdownExporter.GitHub)
            .AddAnalyser(DefaultConfig.Instance.GetAnalysers().ToArray())
            .AddValidator(DefaultConfig.Instance.GetValidators().ToArray())
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(CategoriesColumn.Default)
            .AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)
            .WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(RatioStyle.Trend))
            .WithOption(ConfigOptions.JoinSummary, false)
            .WithOption(ConfigOptions.DisableLogFile, false);

        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
