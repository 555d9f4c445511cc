using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using KhoGen.AspNetCore.Tests.Support;
using WebCache.Load;

namespace KhoGen.AspNetCore.Tests;

/// <summary>
/// nginx-style upgrade: SIGUSR2 makes the running release start the command configured as its
/// successor (<c>KhoGen:Successor:Command</c>), which takes over through the handover socket. The
/// command is a script the test rewrites between signals, as a deployment switches "current".
/// A successor that cannot start or exits before taking over leaves the running release serving.
/// </summary>
public sealed class HandoverSignalTests
{
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task The_upgrade_signal_starts_the_configured_successor_and_a_failing_one_leaves_the_running_release_serving()
    {
        using var setup = new HandoverSetup(TimeSpan.FromSeconds(30));
        using var scripts = new TempDir();
        string script = scripts.File("next.sh");
        string[] successorArgs = setup.Args();
        // The successor: the script, given release 2.0's DLL and then the same arguments as this release.
        var configured = successorArgs.Prepend(Releases.WebCache(2)).Select((a, i) => $"--KhoGen:Successor:Arguments:{i}={a}")
            .Prepend("--KhoGen:Successor:Command=" + script).ToList();
        using var running = await setup.StartAsync(1, null, [.. configured]);
        int successorPid = 0;
        try
        {
            var load = setup.Load();
            Task<LoadResult> loading = load.RunAsync();
            await load.WhenSucceeded(200).WaitAsync(ServiceProcess.Timeout);

            // A next build that is missing: the signal reports it, release 1.0 serves on.
            running.Signal(ServiceProcess.SigUsr2);
            Assert.Contains($"The successor {script} could not be started", await running.WaitForLineAsync("kho: upgrade failed, serving on: ", 1));

            // A next build that exits before taking over: reported, release 1.0 serves on.
            await WriteScriptAsync(script, "echo 'kho: broken release'; exit 3");
            running.Signal(ServiceProcess.SigUsr2);
            await running.WaitForLineAsync("kho: broken release");
            Assert.Contains("exited with code 3 before taking over", await running.WaitForLineAsync("kho: upgrade failed, serving on: ", 2));
            var (info, verified) = await setup.AskAsync();
            Assert.StartsWith($"release=1.0 pid={running.Id} entries={HandoverSetup.Entries} ", info);
            Assert.Equal($"{HandoverSetup.Entries} of {HandoverSetup.Entries}", verified);

            // The next build in place: the signal upgrades. Its output goes to the running release's (inherited).
            await WriteScriptAsync(script, "exec dotnet \"$@\"");
            running.Signal(ServiceProcess.SigUsr2);
            string started = await running.WaitForLineAsync("kho: release 2.0 pid ");
            successorPid = int.Parse(started.Split(' ')[4], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Contains("(restored from webcache-v", started);
            await running.WaitForLineAsync("kho: handed over ");
            (info, verified) = await setup.AskAsync();
            Assert.StartsWith($"release=2.0 pid={successorPid} entries={HandoverSetup.Entries} origin=restored from webcache-v", info);
            Assert.Equal($"{HandoverSetup.Entries} of {HandoverSetup.Entries}", verified);

            await load.WhenSucceeded(load.Succeeded + 200).WaitAsync(ServiceProcess.Timeout);
            load.Stop();
            var result = await loading;
            Assert.True(result.Failed == 0 && result.Refused == 0, $"failed {result.Failed}, refused {result.Refused}: {string.Join("; ", result.Failures)}\n{running.Output}");
        }
        finally
        {
            // The successor holds the running release's output pipe: stop it, then the release's exit is seen.
            if (successorPid != 0) ServiceProcess.Signal(successorPid, ServiceProcess.SigTerm);
        }
        Assert.Equal(0, await running.WaitForExitAsync());
        Assert.Equal(2, running.Output.Split('\n').Count(l => l == "kho: stopping"));   // release 1.0 after handing over, then 2.0
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    static async Task WriteScriptAsync(string path, string body)
    {
        // A new file renamed over the old one, as a deployment switches releases (never a half-written script).
        string next = path + ".new";
        await File.WriteAllTextAsync(next, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(next, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.Move(next, path, overwrite: true);
    }
}
