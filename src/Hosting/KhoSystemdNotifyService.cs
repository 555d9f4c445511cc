using System;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KhoGen.Hosting;

/// <summary>
/// Tells systemd the service's state: <c>READY=1</c> once every hosted service started (Kestrel
/// listens by then), <c>STOPPING=1</c> when the host stops, and each upgrade's outcome as
/// <c>STATUS=</c>. Does nothing when <c>$NOTIFY_SOCKET</c> is not set.
/// </summary>
sealed class KhoSystemdNotifyService(IHostApplicationLifetime lifetime, IServiceProvider services) : IHostedService, IDisposable
{
    readonly ILogger _logger = services.GetService<ILoggerFactory>()?.CreateLogger("KhoGen.Hosting") ?? NullLogger.Instance;
    KhoSystemdNotifier? _notifier;
    IKhoUpgradeTrigger? _trigger;
    CancellationTokenRegistration _started, _stopping;
    volatile bool _handedOver;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        try { _notifier = KhoSystemdNotifier.FromEnvironment(); }
        catch (ArgumentException e) { KhoLog.SystemdNotifyOff(_logger, e); }
        if (_notifier is null) return Task.CompletedTask;

        _started = lifetime.ApplicationStarted.Register(() => Send(n =>
        {
            if (TookOver()) n.ReadyAsMainProcess("serving"); else n.Ready("serving");
        }));
        // After a handover the successor is the service: this process's stop is not the service's.
        _stopping = lifetime.ApplicationStopping.Register(() => { if (!_handedOver) Send(n => n.Stopping()); });
        _trigger = services.GetService<IKhoUpgradeTrigger>();
        if (_trigger is not null) _trigger.Completed += OnUpgrade;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    void OnUpgrade(KhoUpgradeOutcome outcome)
    {
        if (outcome.Report?.SuccessorProcessId is int successor)
        {
            // The point of no return has passed: the successor is the main process (NotifyAccess=all lets it say READY=1).
            _handedOver = true;
            Send(n => n.MainPid(successor, $"handed over {outcome.Report.ImageBytes} bytes to process {successor}"));
            return;
        }
        Send(n => n.Status(outcome.Succeeded
            ? $"upgrade to {outcome.NextBuild} committed {outcome.Report!.ImageBytes} bytes"
            : $"upgrade to {outcome.NextBuild} failed, serving on: {outcome.Error?.Message}"));
    }

    /// <summary>Whether this process took the state (and the listening sockets) from a running build through the handover socket.</summary>
    bool TookOver()
    {
        Task<KhoRestoreReport>? restore = services.GetService<KhoLiveUpdate>()?.RestoreAsync();   // the first restore's report, not another restore
        return restore is { IsCompletedSuccessfully: true } && restore.Result.Source?.StartsWith("handover socket ", StringComparison.Ordinal) == true;
    }

    void Send(Action<KhoSystemdNotifier> send)
    {
        // A notification that cannot be sent must not stop the service: systemd's timeout reports it.
        try { if (_notifier is { } n) send(n); }
        catch (SocketException e) { KhoLog.SystemdNotifyFailed(_logger, e, _notifier?.Address?.ToString()); }
    }

    public void Dispose()
    {
        _started.Dispose();
        _stopping.Dispose();
        if (_trigger is not null) _trigger.Completed -= OnUpgrade;
        _notifier?.Dispose();
    }
}

/// <summary>Registers systemd notifications with the generic host.</summary>
public static class KhoSystemdServiceCollectionExtensions
{
    /// <summary>
    /// Sends <c>READY=1</c> once the host started, <c>STOPPING=1</c> when it stops, and upgrade
    /// outcomes as <c>STATUS=</c>, to <c>$NOTIFY_SOCKET</c> when systemd set it (<c>Type=notify</c>).
    /// </summary>
    public static IServiceCollection AddKhoSystemdNotify(this IServiceCollection services)
    {
        if (services is null) throw new ArgumentNullException(nameof(services));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, KhoSystemdNotifyService>());
        return services;
    }
}
