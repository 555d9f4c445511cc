using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using KhoGen.Benchmarks.Models;

namespace KhoGen.Benchmarks;

/// <summary>
/// Scenario 5: a live update end to end — preserve, commit (the image in /dev/shm), restore and
/// retrieve in the next orchestrator, finish (the image is deleted) — of about 1 GiB of page cache,
/// against writing and reading the same number of bytes with File.WriteAllBytes/ReadAllBytes to the
/// same place (and deleting the file).
/// </summary>
[Config(typeof(HeavyConfig))]
public class LiveUpdateBenchmarks
{
    public static long TotalBytes => Program.IsShort ? 256L << 20 : 1L << 30;

    [Params(4096, 1 << 20)]
    public int PageSize { get; set; }

    string _image = null!;
    PageCacheParticipant _old = null!;
    byte[] _raw = null!;

    [GlobalSetup]
    public void Setup()
    {
        string folder = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        _image = Path.Combine(folder, $"khogen-bench-{Environment.ProcessId}.img");
        _old = new PageCacheParticipant { State = Data.Pages(TotalBytes, PageSize) };

        // One checked run: the state comes back whole; its phases and size go to the log.
        var (update, restore, back) = RunAsync().GetAwaiter().GetResult();
        if (back.Pages.Count != _old.State.Pages.Count) throw new InvalidOperationException("the live update lost pages");
        foreach (KeyValuePair<ulong, byte[]> page in _old.State.Pages)
            if (!back.Pages[page.Key].AsSpan().SequenceEqual(page.Value)) throw new InvalidOperationException($"page {page.Key} differs");
        Console.WriteLine($"// live update of {_old.State.Pages.Count:N0} pages of {PageSize:N0} B: image {update.ImageBytes:N0} B; " +
            $"preserve {update.PreserveTime.TotalMilliseconds:F0} ms, freeze {update.FreezeTime.TotalMilliseconds:F0} ms, commit {update.CommitTime.TotalMilliseconds:F0} ms, " +
            $"read {restore.ReadTime.TotalMilliseconds:F0} ms, retrieve {restore.RetrieveTime.TotalMilliseconds:F0} ms");
        _raw = new byte[update.ImageBytes];
        Random.Shared.NextBytes(_raw);
        back = null!;
        Collect();
    }

    readonly List<(KhoUpdateReport Update, KhoRestoreReport Restore)> _phases = new();

    [GlobalCleanup]
    public void Cleanup()
    {
        if (File.Exists(_image)) File.Delete(_image);
        if (_phases.Count == 0) return;
        // The phases of the measured live updates (medians): preserve runs while the service still
        // serves; freeze + commit + read + retrieve is the cut-over.
        static double Median(IEnumerable<double> xs)
        {
            var a = xs.OrderBy(x => x).ToArray();
            return a[a.Length / 2];
        }
        Console.WriteLine($"// phases of {_phases.Count} live updates of {TotalBytes >> 20} MiB in pages of {PageSize:N0} B (medians): " +
            $"preserve {Median(_phases.Select(p => p.Update.PreserveTime.TotalMilliseconds)):F0} ms, " +
            $"freeze {Median(_phases.Select(p => p.Update.FreezeTime.TotalMilliseconds)):F0} ms, " +
            $"commit {Median(_phases.Select(p => p.Update.CommitTime.TotalMilliseconds)):F0} ms, " +
            $"read {Median(_phases.Select(p => p.Restore.ReadTime.TotalMilliseconds)):F0} ms, " +
            $"retrieve {Median(_phases.Select(p => p.Restore.RetrieveTime.TotalMilliseconds)):F0} ms");
    }

    [IterationCleanup]
    public void Collect() => GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);

    async Task<(KhoUpdateReport, KhoRestoreReport, PageCacheV1)> RunAsync()
    {
        var options = new KhoLiveUpdateOptions { ImagePath = _image };
        var update = new KhoLiveUpdate(options);
        update.Register(_old);
        KhoUpdateReport written = await update.UpdateAsync(KhoRegistry.Catalog).ConfigureAwait(false);

        var next = new PageCacheParticipant();
        var restore = new KhoLiveUpdate(new KhoLiveUpdateOptions { ImagePath = _image });
        restore.Register(next);
        KhoRestoreReport read = await restore.RestoreAsync().ConfigureAwait(false);
        await restore.FinishAsync().ConfigureAwait(false);
        return (written, read, next.State!);
    }

    [Benchmark(Baseline = true)]
    public int KhoGen_LiveUpdate()
    {
        var (update, restore, state) = RunAsync().GetAwaiter().GetResult();
        _phases.Add((update, restore));
        return state.Pages.Count;
    }

    [Benchmark]
    public int RawFile_WriteRead()
    {
        File.WriteAllBytes(_image, _raw);
        byte[] back = File.ReadAllBytes(_image);
        File.Delete(_image);
        return back.Length;
    }
}

/// <summary>The page cache's participant: hands its state over, or takes the previous build's.</summary>
public sealed class PageCacheParticipant : KhoParticipant<PageCacheV1>
{
    public PageCacheV1? State { get; set; }

    protected override ValueTask<PageCacheV1> PreserveAsync(CancellationToken cancellationToken) => new(State!);

    protected override ValueTask RetrieveAsync(PageCacheV1 state, CancellationToken cancellationToken)
    {
        State = state;
        return default;
    }
}
