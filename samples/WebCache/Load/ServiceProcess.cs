using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace WebCache.Load;

/// <summary>
/// A child process read by its output lines and stopped by signals; a web cache release is started
/// either binding its own port or given a listening socket as systemd gives it (descriptor 3,
/// <c>LISTEN_FDS=1</c>, <c>LISTEN_PID</c> its own id). Waits end on a line or the exit, with a
/// timeout that fails with the output. (The ASP.NET Core tests use it too.)
/// </summary>
public sealed class ServiceProcess : IDisposable
{
    public const int SigKill = 9, SigTerm = 15, SigUsr2 = 12;

    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    readonly Process _process;
    readonly StringBuilder _output = new();
    readonly List<string> _lines = [];
    readonly List<(string Prefix, int Nth, TaskCompletionSource<string> Seen)> _waits = [];

    ServiceProcess(Process process) => _process = process;

    public int Id => _process.Id;

    /// <summary>Everything it printed so far, stdout and stderr.</summary>
    public string Output
    {
        get { lock (_waits) return _output.ToString(); }
    }

    /// <summary>Starts <paramref name="file"/>; <paramref name="environment"/> values of null remove a variable.</summary>
    public static ServiceProcess Start(string file, IEnumerable<string> args, IDictionary<string, string?>? environment = null)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args) info.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string?>())
            if (v is null) info.Environment.Remove(k); else info.Environment[k] = v;
        var service = new ServiceProcess(new Process { StartInfo = info });
        service._process.OutputDataReceived += (_, e) => service.OnLine(e.Data);
        service._process.ErrorDataReceived += (_, e) => service.OnLine(e.Data);
        service._process.Start();
        service._process.BeginOutputReadLine();
        service._process.BeginErrorReadLine();
        return service;
    }

    /// <summary>Starts <c>dotnet dll args</c>; with <paramref name="listener"/>, passes it as systemd's socket activation does.</summary>
    public static ServiceProcess StartRelease(string dll, IEnumerable<string> args, Socket? listener, string name = "http") =>
        listener is null ? Start("dotnet", args.Prepend(dll)) : StartActivated((int)listener.Handle, name, dll, args);

    /// <summary>
    /// Starts <c>dotnet dll args</c> with <paramref name="fd"/> as its systemd socket: bash moves it to
    /// descriptor 3 and execs the service (exec keeps the pid, so LISTEN_PID names the service), as
    /// systemd does for a socket unit. Bash, because dash redirects descriptors 0 to 9 only.
    /// </summary>
    public static ServiceProcess StartActivated(int fd, string name, string dll, IEnumerable<string> args)
    {
        SetInheritable(fd);
        return Start("/bin/bash",
            ["-c", $"export LISTEN_PID=$$ LISTEN_FDS=1 LISTEN_FDNAMES={name}; exec \"$0\" \"$@\" 3<&{fd} {fd}<&-", "dotnet", dll, .. args]);
    }

    void OnLine(string? line)
    {
        if (line is null) return;
        lock (_waits)
        {
            _output.Append(line).Append('\n');
            _lines.Add(line);
            foreach (var w in _waits.Where(w => line.StartsWith(w.Prefix, StringComparison.Ordinal)))
                if (Count(w.Prefix) >= w.Nth) w.Seen.TrySetResult(line);
        }
    }

    int Count(string prefix) => _lines.Count(l => l.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>
    /// The <paramref name="nth"/> line (from 1) that starts with <paramref name="prefix"/>; fails if
    /// the process exits first or in time.
    /// </summary>
    public async Task<string> WaitForLineAsync(string prefix, int nth = 1)
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waits)
        {
            if (_lines.Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).Skip(nth - 1).FirstOrDefault() is string line) return line;
            _waits.Add((prefix, nth, seen));
        }
        using var cts = new CancellationTokenSource(Timeout);
        await Task.WhenAny(seen.Task, _process.WaitForExitAsync(cts.Token));
        if (!seen.Task.IsCompleted)
            throw new InvalidOperationException($"{Describe()} {(_process.HasExited ? "exited" : "timed out")} before printing '{prefix}' ({nth}):\n{Output}");
        return await seen.Task;
    }

    public void Signal(int signal) => Signal(_process.Id, signal);

    /// <summary>Signals any process (e.g. one a service started).</summary>
    public static void Signal(int pid, int signal)
    {
        if (kill(pid, signal) != 0) throw new InvalidOperationException($"kill({pid}, {signal}) failed: {Marshal.GetLastPInvokeError()}");
    }

    public async Task<int> WaitForExitAsync()
    {
        using var cts = new CancellationTokenSource(Timeout);
        try { await _process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Describe()} did not exit:\n{Output}");
        }
        return _process.ExitCode;
    }

    string Describe() => $"{_process.StartInfo.FileName} {string.Join(' ', _process.StartInfo.ArgumentList)}";

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }

    [DllImport("libc", SetLastError = true)]
    static extern int kill(int pid, int sig);

    [DllImport("libc", SetLastError = true)]
    static extern int fcntl(int fd, int cmd, int arg);

    /// <summary>Clears close-on-exec, so that a child started now inherits <paramref name="fd"/>.</summary>
    static void SetInheritable(int fd)
    {
        const int F_GETFD = 1, F_SETFD = 2, FD_CLOEXEC = 1;
        int flags = fcntl(fd, F_GETFD, 0);
        if (flags < 0 || fcntl(fd, F_SETFD, flags & ~FD_CLOEXEC) < 0)
            throw new InvalidOperationException($"fcntl({fd}) failed: {Marshal.GetLastPInvokeError()}");
    }
}
