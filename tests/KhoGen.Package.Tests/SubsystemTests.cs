using System;
using System.Globalization;
using System.IO;
using System.Linq;

namespace KhoGen.Package.Tests;

/// <summary>
/// The Subsystems sample (samples/Subsystems) built as a user builds such a solution, from the KhoGen
/// package: Model holds the shared [KhoData] types; Cache (a project reference) and Sessions (a
/// package, freshly packed into a local feed) store them in their formats; App hosts all of them.
/// </summary>
[Collection(nameof(PackageCollection))]
public class SubsystemTests(PackageFixture package)
{
    static readonly string Sample = Path.Combine(Dotnet.RepoRoot(), "samples", "Subsystems");

    /// <summary>The sources of the sample project <paramref name="name"/> in a project that uses the KhoGen package.</summary>
    string Project(string folder, string name, string outputType, string items, string extra = "")
    {
        string dir = package.NewProject(folder, name, outputType, items, extra);
        foreach (string file in Directory.GetFiles(Path.Combine(Sample, name), "*.cs"))
            File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        return dir;
    }

    static string ProjectReference(string name) => $"""<ProjectReference Include="../{name}/{name}.csproj" />""";

    /// <summary>Writes the solution; Model and Sessions are packed into <c>feed</c> under a version no other run used.</summary>
    (string Folder, string App, string Output) Solution(string name)
    {
        string folder = package.NewFolder(name);
        string feed = Path.Combine(folder, "feed");
        Directory.CreateDirectory(feed);
        string sessionsVersion = "1.0.0-e2e." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "." + Guid.NewGuid().ToString("N")[..8];
        File.WriteAllText(Path.Combine(folder, "nuget.config"), $"""
            <configuration>
              <packageSources>
                <add key="khogen-local" value="{package.Feed}" />
                <add key="subsystems" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        Project(folder, "Model", "Library", "");
        Project(folder, "Cache", "Library", ProjectReference("Model"));
        string sessions = Project(folder, "Sessions", "Library", ProjectReference("Model"));
        foreach (string packed in new[] { "Model", "Sessions" })
            Dotnet.Run(Path.Combine(folder, packed), "pack", "-o", feed, "-p:PackageVersion=" + sessionsVersion, "--disable-build-servers").Succeeded();
        // Sessions comes from the feed: the application never sees its project.
        Directory.Delete(sessions, recursive: true);
        string app = Project(folder, "App", "Exe",
            ProjectReference("Cache") + $"""<PackageReference Include="Sessions" Version="{sessionsVersion}" />""");
        return (folder, app, Path.Combine(app, "bin", "Debug", "net10.0"));
    }

    static Dotnet.Result RunApp(string output, params string[] args) =>
        Dotnet.Run(output, new[] { Path.Combine(output, "App.dll") }.Concat(args).ToArray());

    [Fact]
    public void An_application_of_subsystems_builds_round_trips_lists_every_origin_and_live_updates_across_two_processes()
    {
        var (folder, app, output) = Solution("subsystems");
        Dotnet.Run(app, "build", "--disable-build-servers").Succeeded();

        // Formats that store Model's types, through envelopes, an upgrade and a downgrade (sessions v2 -> v1 -> v2).
        Assert.Equal("round-trip: ok", RunApp(output, "round-trip").Succeeded().Output.Trim());

        // The application's catalog covers every subsystem, each format and data type with where it came from.
        string written = File.ReadAllText(Path.Combine(output, "App.kho.json"));
        var catalog = KhoCatalog.Parse(written, "App.kho.json");
        Assert.Equal(new[] { "app-stats App 1.0.0.0", "page-cache Cache 1.0.0.0", "sessions Sessions 1.0.0.0" },
            catalog.Formats.Select(f => $"{f.Name} {f.Origin}"));
        Assert.Equal(new[] { "Folio Model 1.0.0.0", "Principal Model 1.0.0.0", "Session Sessions 1.0.0.0" },
            catalog.Data.Select(d => $"{d.Name} {d.Origin}"));
        // The tool, as a process, reads the same catalog from the built application.
        var tool = Dotnet.Run(app, Path.Combine(AppContext.BaseDirectory, "KhoGen.Cli.dll"), "catalog", Path.Combine(output, "App.dll")).Succeeded();
        Assert.Equal(written, tool.Output);
        // And checks the build against itself as one build: every subsystem's format, both ways.
        var check = Dotnet.Run(app, Path.Combine(AppContext.BaseDirectory, "KhoGen.Cli.dll"), "check",
            Path.Combine(output, "App.dll"), Path.Combine(output, "App.dll"), "--require-rollback").Succeeded();
        foreach (string id in new[] { "app-stats-v1", "page-cache-v1", "sessions-v2" }) Assert.Contains(id, check.Output, StringComparison.Ordinal);
        // So does the running build (KhoRegistry.Catalog), which is what negotiation sends.
        var running = KhoCatalog.Parse(RunApp(output, "catalog").Succeeded().Output, "KhoRegistry.Catalog");
        Assert.Equal(catalog.Formats.Select(f => $"{f.Name} {f.Origin} {f.Find(f.Latest)!.Fingerprint}"),
            running.Formats.Select(f => $"{f.Name} {f.Origin} {f.Find(f.Latest)!.Fingerprint}"));

        // A live update of the application, from one process to the next: every subsystem's state survives.
        string images = Path.Combine(folder, "images");
        Directory.CreateDirectory(images);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(images, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        string image = Path.Combine(images, "app.img");
        var update = RunApp(output, "update", image, Path.Combine(output, "App.dll")).Succeeded();
        Assert.Equal("wrote app-stats-v1, page-cache-v1, sessions-v2", update.Output.Trim());
        var restore = RunApp(output, "restore", image).Succeeded();
        Assert.Equal(new[] { "restored app-stats-v1, page-cache-v1, sessions-v2", "verified: 1000 pages, 50 sessions, 12345 requests" },
            restore.Output.Trim().Split('\n'));
    }

    [Fact]
    public void A_shared_data_type_changed_in_its_library_fails_the_consumers_build_at_its_format_and_the_owners_against_its_own_baseline()
    {
        string folder = package.NewFolder("subsystems-baselines");
        string model = Project(folder, "Model", "Library", "");
        string cache = Project(folder, "Cache", "Library", ProjectReference("Model"));
        Dotnet.Run(cache, "build", "--disable-build-servers").Succeeded();

        // Release 1.0 ships: each project records its own catalog as its baseline.
        foreach (var (dir, name) in new[] { (model, "Model"), (cache, "Cache") })
        {
            Directory.CreateDirectory(Path.Combine(dir, "baselines"));
            File.Copy(Path.Combine(dir, "bin", "Debug", "net10.0", name + ".kho.json"), Path.Combine(dir, "baselines", name + "-1.0.0.0.kho.json"));
        }
        Assert.Contains("\"origin\": { \"assembly\": \"Model\", \"version\": \"1.0.0.0\" }", File.ReadAllText(Path.Combine(cache, "baselines", "Cache-1.0.0.0.kho.json")));

        // Model 1.1 adds a member to Folio.
        string code = Path.Combine(model, "Model.cs");
        File.WriteAllText(code, File.ReadAllText(code).Replace("Folio(ulong Pfn, FolioFlags Flags)", "Folio(ulong Pfn, FolioFlags Flags, uint Order)"));
        string project = Path.Combine(model, "Model.csproj");
        File.WriteAllText(project, File.ReadAllText(project).Replace("<Version>1.0.0</Version>", "<Version>1.1.0</Version>"));
        int folioLine = Array.FindIndex(File.ReadAllLines(code), l => l.Contains("record struct Folio", StringComparison.Ordinal)) + 1;

        // The owner's build fails against its own baseline, on the data type.
        var owner = Dotnet.Run(model, "build", "--disable-build-servers");
        Assert.NotEqual(0, owner.ExitCode);
        Assert.Contains($"Model.cs({folioLine},", owner.Output, StringComparison.Ordinal);
        Assert.Contains("error KHO106: Data type 'Folio' changed since it shipped in Model-1.0.0.0.kho.json (Model 1.0.0.0): nested data 'Folio': member 'Order' (u32) added at position 3",
            owner.Output, StringComparison.Ordinal);

        // Without it (say Model is another team's package), the consumer's build fails at its format, file and line, naming Model and both versions.
        Directory.Delete(Path.Combine(model, "baselines"), recursive: true);
        var consumer = Dotnet.Run(cache, "build", "--disable-build-servers");
        Assert.NotEqual(0, consumer.ExitCode);
        int formatLine = Array.FindIndex(File.ReadAllLines(Path.Combine(cache, "PageCache.cs")), l => l.Contains("record PageCacheV1", StringComparison.Ordinal)) + 1;
        Assert.Contains($"PageCache.cs({formatLine},23): error KHO101: The layout of page-cache-v1 changed since it shipped in Cache-1.0.0.0.kho.json (Cache 1.0.0.0): " +
            "member 'Pages': nested data 'Folio': member 'Order' (u32) added at position 3; " +
            "data type 'Folio' is declared in Model: this build has it from Model 1.1.0.0, the baseline from Model 1.0.0.0", consumer.Output, StringComparison.Ordinal);
    }
}
