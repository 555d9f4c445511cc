using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;

namespace KhoGen.Benchmarks;

/// <summary>A 64-byte cache block: a plain layout, so it can live in a region.</summary>
[KhoFormat("bench-block", 1)]
public partial record struct Block(ulong Key, ulong Stamp, ulong A, ulong B, ulong C, ulong D, ulong E, ulong F);

/// <summary>
/// Issue 18: the state's part of a cut-over for a region of 1 and 4 GiB, in one process. Region mode:
/// through the handover socket, the memfd is passed and adopted in place (negotiate, freeze, seal the
/// image, pass it and the memfd, map, check the header, acknowledge, confirm). Copying mode: the same
/// region through the image file (its elements copied into the image, written, read back and copied
/// into a new region): what every participant's state costs without regions. An image entry is at
/// most 2 GiB, so the copying mode has no 4 GiB case. Larger regions (8, 16 GiB) only on request
/// (KHOGEN_BENCH_REGION_GIB), when the memory is free. Results: docs/benchmarks.md, "Regions".
/// </summary>
[Config(typeof(HeavyConfig))]
public class RegionBenchmarks
{
    public sealed record Case(string Mode, int GiB)
    {
        public override string ToString() => $"{Mode} {GiB} GiB";
    }

    /// <summary>1 and 4 GiB; KHOGEN_BENCH_REGION_GIB=N adds a region of N GiB (it must fit in free memory, with the rest of the machine's work).</summary>
    public static IEnumerable<Case> Cases()
    {
        var cases = Program.IsShort ? new List<Case> { new("region", 1), new("copying", 1) }
            : new List<Case> { new("region", 1), new("region", 4), new("copying", 1) };
        if (int.TryParse(Environment.GetEnvironmentVariable("KHOGEN_BENCH_REGION_GIB"), out int gib) && gib > 0) cases.Add(new("region", gib));
        return cases;
    }

    [ParamsSource(nameof(Cases))]
    public Case Size { get; set; } = null!;

    string _folder = null!;
    KhoRegion<Block> _region = null!;

    sealed class Blocks : KhoRegionParticipant<Block>
    {
        public KhoRegion<Block>? Held;
        public KhoRegionReport? Report;
        protected override KhoRegion<Block> Region => Held!;
        protected override ValueTask RetrieveAsync(KhoRegion<Block> region, KhoRegionReport report, CancellationToken ct)
        {
            (Held, Report) = (region, report);
            return default;
        }
    }

    [GlobalSetup]
    public void Setup()
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("regions need Linux");
        _folder = Directory.CreateTempSubdirectory("khogen-bench-region-").FullName;   // 0700: a private runtime folder
        long count = ((long)Size.GiB << 30) / 64;
        _region = KhoRegion<Block>.Create(count);
        _region.Resize(count);
        for (long i = 0; i < count; i += 64) _region[i] = new Block((ulong)i, 1, 2, 3, 4, 5, 6, 7);   // every page touched
        // One checked run: everything came back, adopted in region mode.
        var report = Run();
        LetGo();
        if (_region.Count != count || _region[count - 64].Key != (ulong)(count - 64) || (Size.Mode == "region") != (report.How == KhoRegionHandover.Adopted))
            throw new InvalidOperationException($"the handover lost the region: {report}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _region.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    KhoLiveUpdate Orchestrator(Blocks participant)
    {
        var update = new KhoLiveUpdate(new KhoLiveUpdateOptions { RuntimeFolder = _folder, InstanceName = "bench-region" });
        update.Register(participant);
        return update;
    }

    [Benchmark]
    public long Handover() => Run().Elements;

    /// <summary>
    /// One cut-over; the successor's region is the next one's state. The old build's mapping is let go
    /// after the measurement (<see cref="LetGo"/>): in a service the old build does that as it exits,
    /// after the blackout, and unmapping gigabytes of touched pages costs tens of milliseconds.
    /// </summary>
    KhoRegionReport Run()
    {
        var next = new Blocks();
        if (Size.Mode == "region") SocketAsync(next).GetAwaiter().GetResult();
        else FileAsync(next).GetAwaiter().GetResult();
        (_old, _region) = (_region, next.Held!);
        return next.Report!;
    }

    KhoRegion<Block>? _old;

    [IterationCleanup]
    public void LetGo()
    {
        _old?.Dispose();
        _old = null;
    }

    async Task SocketAsync(Blocks next)
    {
        Task<KhoUpdateReport> serving = Orchestrator(new Blocks { Held = _region }).ServeHandoverAsync();
        var report = await Orchestrator(next).RestoreAsync().ConfigureAwait(false);
        await serving.ConfigureAwait(false);
        if (report.Handover is null) throw new InvalidOperationException($"restored from {report.Source}, not through the socket");
    }

    async Task FileAsync(Blocks next)
    {
        await Orchestrator(new Blocks { Held = _region }).UpdateAsync(KhoRegistry.Catalog).ConfigureAwait(false);
        var restore = Orchestrator(next);
        await restore.RestoreAsync().ConfigureAwait(false);
        await restore.FinishAsync().ConfigureAwait(false);
    }
}
