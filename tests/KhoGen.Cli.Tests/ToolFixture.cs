using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;

namespace KhoGen.Cli.Tests;

/// <summary>
/// Once per test run: packs KhoGen.Cli and installs it with <c>dotnet tool install</c> into a temporary
/// tool path, builds the fixture projects of tests/CliFixtures into a temporary artifacts folder (one
/// <c>dotnet build</c>), and runs AppV2 for what only a running service has (a handover image, its
/// run-time catalog with a write switch off). Set KHOGEN_KEEP_TEST_FILES=1 to keep the folder.
/// </summary>
public sealed class ToolFixture : IAsyncLifetime
{
    static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(8);
    static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(1);

    public string Root { get; private set; } = "";
    public string RepoRoot { get; } = Metadata("KhoGenRoot");
    public string Configuration { get; } = Metadata("Configuration");

    /// <summary>The installed tool's command (the apphost <c>khogen</c> in the tool path).</summary>
    public string Khogen { get; private set; } = "";
    public string ToolPath { get; private set; } = "";
    public string PackageVersion { get; private set; } = "";

    public string AppV1 => App("AppV1");
    public string AppV2 => App("AppV2");
    public string AppV3 => App("AppV3");
    public string AppNoDowngrade => App("AppNoDowngrade");

    /// <summary>The runtime assembly beside the fixtures: a .NET assembly that carries no catalog.</summary>
    public string RuntimeBesideApp => Path.Combine(Path.GetDirectoryName(AppV1)!, "KhoGen.dll");

    /// <summary>A valid handover image written by AppV2's live update to its own catalog.</summary>
    public string Image => Path.Combine(Root, "images", "valid.img");

    /// <summary>AppV2's run-time catalog (KhoRegistry.Catalog) with writing of cache-v1 switched off.</summary>
    public string AppV2WriteOff => Path.Combine(Root, "catalogs", "AppV2-cache-v1-write-off.kho.json");

    /// <summary>AppV2's run-time catalog, as printed by the running application.</summary>
    public string AppV2RunTimeCatalog { get; private set; } = "";

    string App(string name) => Path.Combine(Root, "artifacts", "bin", name, "debug", name + ".dll");

    static string Metadata(string key) =>
        typeof(ToolFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    public async Task InitializeAsync()
    {
        Root = Directory.CreateTempSubdirectory("khogen-cli-tests-").FullName;
        Directory.CreateDirectory(Path.Combine(Root, "images"));
        Directory.CreateDirectory(Path.Combine(Root, "catalogs"));
        Directory.CreateDirectory(Path.Combine(Root, "work"));
        await Task.WhenAll(InstallToolAsync(), BuildFixturesAsync());

        await Dotnet(AppV2, "write-image", Image);
        AppV2RunTimeCatalog = (await Dotnet(AppV2, "catalog")).Stdout;
        File.WriteAllText(AppV2WriteOff, (await Dotnet(AppV2, "catalog", "--disable", "cache-v1")).Stdout);
    }

    async Task InstallToolAsync()
    {
        string project = Path.Combine(RepoRoot, "src", "Cli", "KhoGen.Cli.csproj");
        string feed = Path.Combine(Root, "feed");
        // The test project references KhoGen.Cli, so it is built in this configuration: pack what was built.
        var pack = await ProcessRunner.RunAsync(ProcessRunner.Dotnet(),
            new[] { "pack", project, "-c", Configuration, "--no-build", "-o", feed }, Root, BuildTimeout);
        if (pack.ExitCode != 0)
            pack = await Require(ProcessRunner.Dotnet(), new[] { "pack", project, "-c", Configuration, "-o", feed, "--disable-build-servers" });
        string package = Directory.GetFiles(feed, "KhoGen.Cli.*.nupkg").Single();
        PackageVersion = Path.GetFileNameWithoutExtension(package).Substring("KhoGen.Cli.".Length);

        ToolPath = Path.Combine(Root, "tools");
        // --add-source keeps nuget.org in the sources, so anything else the install needs still resolves.
        await Require(ProcessRunner.Dotnet(), new[]
        {
            "tool", "install", "KhoGen.Cli", "--tool-path", ToolPath, "--add-source", feed, "--version", PackageVersion,
        });
        Khogen = Path.Combine(ToolPath, OperatingSystem.IsWindows() ? "khogen.exe" : "khogen");
        if (!File.Exists(Khogen)) throw new InvalidOperationException($"dotnet tool install did not create {Khogen}");
    }

    Task BuildFixturesAsync() => Require(ProcessRunner.Dotnet(), new[]
    {
        "build", Path.Combine(RepoRoot, "tests", "CliFixtures", "CliFixtures.slnx"),
        "-c", "Debug", "--artifacts-path", Path.Combine(Root, "artifacts"),
        // Leave no compiler or MSBuild server behind.
        "--disable-build-servers",
    });

    async Task<ProcessResult> Require(string fileName, string[] args)
    {
        var result = await ProcessRunner.RunAsync(fileName, args, Root, BuildTimeout);
        if (result.ExitCode != 0) throw new InvalidOperationException("Test setup failed:\n" + result);
        return result;
    }

    Task<ProcessResult> Dotnet(params string[] args) => Require(ProcessRunner.Dotnet(), args);

    /// <summary>Runs the installed tool in <paramref name="workingDirectory"/> (default: the fixture's work folder).</summary>
    public Task<ProcessResult> RunIn(string workingDirectory, params string[] args) =>
        ProcessRunner.RunAsync(Khogen, args, workingDirectory, ToolTimeout);

    public Task<ProcessResult> Run(params string[] args) => RunIn(Path.Combine(Root, "work"), args);

    /// <summary>Runs the installed tool with extra environment variables.</summary>
    public Task<ProcessResult> RunWithEnvironment(IDictionary<string, string> environment, params string[] args) =>
        ProcessRunner.RunAsync(Khogen, args, Path.Combine(Root, "work"), ToolTimeout, environment);

    /// <summary>Runs a fixture application with <c>dotnet</c>.</summary>
    public Task<ProcessResult> RunApp(string app, IDictionary<string, string>? environment, params string[] args) =>
        ProcessRunner.RunAsync(ProcessRunner.Dotnet(), new[] { app }.Concat(args), Root, ToolTimeout, environment);

    /// <summary>A new empty folder for one test.</summary>
    public string NewFolder(string name)
    {
        string dir = Path.Combine(Root, "tests", name + "-" + Guid.NewGuid().ToString("N").Substring(0, 8));
        Directory.CreateDirectory(dir);
        return dir;
    }

    public Task DisposeAsync()
    {
        if (Environment.GetEnvironmentVariable("KHOGEN_KEEP_TEST_FILES") is null or "" or "0")
        {
            try { Directory.Delete(Root, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class ToolCollection : ICollectionFixture<ToolFixture>
{
    public const string Name = "khogen tool";
}
