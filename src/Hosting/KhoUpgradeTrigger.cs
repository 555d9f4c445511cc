using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KhoGen.Hosting;

/// <summary>Negotiates, preserves, freezes and commits; then, by default, stops the host.</summary>
sealed class KhoUpgradeTrigger : IKhoUpgradeTrigger
{
    readonly KhoLiveUpdate _update;
    readonly KhoHostingOptions _options;
    readonly IConfiguration? _configuration;
    readonly IHostApplicationLifetime? _lifetime;
    readonly ILogger _logger;

    public KhoUpgradeTrigger(KhoLiveUpdate update, KhoHostingOptions options, IServiceProvider services)
    {
        _update = update;
        _options = options;
        _configuration = (IConfiguration?)services.GetService(typeof(IConfiguration));
        _lifetime = (IHostApplicationLifetime?)services.GetService(typeof(IHostApplicationLifetime));
        _logger = ((ILoggerFactory?)services.GetService(typeof(ILoggerFactory)))?.CreateLogger("KhoGen.Hosting") ?? NullLogger.Instance;
    }

    public event Action<KhoUpgradeOutcome>? Completed;

    volatile bool _handedOver;

    public async Task<KhoUpdateReport> RequestUpgradeAsync(string nextBuildCatalogOrAssemblyPath, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(nextBuildCatalogOrAssemblyPath)) throw new ArgumentException("The next build's catalog or assembly path is required.", nameof(nextBuildCatalogOrAssemblyPath));
        KhoUpdateReport report;
        try
        {
            KhoConfiguration.ApplyWriteSwitches(_configuration);
            KhoCatalog next = KhoCatalog.LoadAny(nextBuildCatalogOrAssemblyPath);
            report = await _update.UpdateAsync(next, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            KhoLog.UpdateFailed(_logger, e, nextBuildCatalogOrAssemblyPath);
            Completed?.Invoke(new KhoUpgradeOutcome(nextBuildCatalogOrAssemblyPath, null, e));
            throw;
        }
        KhoLog.UpdateCommitted(_logger,
            nextBuildCatalogOrAssemblyPath, report.ImageBytes, report.ImagePath, string.Join(", ", report.Entries.Select(e => e.Id)));
        Completed?.Invoke(new KhoUpgradeOutcome(nextBuildCatalogOrAssemblyPath, report, null));
        if (_options.StopAfterUpgrade) _lifetime?.StopApplication();
        return report;
    }

    /// <summary>
    /// Serves the handover socket until a successor took the state (then stops the host when
    /// <see cref="KhoHostingOptions.StopAfterUpgrade"/>) or <paramref name="ct"/> is cancelled. Peers
    /// refused and successors that failed are logged; the service goes on.
    /// </summary>
    internal async Task ServeHandoverAsync(CancellationToken ct)
    {
        string socket = _update.Options.HandoverSocketPath;
        KhoUpdateReport report;
        try
        {
            KhoLog.HandoverServing(_logger, _update.Options.Address, socket);
            report = await _update.ServeHandoverAsync(
                e =>
                {
                    KhoLog.HandoverAttemptFailed(_logger, e, socket);
                    // A failed attempt is an upgrade attempt too: systemd's STATUS= and the application hear of it.
                    Completed?.Invoke(new KhoUpgradeOutcome(socket, null, e));
                }, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e)
        {
            KhoLog.HandoverSocketFailed(_logger, e, socket);
            Completed?.Invoke(new KhoUpgradeOutcome(socket, null, e));
            return;
        }
        _handedOver = true;
        KhoLog.HandedOver(_logger,
            socket, report.ImageBytes, string.Join(", ", report.Entries.Select(e => e.Id)));
        Completed?.Invoke(new KhoUpgradeOutcome(socket, report, null));
        if (_options.StopAfterUpgrade) _lifetime?.StopApplication();
    }

    /// <summary>
    /// The signal's handler: with <see cref="KhoHostingOptions.SuccessorCommand"/>, starts the
    /// successor, which takes over through the handover socket; otherwise an upgrade to the
    /// configured next build. Reported in the log.
    /// </summary>
    internal async Task OnSignalAsync()
    {
        if (_options.SuccessorCommand is { Length: > 0 } command)
        {
            if (!_options.ServeHandover)
            {
                var e = new InvalidOperationException($"{KhoHostingOptions.SectionName}:Successor:Command needs {KhoHostingOptions.SectionName}:HandoverSocket=true: the successor takes over through the handover socket.");
                KhoLog.SignalIgnored(_logger, e);
                Completed?.Invoke(new KhoUpgradeOutcome(command, null, e));
                return;
            }
            await KhoSuccessorProcess.RunAsync(command, _options.SuccessorArguments.ToArray(), _logger, () => _handedOver,
                e => Completed?.Invoke(new KhoUpgradeOutcome(command, null, e))).ConfigureAwait(false);
            return;
        }
        string? next = _options.NextBuildCatalog;
        if (string.IsNullOrEmpty(next))
        {
            var e = new InvalidOperationException($"The upgrade signal arrived, but no next build is configured ({KhoHostingOptions.SectionName}:NextBuildCatalog).");
            KhoLog.SignalIgnored(_logger, e);
            Completed?.Invoke(new KhoUpgradeOutcome("", null, e));
            return;
        }
        try { await RequestUpgradeAsync(next).ConfigureAwait(false); }
        catch (Exception) { /* logged and reported by RequestUpgradeAsync */ }
    }

    /// <summary>
    /// The snapshot signal's handler: writes the running state to the snapshot path without stopping,
    /// in the versions a live update to <c>KhoGen:NextBuildCatalog</c> would write (latest versions
    /// without one). Logged; the service goes on either way.
    /// </summary>
    internal async Task OnSnapshotSignalAsync()
    {
        string path = _update.Options.SnapshotPath;
        try
        {
            KhoConfiguration.ApplyWriteSwitches(_configuration);
            KhoCatalog? next = _options.NextBuildCatalog is { Length: > 0 } catalog ? KhoCatalog.LoadAny(catalog) : null;
            var report = await _update.WriteSnapshotAsync(path, next).ConfigureAwait(false);
            KhoLog.SnapshotWritten(_logger, string.Join(", ", report.Entries.Select(e => e.Id)), report.Path, report.Bytes);
        }
        catch (Exception e)
        {
            KhoLog.SnapshotFailed(_logger, e, path);
        }
    }
}
