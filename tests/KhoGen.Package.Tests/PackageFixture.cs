using System;
using System.Globalization;
using System.IO;

namespace KhoGen.Package.Tests;

/// <summary>
/// Packs KhoGen once per run into a local feed, under a version no other run used, so the NuGet
/// cache can never hand a consumer an older package. The pack builds into its own artifacts
/// folder so it never races other builds of the repository.
/// </summary>
public sealed class PackageFixture : IDisposable
{
    public PackageFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "khogen-package-" + Guid.NewGuid().ToString("N"));
        Feed = Path.Combine(Root, "feed");
        Version = "0.0.0-e2e." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "." + Environment.ProcessId;
        Dotnet.Run(Dotnet.RepoRoot(), "pack", "src/Runtime/KhoGen.Runtime.csproj", "-c", "Release", "-o", Feed,
            "--artifacts-path", Path.Combine(Root, "artifacts"), "-p:Version=" + Version, "--disable-build-servers").Succeeded();
    }

    public string Root { get; }
    public string Feed { get; }
    public string Version { get; }

    /// <summary>A new consumer folder with a nuget.config that adds the local feed.</summary>
    public string NewFolder(string name)
    {
        string dir = Path.Combine(Root, name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "nuget.config"), $"""
            <configuration>
              <packageSources>
                <add key="khogen-local" value="{Feed}" />
              </packageSources>
            </configuration>
            """);
        return dir;
    }

    /// <summary>
    /// A project <paramref name="name"/> in <paramref name="folder"/> that uses the KhoGen package (and
    /// its baselines under baselines/), with <paramref name="items"/> in its item group and
    /// <paramref name="properties"/> beside its properties: the consumer projects of the multi-project tests.
    /// </summary>
    public string NewProject(string folder, string name, string outputType, string items = "", string properties = "")
    {
        string dir = Path.Combine(folder, name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>{outputType}</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <Version>1.0.0</Version>
                {properties}
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="KhoGen" Version="{Version}" />
                <KhoBaseline Include="baselines/*.kho.json" />
                {items}
              </ItemGroup>
            </Project>
            """);
        return dir;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
    }
}

[CollectionDefinition(nameof(PackageCollection))]
public sealed class PackageCollection : ICollectionFixture<PackageFixture> { }
