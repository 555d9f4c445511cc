using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using WebCache.Load;

namespace KhoGen.AspNetCore.Tests.Support;

/// <summary>The web cache sample's releases, built with the tests (both are WebCache.dll, each in its own output folder).</summary>
static class Releases
{
    public static string WebCache(int release)
    {
        var metadata = typeof(Releases).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value);
        return Path.Combine(metadata["KhoGenRoot"]!, "samples", "WebCache", $"V{release}", "bin", metadata["Configuration"]!, "net10.0", "WebCache.dll");
    }

    /// <summary>Runs a release with <c>dotnet</c>.</summary>
    public static ServiceProcess Start(int release, IEnumerable<string> args, IDictionary<string, string?>? environment = null) =>
        ServiceProcess.Start("dotnet", args.Prepend(WebCache(release)), environment);
}
