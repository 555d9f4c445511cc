using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace KhoGen.Package.Tests;

/// <summary>
/// Shipping a release with the packed KhoGen, as docs/shipping.md tells a user to: the build's
/// .kho.json is recorded as a baseline and listed with &lt;KhoBaseline&gt;; from then on `dotnet build`
/// refuses an edit of the shipped layout (KHO101, at its file and line) and accepts a new version.
/// </summary>
[Collection(nameof(PackageCollection))]
public class BaselineTests(PackageFixture package)
{
    const string Shipped = """
        using KhoGen;

        namespace Cache;

        [KhoFormat("cache", 1)]
        public partial record CacheV1(int Id, string Name, KhoArray<Page> Pages);

        [KhoData]
        public partial record struct Page(ulong Pfn, byte Flags);
        """;

    const string Main = "public static class Program { public static int Main() => 0; }\n";

    [Fact]
    public void A_recorded_baseline_fails_the_build_that_edits_a_shipped_layout_and_passes_the_one_that_adds_a_version()
    {
        string app = Path.Combine(package.NewFolder("shipping"), "App");
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Combine(app, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <Version>1.0.0</Version>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="KhoGen" Version="{package.Version}" />
                <KhoBaseline Include="baselines/*.kho.json" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), Main);
        string formats = Path.Combine(app, "Formats.cs");

        // Release 1.0: build it and record its catalog as the baseline.
        File.WriteAllText(formats, Shipped);
        Dotnet.Run(app, "build", "--disable-build-servers").Succeeded();
        string catalog = Path.Combine(app, "bin", "Debug", "net10.0", "App.kho.json");
        Directory.CreateDirectory(Path.Combine(app, "baselines"));
        string baseline = Path.Combine(app, "baselines", "App-1.0.0.0.kho.json");
        File.Copy(catalog, baseline);

        // Editing the shipped layout fails the build, at the type's declaration.
        string edited = Shipped.Replace("KhoArray<Page> Pages)", "KhoArray<Page> Pages, long Expires)");
        File.WriteAllText(formats, edited);
        var failed = Dotnet.Run(app, "build", "--disable-build-servers", "-p:Version=2.0.0");
        Assert.NotEqual(0, failed.ExitCode);
        int line = Array.FindIndex(edited.Split('\n'), l => l.Contains("record CacheV1", StringComparison.Ordinal)) + 1;
        int column = edited.Split('\n')[line - 1].IndexOf("CacheV1", StringComparison.Ordinal) + 1;
        Assert.Matches(new Regex(Regex.Escape($"Formats.cs({line},{column}): error KHO101: The layout of cache-v1 changed since it shipped in App-1.0.0.0.kho.json (App 1.0.0.0): " +
            "member 'Expires' (i64) added at position 4; keep cache-v1 exactly as shipped and make the change in a new version, cache-v2")), failed.Output);

        // Keeping version 1 as it shipped and adding version 2 (with both conversions) builds clean.
        File.WriteAllText(formats, Shipped + """


            [KhoFormat("cache", 2)]
            public partial record CacheV2(int Id, string Name, KhoArray<Page> Pages, long Expires)
            {
                [KhoUpgrade] public static CacheV2 From(CacheV1 v1) => new(v1.Id, v1.Name, v1.Pages, long.MaxValue);
                [KhoDowngrade] public static CacheV1 To(CacheV2 v2) => new(v2.Id, v2.Name, v2.Pages);
            }
            """);
        var passed = Dotnet.Run(app, "build", "--disable-build-servers", "-p:Version=2.0.0").Succeeded();
        Assert.DoesNotContain(": warning KHO", passed.Output, StringComparison.Ordinal);
        var now = KhoCatalog.Load(catalog);
        Assert.Equal("2.0.0.0", now.AssemblyVersion);
        Assert.Equal(new[] { "cache-v1", "cache-v2" }, now.FindFormat("cache")!.Versions.Select(v => v.Id));
        Assert.Equal(KhoCatalog.Load(baseline).FindVersion("cache-v1")!.Fingerprint, now.FindVersion("cache-v1")!.Fingerprint);
    }
}
