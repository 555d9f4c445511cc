using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;

namespace KhoGen.Testing.Tests;

/// <summary>
/// Samples of a shipped release, as a project keeps them: MemfdCache 1.0 (samples/MemfdCache/V1, a
/// real process) wrote a snapshot of 50 folios, <c>khogen baseline --samples</c> (the tool, a
/// process) recorded it in baselines/MemfdCache-1.0.0.0.samples, committed here; release 2.0's tests
/// check the law on them. Set KHOGEN_UPDATE_SAMPLES=1 to record them again.
/// </summary>
public sealed class ShippedSampleTests : IDisposable
{
    static readonly string Root = FindRoot();
    static readonly string Configuration = typeof(ShippedSampleTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Configuration").Value!;
    static readonly string Committed = Path.Combine(Root, "tests", "KhoGen.Testing.Tests", "baselines");
    readonly string _dir = Path.Combine(Path.GetTempPath(), "khogen-testing-tests", Guid.NewGuid().ToString("N"));

    public ShippedSampleTests()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_dir)!);
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(_dir);
        else Directory.CreateDirectory(_dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Release_two_keeps_the_state_release_one_recorded()
    {
        var report = KhoConversionLaw.CheckSamples(typeof(global::MemfdCache.MemfdV2).Assembly, Path.Combine(Committed, "MemfdCache-1.0.0.0.samples"));
        var result = Assert.Single(report.Results);
        Assert.Equal(("memfd-v1", 1, false, (string?)null), (result.Id, result.Samples, result.Lossy, result.Violation));
    }

    [Fact]
    public async Task The_committed_samples_are_what_release_one_and_the_tool_record()
    {
        string v1 = Path.Combine(Root, "samples", "MemfdCache", "V1", "bin", Configuration, "net10.0", "MemfdCache.dll");
        string khogen = Path.Combine(Root, "src", "Cli", "bin", Configuration, "net8.0", "KhoGen.Cli.dll");
        string snapshot = Path.Combine(_dir, "memfd.snapshot");
        var filled = await RunAsync(v1, "fill", "--entries", "50", "--seed", "7", "--image", Path.Combine(_dir, "memfd.img"), "--snapshot", snapshot);
        Assert.Contains("kho: snapshot memfd-v1 bytes=", filled);

        string baselines = Environment.GetEnvironmentVariable("KHOGEN_UPDATE_SAMPLES") == "1" ? Committed : Path.Combine(_dir, "baselines");
        string recorded = await RunAsync(khogen, "baseline", v1, "--dir", baselines, "--samples", snapshot);
        Assert.Contains("sample memfd-v1 (", recorded);

        string[] Files(string root) => Directory.GetFiles(Path.Combine(root, "MemfdCache-1.0.0.0.samples")).Select(Path.GetFileName).Order().ToArray()!;
        Assert.Equal(Files(Committed), Files(baselines));
        foreach (string name in Files(Committed))
            Assert.Equal(File.ReadAllBytes(Path.Combine(Committed, "MemfdCache-1.0.0.0.samples", name)), File.ReadAllBytes(Path.Combine(baselines, "MemfdCache-1.0.0.0.samples", name)));
        Assert.Equal(File.ReadAllText(Path.Combine(Committed, "MemfdCache-1.0.0.0.kho.json")), File.ReadAllText(Path.Combine(baselines, "MemfdCache-1.0.0.0.kho.json")));
    }

    static async Task<string> RunAsync(string dll, params string[] args)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } dotnet ? dotnet : "dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (string a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(), stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        string output = await stdout;
        Assert.True(process.ExitCode == 0, $"dotnet {dll} {string.Join(' ', args)}: exit {process.ExitCode}\n{output}\n{await stderr}");
        return output;
    }

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "KhoGen.sln"))) return dir.FullName;
        throw new InvalidOperationException($"KhoGen.sln not found above {AppContext.BaseDirectory}");
    }
}
