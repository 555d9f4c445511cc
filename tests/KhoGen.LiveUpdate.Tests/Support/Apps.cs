using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace KhoGen.LiveUpdate.Tests.Support;

/// <summary>The built programs of tests/LiveUpdateApps (paths of their main assemblies).</summary>
public sealed record BuiltApps(string CrashWriter, string NextBuild, string CacheV1, string CacheV2, string PrivateState);

/// <summary>
/// Builds tests/LiveUpdateApps once per test run, with <c>dotnet build -c Release -o &lt;temp&gt;/name</c>,
/// one after the other (they share the runtime's Release outputs). Removed when the run ends. The
/// output is readable by every user, so <see cref="Users"/> can run the apps under other uids.
/// </summary>
public static class Apps
{
    static readonly Lazy<Task<BuiltApps>> s_built = new(BuildAllAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    public static Task<BuiltApps> GetAsync() => s_built.Value;

    public static string RepositoryRoot { get; } = FindRoot();

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "KhoGen.sln"))) return dir.FullName;
        throw new InvalidOperationException($"KhoGen.sln not found above {AppContext.BaseDirectory}");
    }

    static async Task<BuiltApps> BuildAllAsync()
    {
        string root = Path.Combine(Path.GetTempPath(), "khogen-liveupdate-apps");
        string output = Path.Combine(root, Guid.NewGuid().ToString("N"));
        // The test host is not always given the chance to clean up after itself: remove what
        // earlier runs left (a run takes minutes, so anything a day old is no longer in use).
        if (Directory.Exists(root))
            foreach (var old in new DirectoryInfo(root).GetDirectories().Where(d => d.LastWriteTimeUtc < DateTime.UtcNow.AddDays(-1)))
                TryDelete(old.FullName);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(output);
        return new BuiltApps(
            await BuildAsync("CrashWriter", "CrashWriter.dll", output),
            await BuildAsync("NextBuild", "NextBuild.dll", output),
            await BuildAsync("CacheV1", "CacheService.dll", output),
            await BuildAsync("CacheV2", "CacheService.dll", output),
            await BuildAsync("PrivateState", "PrivateState.dll", output));
    }

    static void TryDelete(string dir)
    {
        try { Directory.Delete(dir, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    internal static async Task<string> BuildAsync(string name, string dll, string outputRoot)
    {
        string project = Path.Combine(RepositoryRoot, "tests", "LiveUpdateApps", name, name + ".csproj");
        string output = Path.Combine(outputRoot, name);
        // The test host may carry MSBuild's variables from the `dotnet test` that started it; a child
        // build must find its own SDK.
        var environment = new Dictionary<string, string?>();
        foreach (string key in Environment.GetEnvironmentVariables().Keys)
            if (key.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || key.StartsWith("MSBUILD", StringComparison.Ordinal))
                environment[key] = null;
        var result = await Child.RunAsync(Child.Dotnet,
            new[] { "build", project, "-c", "Release", "-o", output, "-nologo", "-v:q", "-nodeReuse:false", "-p:UseAppHost=false" },
            environment, TimeSpan.FromMinutes(15)); // CacheV1/V2 build KhoGen.Hosting too: minutes on a loaded 2-core machine
        if (result.ExitCode != 0) throw new InvalidOperationException($"dotnet build {project} failed:\n{result}");
        string path = Path.Combine(output, dll);
        if (!File.Exists(path)) throw new InvalidOperationException($"dotnet build {project} wrote no {path}:\n{result}");
        return path;
    }
}
