using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;

namespace KhoGen;

/// <summary>Where the image goes and what a restore accepts.</summary>
public sealed class KhoLiveUpdateOptions
{
    /// <summary>
    /// The image file. Default: <c>khogen-{ServiceName}.img</c> in a memory-backed folder
    /// (<c>/dev/shm</c> on Linux, the temp folder elsewhere). Both builds must use the same path.
    /// </summary>
    public string ImagePath { get; set; } = DefaultImagePath(DefaultServiceName());

    /// <summary>Limits for reading entries (collection length, string length, nesting depth).</summary>
    public KhoReadOptions ReadOptions { get; set; } = KhoReadOptions.Default;

    /// <summary>The largest image a restore reads from a stream. Default 2 GiB.</summary>
    public long MaxImageBytes { get; set; } = int.MaxValue;

    /// <summary>
    /// Formats whose entries the service explicitly accepts to lose when this build has no
    /// participant for them. Any other unknown entry refuses the whole restore.
    /// </summary>
    public ISet<string> DroppableFormats { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>This build's catalog. Default: <see cref="KhoRegistry.Catalog"/>.</summary>
    public KhoCatalog? Catalog { get; set; }

    /// <summary>The default image path for a service name.</summary>
    public static string DefaultImagePath(string serviceName)
    {
        string folder = OperatingSystem.IsLinux() && Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        return Path.Combine(folder, $"khogen-{serviceName}.img");
    }

    static string DefaultServiceName() => Assembly.GetEntryAssembly()?.GetName().Name ?? "service";
}
