using System;
using System.IO;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using KhoGen.Benchmarks.Models;

namespace KhoGen.Benchmarks;

/// <summary>
/// Scenario 7: the state's part of a cut-over for 1,000,000 entries of 16 B (16 MB, the size of the
/// web sample's cache), in one process: through the handover socket (negotiate, preserve, freeze,
/// seal a memfd, pass it, validate, read, retrieve, acknowledge and confirm: what a zero-downtime
/// handover's blackout holds besides Kestrel's start) against stop-then-start's image file (preserve,
/// freeze, write, then restore and finish: what its gap holds besides the next process's start, JIT
/// and host start). The whole blackout and gap between real processes are measured by the web
/// sample's load driver (docs/benchmarks.md).
/// </summary>
[Config(typeof(HeavyConfig))]
public class HandoverBenchmarks
{
    const int Entries = 1_000_000, EntryBytes = 16;

    string _folder = null!;
    PageCacheV1 _state = null!;

    [GlobalSetup]
    public void Setup()
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("the handover socket needs Linux");
        _folder = Directory.CreateTempSubdirectory("khogen-bench-handover-").FullName;   // 0700: a private runtime folder
        _state = Data.Pages((long)Entries * EntryBytes, EntryBytes);
        // One checked run of each: the state comes back whole.
        if (Handover_socket() != Entries || StopThenStart_file() != Entries) throw new InvalidOperationException("the live update lost entries");
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    [IterationCleanup]
    public void Collect() => GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);

    KhoLiveUpdate Orchestrator(PageCacheParticipant participant)
    {
        var update = new KhoLiveUpdate(new KhoLiveUpdateOptions { RuntimeFolder = _folder, InstanceName = "bench" });
        update.Register(participant);
        return update;
    }

    [Benchmark]
    public int Handover_socket() => HandoverAsync().GetAwaiter().GetResult();

    async Task<int> HandoverAsync()
    {
        var old = Orchestrator(new PageCacheParticipant { State = _state });
        Task<KhoUpdateReport> serving = old.ServeHandoverAsync();
        var next = new PageCacheParticipant();
        var report = await Orchestrator(next).RestoreAsync().ConfigureAwait(false);
        await serving.ConfigureAwait(false);
        if (report.Handover is null) throw new InvalidOperationException($"restored from {report.Source}, not through the socket");
        return next.State!.Pages.Count;
    }

    [Benchmark(Baseline = true)]
    public int StopThenStart_file() => StopThenStartAsync().GetAwaiter().GetResult();

    async Task<int> StopThenStartAsync()
    {
        await Orchestrator(new PageCacheParticipant { State = _state }).UpdateAsync(KhoRegistry.Catalog).ConfigureAwait(false);
        var next = new PageCacheParticipant();
        var restore = Orchestrator(next);
        await restore.RestoreAsync().ConfigureAwait(false);
        await restore.FinishAsync().ConfigureAwait(false);
        return next.State!.Pages.Count;
    }
}
