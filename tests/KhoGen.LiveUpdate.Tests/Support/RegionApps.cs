using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace KhoGen.LiveUpdate.Tests.Support;

/// <summary>Releases 1.0 and 2.0 of tests/LiveUpdateApps' RegionService, built once per run (only when a region test runs).</summary>
public sealed record BuiltRegionApps(string V1, string V2);

public static class RegionApps
{
    static readonly Lazy<Task<BuiltRegionApps>> s_built = new(async () =>
    {
        string output = Path.Combine(Path.GetTempPath(), "khogen-liveupdate-apps", Guid.NewGuid().ToString("N"));
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(output, recursive: true); }
            catch (IOException) { }
        };
        return new BuiltRegionApps(
            await Apps.BuildAsync("RegionV1", "RegionService.dll", output),
            await Apps.BuildAsync("RegionV2", "RegionService.dll", output));
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    public static Task<BuiltRegionApps> GetAsync() => s_built.Value;
}
