using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace KhoGen.Hosting;

/// <summary>
/// nginx-style binary upgrade: on the upgrade signal, the running build starts the next build
/// itself (<c>KhoGen:Successor:Command</c> and <c>Arguments</c>), which takes the state and the
/// listening sockets through the handover socket. The successor inherits this process's
/// environment, standard streams and cgroup (so systemd's <c>NOTIFY_SOCKET</c> too). A successor
/// that cannot start, or exits before taking over, is reported, and this build serves on.
/// </summary>
static class KhoSuccessorProcess
{
    /// <summary>Starts the successor and watches it until it exits; <paramref name="failed"/> hears of a start that failed or an exit before taking over.</summary>
    public static async Task RunAsync(string command, IReadOnlyList<string> arguments, ILogger logger, Func<bool> tookOver, Action<Exception> failed)
    {
        var start = new ProcessStartInfo(command) { UseShellExecute = false };
        foreach (string a in arguments) start.ArgumentList.Add(a);
        Process? process;
        try { process = Process.Start(start); }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException)
        {
            var error = new InvalidOperationException($"The successor {command} could not be started: {e.Message}", e);
            KhoLog.SuccessorNotStarted(logger, error);
            failed(error);
            return;
        }
        using (process)
        {
            if (process is null) return;
            int pid = process.Id;
            KhoLog.SuccessorStarted(logger, command, pid);
            // Watching it also reaps it, should it exit while this build still runs.
            await process.WaitForExitAsync().ConfigureAwait(false);
            if (tookOver()) return;
            var exited = new InvalidOperationException($"The successor {command} (process {pid}) exited with code {process.ExitCode} before taking over.");
            KhoLog.SuccessorExited(logger, exited);
            failed(exited);
        }
    }
}
