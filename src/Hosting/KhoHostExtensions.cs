using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KhoGen.Hosting;

/// <summary>Runs a host that takes part in live updates, or verifies an image with it (verify mode).</summary>
public static class KhoHostExtensions
{
    /// <summary>
    /// Runs the host until it stops and returns 0; in verify mode (<c>KhoGen:Verify=&lt;image&gt;</c>,
    /// <see cref="KhoHostingOptions.VerifyImage"/>) verifies the image instead, prints a report per
    /// entry to standard output (and JSON to <c>KhoGen:VerifyReport</c>), and returns
    /// <see cref="KhoVerifyReport.ExitCode"/>: 0 every entry passed, 1 an entry failed, 2 no valid
    /// image. In verify mode the host is never started: no hosted service runs, nothing is restored,
    /// no handover socket is asked, no listener is adopted or bound, and the running build is not
    /// touched. Use it as <c>return await app.RunKhoAsync();</c> in place of <c>app.RunAsync()</c>.
    /// </summary>
    public static async Task<int> RunKhoAsync(this IHost host, CancellationToken cancellationToken = default)
    {
        if (host is null) throw new ArgumentNullException(nameof(host));
        var options = host.Services.GetRequiredService<KhoHostingOptions>();
        if (options.VerifyImage is not { Length: > 0 } image)
        {
            await host.RunAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }
        using (host) return Verify(host.Services, options, image);
    }

    static int Verify(IServiceProvider services, KhoHostingOptions options, string image)
    {
        ILogger logger = services.GetService<ILoggerFactory>()?.CreateLogger("KhoGen.Hosting") ?? NullLogger.Instance;
        // An orchestrator of its own over the registered participants (constructed, none of their phases
        // called), without the service's: that one would resolve the listeners, which adopt systemd's sockets.
        var verifier = new KhoLiveUpdate(new KhoLiveUpdateOptions { ReadOptions = options.LiveUpdate.ReadOptions, Catalog = options.LiveUpdate.Catalog });
        foreach (KhoParticipant participant in services.GetServices<KhoParticipant>()) verifier.Register(participant);
        KhoVerifyReport report = verifier.VerifyImage(image);
        Console.Out.Write(report.ToText());
        Console.Out.Flush();
        if (report.Ok)
            KhoLog.VerifyPassed(logger, image, string.Join(", ", report.Entries.Select(e => e.Id)));
        else
            KhoLog.VerifyFailed(logger, image, report.ExitCode,
                report.Invalid ?? string.Join("; ", report.Entries.Where(e => !e.Ok).Select(e => $"{e.Id}: {e.Problem}")));
        if (options.VerifyReport is { Length: > 0 } json)
        {
            try { WritePrivate(json, report.ToJson()); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"khogen verify: the report {json} could not be written: {e.Message}");
                return KhoVerifyReport.ExitInvalid;
            }
        }
        return report.ExitCode;
    }

    /// <summary>
    /// The report names formats, sizes and conversion errors, which may quote state: 0600, like the image.
    /// Written to a new file beside the path and renamed over it, as the image is: a link planted at the
    /// path is replaced, never followed, and an existing file's looser mode is never kept.
    /// </summary>
    static void WritePrivate(string path, string text)
    {
        string full = Path.GetFullPath(path);
        string temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using (var writer = new StreamWriter(new FileStream(temp, create))) writer.Write(text);
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
