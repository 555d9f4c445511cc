using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Threading.Tasks;
using KhoGen.LiveUpdate.Tests.Support;

namespace KhoGen.LiveUpdate.Tests;

/// <summary>
/// Verify mode of the hosting integration (<c>--KhoGen:Verify=&lt;image&gt;</c>, docs/operations.md#verify-mode)
/// and snapshots (<c>KhoGen:SnapshotSignal</c>), as real processes: CacheService 1.0 writes the image
/// or serves and writes a snapshot on a signal; CacheService 2.0 verifies it without taking over.
/// </summary>
public class HostedVerifyTests
{
    static async Task<string> WrittenByVersionOneAsync(BuiltApps apps, TempDir dir)
    {
        string image = dir.File("v1.img");
        var write = await Child.RunDllAsync(apps.CacheV1, "write", image, apps.CacheV2);
        Assert.True(write.ExitCode == 0, write.ToString());
        return image;
    }

    static Task<ChildResult> VerifyAsync(BuiltApps apps, TempDir dir, string image, string? fault = null, params string[] more) =>
        Child.RunAsync(Child.Dotnet,
            new[] { apps.CacheV2, "hosted-read", dir.File("unused.img"), "--KhoGen:Verify=" + image, "--KhoGen:RuntimeFolder=" + dir.Path }.Concat(more),
            new Dictionary<string, string?> { ["CACHE_FAULT"] = fault });

    [Fact]
    public async Task Verify_mode_passes_an_image_of_a_real_previous_build_and_takes_nothing_over()
    {
        var apps = await Apps.GetAsync();
        using var dir = new TempDir();
        string image = await WrittenByVersionOneAsync(apps, dir);
        byte[] before = File.ReadAllBytes(image);
        string json = dir.File("report.json");

        var result = await VerifyAsync(apps, dir, image, null, "--KhoGen:VerifyReport=" + json);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(new[] { $"khogen verify {image}", "written by CacheService 1.0.0.0" }, result.Lines.Take(2));
        Assert.StartsWith("ok   cache-v1 ", result.Lines[2]);
        Assert.Equal("verify: passed (1 entries)", result.Lines[^1]);
        Assert.DoesNotContain(result.Lines, l => l.StartsWith("started", StringComparison.Ordinal));   // the host never started
        Assert.Equal(before, File.ReadAllBytes(image));                                                   // nothing restored or released
        using var report = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal("khogen-verify/1", report.RootElement.GetProperty("schema").GetString());
        Assert.True(report.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal("cache-v1", report.RootElement.GetProperty("entries")[0].GetProperty("id").GetString());
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(json));
    }

    [Fact]
    public async Task Verify_mode_names_the_entry_and_the_conversion_that_throws()
    {
        var apps = await Apps.GetAsync();
        using var dir = new TempDir();
        string image = await WrittenByVersionOneAsync(apps, dir);

        var result = await VerifyAsync(apps, dir, image, "upgrade-throws");

        Assert.True(result.ExitCode == 1, result.ToString());
        string entry = Assert.Single(result.Lines, l => l.StartsWith("FAIL ", StringComparison.Ordinal));
        Assert.StartsWith("FAIL cache-v1 ", entry);
        Assert.Contains("the upgrade cache-v1 -> cache-v2 (CacheService.CacheV2.From) threw InvalidOperationException: key-0013 has no hit count", entry);
        Assert.Equal("verify: FAILED (1 of 1 entries)", result.Lines[^1]);
        Assert.True(File.Exists(image));
    }

    [Fact]
    public async Task Verify_mode_names_the_entry_and_the_conversions_that_break_the_law()
    {
        var apps = await Apps.GetAsync();
        using var dir = new TempDir();
        string image = await WrittenByVersionOneAsync(apps, dir);

        var result = await VerifyAsync(apps, dir, image, "downgrade-loses");

        Assert.True(result.ExitCode == 1, result.ToString());
        string entry = Assert.Single(result.Lines, l => l.StartsWith("FAIL ", StringComparison.Ordinal));
        Assert.StartsWith("FAIL cache-v1 ", entry);
        Assert.Contains("the conversions cache-v1 -> cache-v2 -> cache-v1 break the law", entry);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("forged")]
    [InlineData("missing")]
    public async Task Verify_mode_on_a_bad_image_says_why_and_exits_2(string damage)
    {
        var apps = await Apps.GetAsync();
        using var dir = new TempDir();
        string image = await WrittenByVersionOneAsync(apps, dir);
        byte[] bytes = File.ReadAllBytes(image);
        switch (damage)
        {
            case "truncated": File.WriteAllBytes(image, bytes[..(bytes.Length / 2)]); break;
            case "forged": bytes[bytes.Length / 2] ^= 0x5A; File.WriteAllBytes(image, bytes); break;
            default: File.Delete(image); break;
        }

        var result = await VerifyAsync(apps, dir, image);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("invalid: ", result.Lines[1]);
        Assert.Contains(image, result.Lines[1]);
        Assert.Equal("verify: FAILED (no valid image)", result.Lines[^1]);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task A_running_build_writes_a_snapshot_on_a_signal_keeps_serving_and_the_next_build_verifies_it()
    {
        // SIGUSR1 is 10 on Linux, where these tests run (the handover socket is Linux's too).
        var apps = await Apps.GetAsync();
        using var dir = new TempDir();
        string image = dir.File("handover.img"), snapshot = dir.File("service.snapshot");
        using var running = Child.Start(Child.Dotnet, new[]
        {
            apps.CacheV1, "hosted-serve", image, "--KhoGen:SnapshotSignal=10", "--KhoGen:SnapshotPath=" + snapshot,
            "--KhoGen:RuntimeFolder=" + dir.Path, "--KhoGen:HandoverSocket=true",
        }, stdin: true);
        string serving = await running.WaitForLineStartingAsync("serving ");
        int pid = int.Parse(serving.Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(0, kill(pid, 10));
        string written = await running.WaitForLineStartingAsync("log 107");
        Assert.StartsWith($"log 1070 Snapshot of cache-v1 written to {snapshot} (", written);
        await running.WriteLineAsync("get key-0007");
        await running.WaitForLineAsync("value key-0007=value-49-xxxxxxx");   // still serving, its state intact
        Assert.False(File.Exists(image), "a snapshot commits nothing");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(snapshot));
        using (var img = KhoImage.Open(snapshot)) Assert.Equal(KhoLiveUpdate.SnapshotSuccessor, img.Successor);

        // The next build verifies it while the old build serves its handover socket: it must not take over.
        var verified = await VerifyAsync(apps, dir, snapshot);
        Assert.True(verified.ExitCode == 0, verified.ToString());
        Assert.StartsWith("ok   cache-v1 ", verified.Lines[2]);
        await running.WriteLineAsync("get key-0013");
        await running.WaitForLineAsync("value key-0013=value-169-xxxxxxxxxxxxx");

        // Nor does a real restore take the snapshot for a handover image.
        await running.WriteLineAsync("quit");
        var ended = await running.WaitForExitAsync();
        Assert.True(ended.ExitCode == 0, ended.ToString());
        File.Copy(snapshot, image);
        var restore = await Child.RunDllAsync(apps.CacheV2, "hosted-read", image, "--KhoGen:RuntimeFolder=" + dir.Path);
        Assert.NotEqual(0, restore.ExitCode);
        Assert.Contains("started: 0 entries as cache-v2 from empty", restore.StdOut);
    }

    [DllImport("libc", SetLastError = true)]
    static extern int kill(int pid, int sig);
}
