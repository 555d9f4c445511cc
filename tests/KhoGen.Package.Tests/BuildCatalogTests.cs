using System;
using System.IO;
using System.Linq;

namespace KhoGen.Package.Tests;

/// <summary>
/// Which referenced catalogs make up a build, seen by its three readers on one multi-project
/// application: the build's .kho.json (the MSBuild task), <c>khogen catalog Host.dll</c> (the tool,
/// as a process) and the baseline analyzers (which report KHO102 for every recorded format they do
/// not see). Host references Lib (which references Core) and Unused, whose types Host never names,
/// so the compiler leaves Unused out of Host's metadata while the build keeps it.
/// </summary>
[Collection(nameof(PackageCollection))]
public class BuildCatalogTests(PackageFixture package)
{
    string Project(string folder, string name, string outputType, string source, params string[] references)
    {
        string items = string.Concat(references.Select(r => $"""<ProjectReference Include="../{r}/{r}.csproj" />"""));
        string dir = package.NewProject(folder, name, outputType, items);
        File.WriteAllText(Path.Combine(dir, "Code.cs"), source);
        return dir;
    }

    static string Format(string ns, string name) => $$"""
        using KhoGen;
        namespace {{ns}};
        [KhoFormat("{{name}}", 1)] public partial record {{ns}}V1(int Id);
        """;

    [Fact]
    public void The_build_task_the_tool_and_the_baseline_analyzers_see_the_same_catalogs_of_an_application()
    {
        string folder = package.NewFolder("build-catalog");
        Project(folder, "Core", "Library", Format("Core", "core"));
        Project(folder, "Lib", "Library", Format("Lib", "lib") + "public static class Use { public static int Id(Core.CoreV1 c) => c.Id; }\n", "Core");
        Project(folder, "Unused", "Library", Format("Unused", "unused"));
        string host = Project(folder, "Host", "Exe", Format("Host", "host") + """
            public static class Program { public static int Main() => Lib.Use.Id(new Core.CoreV1(1)); }
            """, "Lib", "Unused");
        Dotnet.Run(host, "build", "--disable-build-servers").Succeeded();
        string output = Path.Combine(host, "bin", "Debug", "net10.0");

        // The task: the application's catalog covers its direct, transitive and unnamed references.
        string written = File.ReadAllText(Path.Combine(output, "Host.kho.json"));
        Assert.Equal(new[] { "core", "host", "lib", "unused" }, KhoCatalog.Parse(written, "Host.kho.json").Formats.Select(f => f.Name));

        // The tool, as a process, reads the same bytes from the built application.
        var tool = Dotnet.Run(host, Path.Combine(AppContext.BaseDirectory, "KhoGen.Cli.dll"), "catalog", Path.Combine(output, "Host.dll")).Succeeded();
        Assert.Equal(written, tool.Output);

        // The analyzers: with that catalog recorded as the baseline, a build sees every format of it
        // (a format they did not see would be KHO102, "no type declares it any more").
        Directory.CreateDirectory(Path.Combine(host, "baselines"));
        File.WriteAllText(Path.Combine(host, "baselines", "Host-1.0.0.0.kho.json"), written);
        var again = Dotnet.Run(host, "build", "--disable-build-servers", "--no-incremental").Succeeded();
        Assert.DoesNotContain(" KHO1", again.Output, StringComparison.Ordinal);

        // And they see no more than it: a format dropped from Unused is KHO102 in the application.
        File.WriteAllText(Path.Combine(folder, "Unused", "Code.cs"), "namespace Unused; public static class Empty { }\n");
        var dropped = Dotnet.Run(host, "build", "--disable-build-servers");
        Assert.NotEqual(0, dropped.ExitCode);
        Assert.Contains("error KHO102: unused-v1", dropped.Output, StringComparison.Ordinal);

        // A library is its own catalog, for all three: Lib's .kho.json leaves Core out, and so does the tool.
        string lib = Path.Combine(folder, "Lib", "bin", "Debug", "net10.0");
        Assert.Equal(new[] { "lib" }, KhoCatalog.Load(Path.Combine(lib, "Lib.kho.json")).Formats.Select(f => f.Name));
        var libTool = Dotnet.Run(host, Path.Combine(AppContext.BaseDirectory, "KhoGen.Cli.dll"), "catalog", Path.Combine(lib, "Lib.dll")).Succeeded();
        Assert.Equal(File.ReadAllText(Path.Combine(lib, "Lib.kho.json")), libTool.Output);
    }
}
