using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Hashing;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using KhoGen.Handover;

namespace KhoGen;

/// <summary>
/// Where the image and the handover socket go, whose state they are, and what a restore accepts.
/// Both builds must agree on the runtime folder, the service name and the instance name.
/// See docs/live-update.md#security.
/// </summary>
public sealed class KhoLiveUpdateOptions
{
    string? _runtimeFolder, _imagePath, _socketPath, _snapshotPath;
    string _serviceName = DefaultServiceName();
    string _instanceName = DefaultInstanceName(Environment.CurrentDirectory);

    /// <summary>
    /// The private folder that holds images and the handover socket. Default:
    /// <c>$RUNTIME_DIRECTORY</c> (systemd's <c>RuntimeDirectory=</c>), else <c>$XDG_RUNTIME_DIR/khogen</c>,
    /// else <c>/dev/shm/khogen-{uid}</c> on Linux (the temp folder elsewhere). It is created 0700 and
    /// checked before every use: a real folder, owned by the effective uid, with no group or other
    /// access; otherwise the commit is refused and a restore reports the folder instead of reading it.
    /// </summary>
    public string RuntimeFolder
    {
        get => _runtimeFolder ??= PrivateFolder.Default();
        set => _runtimeFolder = Path.GetFullPath(value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>The service, the first half of <see cref="Address"/>. Default: the entry assembly's name.</summary>
    /// <exception cref="ArgumentException">Not 1–64 letters, digits, '.', '_' or '-', starting with a letter or digit.</exception>
    public string ServiceName
    {
        get => _serviceName;
        set => _serviceName = ValidName(value, nameof(ServiceName));
    }

    /// <summary>
    /// Which instance of the service, the second half of <see cref="Address"/>: two instances with
    /// different names never see each other's state. Default: <see cref="DefaultInstanceName"/> of the
    /// current directory (the generic host uses its content root), the same for every build started
    /// from one deployment folder. Set it when instances share a working directory.
    /// </summary>
    /// <exception cref="ArgumentException">Not 1–64 letters, digits, '.', '_' or '-', starting with a letter or digit.</exception>
    public string InstanceName
    {
        get => _instanceName;
        set => _instanceName = ValidName(value, nameof(InstanceName));
    }

    /// <summary>Whose state: <c>{ServiceName}/{InstanceName}</c>, recorded in every image and checked by a restore.</summary>
    public string Address => $"{ServiceName}/{InstanceName}";

    /// <summary>
    /// The image file. Default: <c>{RuntimeFolder}/{ServiceName}.{InstanceName}.img</c>. A path set
    /// here must be in a private folder too (the same rules as <see cref="RuntimeFolder"/>).
    /// </summary>
    public string ImagePath
    {
        get => _imagePath ?? Path.Combine(RuntimeFolder, $"{ServiceName}.{InstanceName}.img");
        set => _imagePath = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>
    /// Where <see cref="KhoLiveUpdate.WriteSnapshotAsync"/> writes a snapshot of the running state for
    /// verification. Default: <c>{RuntimeFolder}/{ServiceName}.{InstanceName}.snapshot</c>. It must be
    /// in a private folder (the same rules as <see cref="RuntimeFolder"/>) and must not be <see cref="ImagePath"/>.
    /// </summary>
    public string SnapshotPath
    {
        get => _snapshotPath ?? Path.Combine(RuntimeFolder, $"{ServiceName}.{InstanceName}.snapshot");
        set => _snapshotPath = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>
    /// The Unix domain socket of the handover channel (Linux): the running build listens on it
    /// (<see cref="KhoLiveUpdate.ServeHandoverAsync"/>), a restore asks it first. Default:
    /// <c>{RuntimeFolder}/{ServiceName}.{InstanceName}.sock</c>.
    /// </summary>
    public string HandoverSocketPath
    {
        get => _socketPath ?? Path.Combine(RuntimeFolder, $"{ServiceName}.{InstanceName}.sock");
        set => _socketPath = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>
    /// The uids allowed at the other end of the handover socket (checked with <c>SO_PEERCRED</c> before
    /// anything is said). Empty (the default): only this process's effective uid.
    /// </summary>
    public ISet<uint> AllowedPeerUids { get; } = new HashSet<uint>();

    /// <summary>
    /// The oldest image a restore accepts (default 10 minutes); an older one is refused, reported in
    /// <see cref="KhoRestoreReport.Refused"/> and deleted. <see cref="Timeout.InfiniteTimeSpan"/> for no limit.
    /// </summary>
    public TimeSpan MaxImageAge { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long each side of the handover socket waits for the other's next message (default 60 s).</summary>
    public TimeSpan HandoverTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The service's listening sockets, handed over with the state through the handover socket
    /// (zero-downtime handover): the running build stops accepting before it preserves and sends
    /// duplicates beside the image; the successor adopts them before its server binds. Null (the
    /// default): only the state is handed over. KhoGen.Hosting sets it to the registered
    /// <see cref="KhoGen.Hosting.IKhoListenerHandover"/>. See docs/aspnetcore.md#zero-downtime-handover.
    /// </summary>
    public KhoGen.Hosting.IKhoListenerHandover? Listeners { get; set; }

    /// <summary>
    /// Faults injected into the image write (crash or I/O failure at a byte or a point): the
    /// crash-consistency and storage-fault tests' seam, internal, so nothing outside them sets it.
    /// </summary>
    internal ImageFaults Faults { get; set; } = ImageFaults.None;

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

    /// <summary>The default image path for a service name: <c>{default runtime folder}/{serviceName}.{default instance}.img</c>.</summary>
    public static string DefaultImagePath(string serviceName) =>
        Path.Combine(PrivateFolder.Default(), $"{ValidName(serviceName, nameof(serviceName))}.{DefaultInstanceName(Environment.CurrentDirectory)}.img");

    /// <summary>
    /// The default instance name for a deployment folder: the first 16 hex digits of the XxHash3 of
    /// its full path, so every build started from <paramref name="contentRoot"/> agrees on it.
    /// </summary>
    public static string DefaultInstanceName(string contentRoot)
    {
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(contentRoot));
        return XxHash3.HashToUInt64(Encoding.UTF8.GetBytes(full)).ToString("x16");
    }

    static string DefaultServiceName()
    {
        string name = Assembly.GetEntryAssembly()?.GetName().Name ?? "service";
        return NamePattern.IsMatch(name) ? name : "service";
    }

    static readonly Regex NamePattern = new("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", RegexOptions.CultureInvariant);

    static string ValidName(string? value, string what)
    {
        if (value is null) throw new ArgumentNullException(what);
        if (!NamePattern.IsMatch(value) || value.EndsWith('.'))
            throw new ArgumentException($"{what} '{value}' must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit (it names files).", what);
        return value;
    }
}
