using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace KhoGen.Benchmarks;

/// <summary>
/// For benchmarks whose one operation takes from a tenth of a second to seconds (a live update of
/// 1 GiB, a compilation of thousands of types): one operation per iteration, one warmup, 5 iterations
/// (3 in the short mode). Applied on top of the run's job.
/// </summary>
public sealed class HeavyConfig : ManualConfig
{
    public HeavyConfig() =>
        AddJob(Job.Default
            .WithInvocationCount(1).WithUnrollFactor(1)
            .WithWarmupCount(1).WithIterationCount(Program.IsShort ? 3 : 5)
            .AsMutator());
}
