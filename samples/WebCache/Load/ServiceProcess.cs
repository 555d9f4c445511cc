using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace WebCache.Load;

/// <summary>
/// One run of a web cache release: started with <c>dotnet</c>, either binding its own port or given
/// the driver's listening socket as systemd would (descriptor 3, <c>LISTEN_FDS=1</c>,
/// <c>LISTEN_PID</c> its own id), read by its "kho:" lines, stopped by signals.
/// </summary>
sealed class ServiceProcess : IDisposable
{
    readonly Process _process;
    readonly StringBuilder _output = new();
    readonly TaskCompletionSource _serving = new(TaskCreationOptions.RunContinuationsAsynchronously);

    ServiceProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>Starts <c>dotnet dll args</c>; with <paramref name="listener"/>, passes it as systemd's socket activation does.</summary>
    public static ServiceProcess Start(string dll, IEnumerable<string> args, Socket? listener)
    {
        var info = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (listener is null)
        {
            info.FileName = "dotnet";
            info.ArgumentList.Add(dll);
        }
        else
        {
            // Bash moves the socket to descriptor 3 and becomes the service (exec keeps its pid,
            // so LISTEN_PID names the service), which is what systemd does for a socket unit.
            int fd = (int)listener.Handle;
            SetInheritable(fd);
            info.FileName = "/bin/bash"; // dash redirects descriptors 0-9 only
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add($"export LISTEN_PID=$$ LISTEN_FDS=1 LISTEN_FDNAMES=http; exec \"$0\" \"$@\" 3<&{fd} {fd}<&-");
            info.ArgumentList.Add("dotnet");
            info.ArgumentList.Add(dll);
        }
        foreach (string a in args) info.ArgumentList.Add(a);
        var service = new ServiceProcess(new Process { StartInfo = info });
        service._process.OutputDataReceived += (_, e) => service.OnLine(e.Data);
        service._process.ErrorDataReceived += (_, e) => service.OnLine(e.Data);
        service._process.Start();
        service._process.BeginOutputReadLine();
        service._process.BeginErrorReadLine();
        return service;
    }

    void OnLine(string? line)
    {
        if (line is null) return;
        lock (_output) _output.Append(line).Append('\n');
        if (line == "kho: serving") _serving.TrySetResult();
    }

    /// <summary>Completes when the release serves; fails with its output if it exits first or takes longer than <paramref name="timeout"/>.</summary>
    public async Task WhenServingAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        Task exited = _process.WaitForExitAsync(cts.Token);
        await Task.WhenAny(_serving.Task, exited);
        if (!_serving.Task.IsCompleted)
            throw new InvalidOperationException($"release did not start serving:\n{Output}");
    }

    public void Signal(int signal)
    {
        if (kill(_process.Id, signal) != 0) throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: {Marshal.GetLastPInvokeError()}");
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try { await _process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"release did not exit:\n{Output}");
        }
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }

    public const int SigTerm = 15, SigUsr2 = 12;

    [DllImport("libc", SetLastError = true)]
    static extern int kill(int pid, int sig);

    [DllImport("libc", SetLastError = true)]
    static extern int fcntl(int fd, int cmd, int arg);

    static void SetInheritable(int fd)
    {
        const int F_GETFD = 1, F_SETFD = 2, FD_CLOEXEC = 1;
        int flags = fcntl(fd, F_GETFD, 0);
        if (flags < 0 || fcntl(fd, F_SETFD, flags & ~FD_CLOEXEC) < 0)
            throw new InvalidOperationException($"fcntl({fd}) failed: {Marshal.GetLastPInvokeError()}");
    }
}
