using System;
using System.IO;
using System.Linq;

namespace KhoGen.Package.Tests;

[Collection(nameof(PackageCollection))]
public class CatalogFileTests(PackageFixture package)
{
    string Project(string folder, string name, string outputType, string targetFrameworks, string source, string extra = "")
    {
        string dir = Path.Combine(folder, name);
        Directory.CreateDirectory(dir);
        string tfm = targetFrameworks.Contains(';') ? $"<TargetFrameworks>{targetFrameworks}</TargetFrameworks>" : $"<TargetFramework>{targetFrameworks}</TargetFramework>";
        File.WriteAllText(Path.Combine(dir, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>{outputType}</OutputType>
                {tfm}
                <Nullable>enable</Nullable>
                <Version>1.2.0</Version>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="KhoGen" Version="{package.Version}" />
              </ItemGroup>
              {extra}
            </Project>
            """);
        File.WriteAllText(Path.Combine(dir, "Code.cs"), source);
        return dir;
    }

    const string Formats = """
        using KhoGen;
        namespace Cache;
        [KhoFormat("cache", 1)] public partial record CacheV1(int Id, string Name, KhoArray<Page> Pages);
        [KhoData] public partial record struct Page(ulong Pfn, byte Flags);
        """;

    const string Main = "public static class Program { public static int Main() => 0; }";

    [Fact]
    public void Every_build_writes_its_catalog_deterministically_incrementally_and_clean_removes_it()
    {
        string folder = package.NewFolder("app");
        string app = Project(folder, "App", "Exe", "net10.0", Formats + "\n" + Main);
        Dotnet.Run(app, "build", "--disable-build-servers").Succeeded();
        string file = Path.Combine(app, "bin", "Debug", "net10.0", "App.kho.json");
        Assert.True(File.Exists(file), "App.kho.json was not written");
        string json = File.ReadAllText(file);
        var catalog = KhoCatalog.Parse(json, file);
        Assert.Equal("App", catalog.AssemblyName);
        Assert.Equal("1.2.0.0", catalog.AssemblyVersion);
        Assert.Equal("cache-v1", catalog.FindFormat("cache")!.Versions.Single().Id);
        // It is the catalog the build embedded in the assembly, byte for byte.
        Assert.Equal(KhoCatalog.ReadAssembly(Path.Combine(app, "bin", "Debug", "net10.0", "App.dll")).ToJson(), json);

        DateTime written = File.GetLastWriteTimeUtc(file);
        Dotnet.Run(app, "build", "--disable-build-servers").Succeeded();
        Assert.Equal(json, File.ReadAllText(file));
        Assert.Equal(written, File.GetLastWriteTimeUtc(file)); // incremental: not rewritten

        Dotnet.Run(app, "clean", "--disable-build-servers").Succeeded();
        Assert.False(File.Exists(file), "clean left App.kho.json behind");
    }

    [Fact]
    public void A_multi_targeted_library_gets_one_catalog_per_target_framework()
    {
        string folder = package.NewFolder("multi");
        string lib = Project(folder, "Lib", "Library", "net8.0;net10.0", Formats);
        Dotnet.Run(lib, "build", "--disable-build-servers").Succeeded();
        foreach (string tfm in new[] { "net8.0", "net10.0" })
            Assert.True(File.Exists(Path.Combine(lib, "bin", "Debug", tfm, "Lib.kho.json")), $"no catalog for {tfm}");
    }

    [Fact]
    public void A_project_without_formats_gets_no_catalog()
    {
        string folder = package.NewFolder("plain");
        string app = Project(folder, "Plain", "Exe", "net10.0", Main);
        Dotnet.Run(app, "build", "--disable-build-servers").Succeeded();
        Assert.Empty(Directory.GetFiles(Path.Combine(app, "bin"), "*.kho.json", SearchOption.AllDirectories));
    }

    [Fact]
    public void An_application_catalog_covers_the_libraries_it_references()
    {
        string folder = package.NewFolder("whole");
        Project(folder, "Lib", "Library", "net10.0", Formats);
        string app = Project(folder, "Host", "Exe", "net10.0", """
            using KhoGen;
            namespace Host;
            [KhoFormat("session", 2)] public partial record SessionV2(string User);
            public static class Program { public static int Main() => 0; }
            """, extra: """<ItemGroup><ProjectReference Include="../Lib/Lib.csproj" /></ItemGroup>""");
        Dotnet.Run(app, "build", "--disable-build-servers").Succeeded();
        var appCatalog = KhoCatalog.Load(Path.Combine(app, "bin", "Debug", "net10.0", "Host.kho.json"));
        Assert.Equal(new[] { "cache", "session" }, appCatalog.Formats.Select(f => f.Name));
        Assert.Equal("Host", appCatalog.AssemblyName);
        var libCatalog = KhoCatalog.Load(Path.Combine(folder, "Lib", "bin", "Debug", "net10.0", "Lib.kho.json"));
        Assert.Equal(new[] { "cache" }, libCatalog.Formats.Select(f => f.Name));
    }

    [Fact]
    public void Generated_code_passes_the_trimming_and_native_AOT_analyzers()
    {
        string folder = package.NewFolder("aot");
        string lib = Project(folder, "AotLib", "Library", "net10.0", Formats + """

            public static class Use
            {
                public static byte[] Write(Cache.CacheV1 value) => KhoEnvelope.Serialize(value);
                public static Cache.CacheV1 Read(byte[] bytes) => KhoEnvelope.Deserialize<Cache.CacheV1>(bytes);
            }
            """, extra: """
            <PropertyGroup>
              <IsAotCompatible>true</IsAotCompatible>
              <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
            </PropertyGroup>
            """);
        var build = Dotnet.Run(lib, "build", "--disable-build-servers").Succeeded();
        Assert.DoesNotContain("warning IL", build.Output); // IL2xxx trimming, IL3xxx AOT
    }
}
