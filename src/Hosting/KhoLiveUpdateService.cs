using System.Collections.Generic;
using System.Linq;
using System;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KhoGen.Hosting;

/// <summary>
/// The hosted side of live update: restores before any hosted service starts (so nothing serves
/// from an empty state), finishes once the host has started (retrying while a participant cannot
/// finish yet), and listens for the upgrade signal.
/// </summary>
public sealed class KhoLiveUpdateService : IHostedLifecycleService, IDisposable
{
    readonly KhoLiveUpdate _update;
    readonly KhoHostingOptions _options;
    readonly KhoUpgradeTrigger _trigger;
    readonly IConfiguration? _configuration;
    readonly ILogger _logger;
    readonly TimeProvider _time;
    readonly TaskCompletionSource<bool> _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly CancellationTokenSource _stopping = new();
    PosixSignalRegistration? _signal, _snapshotSignal;
    Task? _finishing;
    Task? _serving;

    internal KhoLiveUpdateService(KhoLiveUpdate update, KhoHostingOptions options, KhoUpgradeTrigger trigger, IServiceProvider services)
    {
        _update = update;
        _options = options;
        _trigger = trigger;
        _configuration = (IConfiguration?)services.GetService(typeof(IConfiguration));
        _logger = ((ILoggerFactory?)services.GetService(typeof(ILoggerFactory)))?.CreateLogger("KhoGen.Hosting") ?? NullLogger.Instance;
        _time = (TimeProvider?)services.GetService(typeof(TimeProvider)) ?? TimeProvider.System;
    }

    /// <summary>Completes once every participant finished and the image was released; false when the host stopped first.</summary>
    public Task<bool> Finished => _finished.Task;

    /// <summary>Why the restore failed (the host did not start), or null.</summary>
    public Exception? RestoreFailure { get; private set; }

    /// <summary>When the restore completed (from the host's <see cref="TimeProvider"/>), or null before.</summary>
    public DateTimeOffset? RestoredAt { get; private set; }

    /// <summary>Applies the write switches and restores, before any hosted service's <c>StartAsync</c>.</summary>
    /// <exception cref="KhoLiveUpdateException">The image was refused or a participant failed to retrieve: the host does not start.</exception>
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        // Verify mode must never take over: a host started anyway stops here, before anything restores or binds.
        if (_options.VerifyImage is { Length: > 0 } verify)
            throw new InvalidOperationException($"{KhoHostingOptions.SectionName}:Verify is set ({verify}), but the host was started: " +
                "verify mode runs through RunKhoAsync (return await app.RunKhoAsync();), which verifies without starting the host. Nothing was restored.");
        KhoConfiguration.ApplyWriteSwitches(_configuration);
        KhoRestoreReport report;
        try
        {
            report = await _update.RestoreAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (KhoLiveUpdateException e)
        {
            RestoreFailure = e;
            KhoLog.RestoreFailed(_logger, e, _options.LiveUpdate.ImagePath);
            throw;
        }
        RestoredAt = _time.GetUtcNow();
        if (report.Refused is not null)
            KhoLog.ImageRefused(_logger, report.Refused);
        else if (report.NoImage)
            KhoLog.ColdStart(_logger, _options.LiveUpdate.ImagePath);
        else
            KhoLog.Restored(_logger,
                List(report.Retrieved.Select(e => e.Id)), report.Writer, List(report.ColdStarts), List(report.Dropped));
    }

    /// <summary>Makes sure the restore ran (for hosts that do not call <see cref="StartingAsync"/>) and installs the signal handler.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _update.RestoreAsync(cancellationToken).ConfigureAwait(false);
        if (_options.SnapshotSignal != 0 && _options.SnapshotSignal == _options.UpgradeSignal)
            throw new InvalidOperationException($"{KhoHostingOptions.SectionName}:SnapshotSignal and {KhoHostingOptions.SectionName}:UpgradeSignal are both signal {_options.SnapshotSignal}: " +
                "one signal would write a snapshot and upgrade; choose another (SIGUSR1 is 10 on Linux).");
        if (_options.Signal is PosixSignal signal)
        {
            _signal = PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                _ = _trigger.OnSignalAsync();
            });
            if (_options.SuccessorCommand is { Length: > 0 } successor)
                KhoLog.SignalStartsSuccessor(_logger, _options.UpgradeSignal, successor);
            else if (_options.NextBuildCatalog is null)
                KhoLog.SignalWaitsForCatalog(_logger, _options.UpgradeSignal);
            else
                KhoLog.SignalUpgrades(_logger, _options.UpgradeSignal, _options.NextBuildCatalog);
        }
        if (_options.SnapshotPosixSignal is PosixSignal snapshot)
        {
            _snapshotSignal = PosixSignalRegistration.Create(snapshot, context =>
            {
                context.Cancel = true;
                _ = _trigger.OnSnapshotSignalAsync();
            });
            KhoLog.SnapshotSignal(_logger, _options.SnapshotSignal, _update.Options.SnapshotPath);
        }
    }

    /// <summary>
    /// Finishes the live update in the background, once every hosted service has started; with
    /// <see cref="KhoHostingOptions.ServeHandover"/>, serves the handover socket.
    /// </summary>
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        _finishing = FinishAsync(_stopping.Token);
        if (_options.ServeHandover) _serving = _trigger.ServeHandoverAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    async Task FinishAsync(CancellationToken ct)
    {
        try
        {
            while (true)
            {
                try
                {
                    if (await _update.FinishAsync(ct).ConfigureAwait(false))
                    {
                        _finished.TrySetResult(true);
                        return;
                    }
                    KhoLog.FinishNotReady(_logger, _options.FinishRetryInterval);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    KhoLog.FinishFailed(_logger, e, _options.FinishRetryInterval);
                }
                await Task.Delay(_options.FinishRetryInterval, ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            _finished.TrySetResult(false);
        }
    }

    /// <summary>Stops listening for the signal and stops retrying to finish.</summary>
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        _signal?.Dispose();
        _signal = null;
        _snapshotSignal?.Dispose();
        _snapshotSignal = null;
        _stopping.Cancel();
        if (_finishing is not null) await _finishing.ConfigureAwait(false);
        if (_serving is not null) await _serving.ConfigureAwait(false);
    }

    /// <summary>Nothing to do.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Nothing to do.</summary>
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Releases the signal registration.</summary>
    public void Dispose()
    {
        _signal?.Dispose();
        _snapshotSignal?.Dispose();
        _stopping.Dispose();
    }

    static string List(IEnumerable<string> items)
    {
        string s = string.Join(", ", items);
        return s.Length == 0 ? "none" : s;
    }
}
