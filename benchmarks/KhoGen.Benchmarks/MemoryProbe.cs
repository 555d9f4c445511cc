using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using KhoGen.Benchmarks.Models;

namespace KhoGen.Benchmarks;

/// <summary>
/// The peak memory of a live update, measured in two real processes (docs/benchmarks.md, scenario 5):
/// <c>--probe-memory file|socket [MiB] [page size]</c>. This process builds the page cache and
/// preserves it — through the image file, or by serving the handover socket — and a second process
/// (this program again, <c>--probe-memory-restore</c>) restores it. Each reports its own peak
/// resident set (<c>VmHWM</c> of /proc/self/status), which counts the image's pages it maps.
/// </summary>
static class MemoryProbe
{
    public static int Run(string mode, long mib, int pageSize)
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("VmHWM and the handover socket need Linux");
        string folder = Path.Combine("/dev/shm", $"khogen-probe-{Environment.ProcessId}");
        Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            var state = Data.Pages(mib << 20, pageSize);
            long stateBytes = (long)state.Pages.Count * pageSize;
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            long before = PeakKib();
            var update = new KhoLiveUpdate(Options(folder));
            update.Register(new PageCacheParticipant { State = state });
            var clock = Stopwatch.StartNew();
            KhoUpdateReport written;
            string child;
            if (mode == "socket")
            {
                Task<KhoUpdateReport> serving = update.ServeHandoverAsync();   // listening when it returns
                Task<string> restoring = RestoreInChildAsync(mode, folder);
                written = serving.GetAwaiter().GetResult();
                child = restoring.GetAwaiter().GetResult();
            }
            else
            {
                written = update.UpdateAsync(KhoRegistry.Catalog).GetAwaiter().GetResult();
                child = RestoreInChildAsync(mode, folder).GetAwaiter().GetResult();
            }
            long peak = PeakKib();
            GC.KeepAlive(state);
            Console.WriteLine($"// memory probe, {mode}: state {stateBytes:N0} B in {state.Pages.Count:N0} pages of {pageSize:N0} B; image {written.ImageBytes:N0} B; {clock.ElapsedMilliseconds} ms end to end");
            Console.WriteLine($"// preserving process: VmHWM {peak:N0} KiB = {peak * 1024.0 / stateBytes:F2}x the state (before the update: {before:N0} KiB = {before * 1024.0 / stateBytes:F2}x)");
            Console.WriteLine($"// restoring process:  {child}");
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    static KhoLiveUpdateOptions Options(string folder) => new() { RuntimeFolder = folder, InstanceName = "probe" };

    static async Task<string> RestoreInChildAsync(string mode, string folder)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        // Started through the dotnet host, the child needs the assembly's path first; through the apphost
        // (`dotnet run`), the process is the program itself and the path would shift every argument.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet") start.ArgumentList.Add(typeof(MemoryProbe).Assembly.Location);
        foreach (string a in new[] { "--probe-memory-restore", mode, folder }) start.ArgumentList.Add(a);
        using var child = Process.Start(start)!;
        string output = await child.StandardOutput.ReadToEndAsync().ConfigureAwait(false);
        await child.WaitForExitAsync().ConfigureAwait(false);
        if (child.ExitCode != 0) throw new InvalidOperationException($"the restoring process failed ({child.ExitCode}): {output}");
        return output.Trim();
    }

    /// <summary>The second process: restores (from the image file, or through the socket) and reports its peak.</summary>
    public static int Restore(string mode, string folder)
    {
        var next = new PageCacheParticipant();
        var restore = new KhoLiveUpdate(Options(folder));
        restore.Register(next);
        var report = restore.RestoreAsync().GetAwaiter().GetResult();
        if (mode == "socket" ? report.Handover is null : report.Source is null) throw new InvalidOperationException($"nothing restored ({report.Source})");
        if (mode != "socket") restore.FinishAsync().GetAwaiter().GetResult();
        long pages = next.State!.Pages.Count, bytes = 0;
        foreach (var page in next.State.Pages) bytes += page.Value.Length;
        long peak = PeakKib();
        Console.WriteLine($"VmHWM {peak:N0} KiB = {peak * 1024.0 / bytes:F2}x the state ({bytes:N0} B in {pages:N0} pages; read {report.ReadTime.TotalMilliseconds:F0} ms)");
        return 0;
    }

    /// <summary>The process's peak resident set so far, in KiB.</summary>
    static long PeakKib()
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim());
        throw new InvalidOperationException("no VmHWM in /proc/self/status");
    }
}
