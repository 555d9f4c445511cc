using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using KhoGen.AspNetCore.Tests.Support;
using WebCache.Load;

namespace KhoGen.AspNetCore.Tests;

/// <summary>
/// A successor under another uid gets nothing, and the running release serves on. The releases run
/// under other uids with <c>setpriv --reuid=N --regid=N --clear-groups</c> (the tests run as root, as
/// CI does; no user needs to exist).
/// </summary>
public sealed class HandoverUidTests
{
    const uint Running = 40131, Successor = 40132;

    static readonly Dictionary<string, string?> AsUser = new()
    {
        ["XDG_RUNTIME_DIR"] = null, ["RUNTIME_DIRECTORY"] = null, ["HOME"] = "/tmp", ["DOTNET_CLI_HOME"] = "/tmp",
    };

    static ServiceProcess StartAs(uint uid, int release, IEnumerable<string> args) =>
        ServiceProcess.Start("setpriv", [$"--reuid={uid}", $"--regid={uid}", "--clear-groups", "dotnet", Releases.WebCache(release), .. args], AsUser);

    static string Folder(uint uid) => $"/dev/shm/khogen-webcache-{uid}";

    static void Forget(uint uid)
    {
        if (Directory.Exists(Folder(uid))) Directory.Delete(Folder(uid), recursive: true);
    }

    static async Task ServesOnAsync(HandoverSetup setup, ServiceProcess running)
    {
        var (info, verified) = await setup.AskAsync();
        Assert.StartsWith($"release=1.0 pid={running.Id} entries={HandoverSetup.Entries} ", info);
        Assert.Equal($"{HandoverSetup.Entries} of {HandoverSetup.Entries}", verified);
    }

    [Fact]
    public async Task A_successor_under_another_uid_is_refused_by_the_peer_check_before_anything_is_sent()
    {
        Assert.True(Environment.UserName == "root", "this test starts a release under another uid with setpriv, which needs root (CI runs as root)");
        Forget(Running);
        try
        {
            using var setup = new HandoverSetup(TimeSpan.FromSeconds(30));
            string folder = "--KhoGen:RuntimeFolder=" + Folder(Running);
            using var running = StartAs(Running, 1, setup.Args(folder));
            await running.WaitForLineAsync("kho: serving");
            var load = setup.Load();
            Task<LoadResult> loading = load.RunAsync();
            await load.WhenSucceeded(200).WaitAsync(ServiceProcess.Timeout);

            // The successor runs as root (so it can reach the socket in the running release's private
            // folder) and trusts the running release's uid; the running release trusts only its own.
            using (var successor = Releases.Start(1, setup.Args(folder, $"--KhoGen:AllowedPeerUids:0={Running}")))
            {
                Assert.Equal(2, await successor.WaitForExitAsync());
                string expected = $"kho: restore failed (Retrieve): Restore through the handover socket {Folder(Running)}/WebCache.{HandoverSetup.Instance}.sock failed: " +
                    $"the running build (process {running.Id}) closed the connection without handing over";
                Assert.True(successor.Output.Contains(expected, StringComparison.Ordinal), successor.Output);
            }
            string refusal = await running.WaitForLineAsync("kho: upgrade failed, serving on: ");
            Assert.Contains($"of uid 0 before saying anything: only uid {Running} may take this service's state", refusal);
            await ServesOnAsync(setup, running);

            await load.WhenSucceeded(load.Succeeded + 200).WaitAsync(ServiceProcess.Timeout);
            load.Stop();
            var result = await loading;
            Assert.True(result.Failed == 0 && result.Refused == 0, $"failed {result.Failed}, refused {result.Refused}: {string.Join("; ", result.Failures)}");
            running.Signal(ServiceProcess.SigTerm);
            Assert.Equal(0, await running.WaitForExitAsync());
            Assert.DoesNotContain("kho: handed over", running.Output);
        }
        finally
        {
            Forget(Running);
        }
    }

    [Fact]
    public async Task A_successor_under_another_uid_cannot_reach_the_socket_and_the_running_release_hears_nothing()
    {
        Assert.True(Environment.UserName == "root", "this test starts a release under another uid with setpriv, which needs root (CI runs as root)");
        Forget(Successor);
        try
        {
            using var setup = new HandoverSetup(TimeSpan.FromSeconds(30));
            using var running = await setup.StartAsync(1);   // as root, in a folder only root may enter

            // Even trusting root, a successor under another uid cannot enter the running release's private
            // folder: it restores nothing (the folder is reported) and cannot bind the port that is in use.
            using (var successor = StartAs(Successor, 1, setup.Args("--KhoGen:AllowedPeerUids:0=0")))
            {
                Assert.NotEqual(0, await successor.WaitForExitAsync());
                Assert.Contains($"is owned by uid 0, not by this process's effective uid {Successor}", successor.Output);   // the image file's folder, reported
                Assert.DoesNotContain("kho: serving", successor.Output);
            }
            await ServesOnAsync(setup, running);
            Assert.DoesNotContain("kho: upgrade failed", running.Output);   // no connection came
            running.Signal(ServiceProcess.SigTerm);
            Assert.Equal(0, await running.WaitForExitAsync());
        }
        finally
        {
            Forget(Successor);
        }
    }
}
