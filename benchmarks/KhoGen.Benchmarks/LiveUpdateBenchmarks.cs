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
/// same place (and deleting the file). Category <c>Memfd</c>: the same live update through the
/// handover socket (the image in a sealed memfd), against one write and one read of as many bytes
/// through a memfd.
/// </summary>
[Config(typeof(HeavyConfig))]
public class LiveUpdateBenchmarks
{
    public static long TotalBytes => Program.IsShort ? 256L << 20 : 1L << 30;

    [Params(4096, 1 << 20)]
    public int PageSize { get; set; }

    string _image = null!;
    string _folder = null!;
    PageCacheParticipant _old = null!;
    byte[] _raw = null!;

    [GlobalSetup]
    public void Setup()
    {
        string folder = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        // A private runtime folder (0700, as the image and the handover socket need) in that tmpfs.
        _folder = Path.Combine(folder, $"khogen-bench-{Environment.ProcessId}");
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("the handover socket needs Linux");
        Directory.CreateDirectory(_folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _image = Path.Combine(_folder, "bench.img");
        _old = new PageCacheParticipant { State = Data.Pages(TotalBytes, PageSize) };

        // One checked run: the state comes back whole; its phases and size go to the log.
        var (update, restore, back) = RunAsync().GetAwaiter().GetResult();
        Check(back);
        Check(HandoverAsync().GetAwaiter().GetResult());
        Console.WriteLine($"// live update of {_old.State.Pages.Count:N0} pages of {PageSize:N0} B: image {update.ImageBytes:N0} B; " +
            $"preserve {update.PreserveTime.TotalMilliseconds:F0} ms, freeze {update.FreezeTime.TotalMilliseconds:F0} ms, commit {update.CommitTime.TotalMilliseconds:F0} ms, " +
            $"read {restore.ReadTime.TotalMilliseconds:F0} ms, retrieve {restore.RetrieveTime.TotalMilliseconds:F0} ms");
        _raw = new byte[update.ImageBytes];
        Random.Shared.NextBytes(_raw);
        back = null!;
        Collect();
    }

    void Check(PageCacheV1 back)
    {
        if (back.Pages.Count != _old.State!.Pages.Count) throw new InvalidOperationException("the live update lost pages");
        foreach (KeyValuePair<ulong, byte[]> page in _old.State.Pages)
            if (!back.Pages[page.Key].AsSpan().SequenceEqual(page.Value)) throw new InvalidOperationException($"page {page.Key} differs");
    }

    readonly List<(KhoUpdateReport Update, KhoRestoreReport Restore)> _phases = new();

    [GlobalCleanup]
    public void Cleanup()
    {
        if (File.Exists(_image)) File.Delete(_image);
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
        if (_handovers.Count > 0)
            Console.WriteLine($"// phases of {_handovers.Count} handovers of {TotalBytes >> 20} MiB in pages of {PageSize:N0} B (medians): " +
                $"server preserve {Median(_handovers.Select(p => p.Update.PreserveTime.TotalMilliseconds)):F0} ms, " +
                $"freeze {Median(_handovers.Select(p => p.Update.FreezeTime.TotalMilliseconds)):F0} ms, " +
                $"commit (seal, send, wait for the ack) {Median(_handovers.Select(p => p.Update.CommitTime.TotalMilliseconds)):F0} ms; " +
                $"successor: wait for the image {Median(_handovers.Select(p => p.Restore.Handover!.WaitTime.TotalMilliseconds)):F0} ms, " +
                $"then validate + read {Median(_handovers.Select(p => (p.Restore.ReadTime - p.Restore.Handover!.WaitTime).TotalMilliseconds)):F0} ms, " +
                $"retrieve {Median(_handovers.Select(p => p.Restore.RetrieveTime.TotalMilliseconds)):F0} ms");
        if (_phases.Count == 0) return;
        // The phases of the measured live updates (medians): preserve runs while the service still
        // serves; freeze + commit + read + retrieve is the cut-over.
        Console.WriteLine($"// phases of {_phases.Count} live updates of {TotalBytes >> 20} MiB in pages of {PageSize:N0} B (medians): " +
            $"preserve {Median(_phases.Select(p => p.Update.PreserveTime.TotalMilliseconds)):F0} ms, " +
            $"freeze {Median(_phases.Select(p => p.Update.FreezeTime.TotalMilliseconds)):F0} ms, " +
            $"commit {Median(_phases.Select(p => p.Update.CommitTime.TotalMilliseconds)):F0} ms, " +
            $"read {Median(_phases.Select(p => p.Restore.ReadTime.TotalMilliseconds)):F0} ms, " +
            $"retrieve {Median(_phases.Select(p => p.Restore.RetrieveTime.TotalMilliseconds)):F0} ms");
    }

    static double Median(IEnumerable<double> xs)
    {
        var a = xs.OrderBy(x => x).ToArray();
        return a[a.Length / 2];
    }

    readonly List<(KhoUpdateReport Update, KhoRestoreReport Restore)> _handovers = new();

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

    [Benchmark(Baseline = true), BenchmarkCategory("File")]
    public int KhoGen_LiveUpdate()
    {
        var (update, restore, state) = RunAsync().GetAwaiter().GetResult();
        _phases.Add((update, restore));
        return state.Pages.Count;
    }

    [Benchmark, BenchmarkCategory("File")]
    public int RawFile_WriteRead()
    {
        File.WriteAllBytes(_image, _raw);
        byte[] back = File.ReadAllBytes(_image);
        File.Delete(_image);
        return back.Length;
    }

    /// <summary>The zero-downtime handover: the running build serves its state on the socket, the next one takes it (a sealed memfd).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Memfd")]
    public int KhoGen_Handover() => HandoverAsync(_handovers).GetAwaiter().GetResult().Pages.Count;

    async Task<PageCacheV1> HandoverAsync(List<(KhoUpdateReport, KhoRestoreReport)>? phases = null)
    {
        var options = new KhoLiveUpdateOptions { RuntimeFolder = _folder, InstanceName = "bench" };
        var old = new KhoLiveUpdate(options);
        old.Register(_old);
        Task<KhoUpdateReport> serving = old.ServeHandoverAsync();
        var next = new PageCacheParticipant();
        var restore = new KhoLiveUpdate(new KhoLiveUpdateOptions { RuntimeFolder = _folder, InstanceName = "bench" });
        restore.Register(next);
        // The server listens once ServeHandoverAsync returns (it binds before its first await).
        KhoRestoreReport report = await restore.RestoreAsync().ConfigureAwait(false);
        KhoUpdateReport served = await serving.ConfigureAwait(false);
        if (report.Handover is null) throw new InvalidOperationException($"restored from {report.Source}, not through the socket");
        phases?.Add((served, report));
        return next.State!;
    }

    /// <summary>One write and one read of the image's bytes through a memfd: the socket channel's floor.</summary>
    [Benchmark, BenchmarkCategory("Memfd")]
    public int RawMemfd_WriteRead()
    {
        using var handle = NewMemfd("khogen-bench");
        RandomAccess.Write(handle, _raw, 0);
        byte[] back = new byte[_raw.Length];   // as File.ReadAllBytes does
        int read = 0;
        while (read < back.Length) read += RandomAccess.Read(handle, back.AsSpan(read), read);
        return back.Length;
    }

    /// <summary>An anonymous memory file (close-on-exec), for the floor and the probes.</summary>
    internal static Microsoft.Win32.SafeHandles.SafeFileHandle NewMemfd(string name)
    {
        int fd = MemfdCreate(name, 1 /* MFD_CLOEXEC */);
        if (fd < 0) throw new IOException("memfd_create failed");
        return new Microsoft.Win32.SafeHandles.SafeFileHandle(fd, ownsHandle: true);
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "memfd_create", SetLastError = true)]
    static extern int MemfdCreate(string name, uint flags);
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
