using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KhoGen.Hosting;

/// <summary>
/// Unhealthy when the restore failed, when the handover is not finished <see cref="KhoHealthOptions.FinishTimeout"/>
/// after the restore, or when this build cannot hand some format to the configured next build
/// (typically a write switch turned off: docs/operations.md).
/// </summary>
public sealed class KhoLiveUpdateHealthCheck : IHealthCheck
{
    readonly KhoLiveUpdate _update;
    readonly KhoLiveUpdateService _service;
    readonly KhoHostingOptions _hosting;
    readonly KhoHealthOptions _options;
    readonly TimeProvider _time;

    /// <summary>Creates the check over the host's KhoGen services.</summary>
    public KhoLiveUpdateHealthCheck(IServiceProvider services, KhoHealthOptions options)
    {
        _update = services.GetRequiredService<KhoLiveUpdate>();
        _service = services.GetRequiredService<KhoLiveUpdateService>();
        _hosting = services.GetRequiredService<KhoHostingOptions>();
        _options = options;
        _time = services.GetService<TimeProvider>() ?? TimeProvider.System;
    }

    /// <inheritdoc/>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = context.Registration.FailureStatus;
        if (_service.RestoreFailure is { } failure)
            return Done(new HealthCheckResult(status, "The live-update restore failed: " + failure.Message, failure));

        var data = new Dictionary<string, object>();
        if (_service.RestoredAt is { } restored)
        {
            bool finished = _service.Finished.IsCompletedSuccessfully && _service.Finished.Result;
            TimeSpan since = _time.GetUtcNow() - restored;
            data["finished"] = finished;
            if (!finished && since > _options.FinishTimeout)
                return Done(new HealthCheckResult(status,
                    $"The live-update handover is not finished {since:g} after the restore (limit {_options.FinishTimeout:g}): a participant cannot finish, the image is kept.", data: data));
        }

        string? next = _options.NextBuildCatalog ?? _hosting.NextBuildCatalog;
        if (next is not null)
        {
            KhoPlan plan;
            try { plan = KhoPlan.Create(_update.Catalog, KhoCatalog.LoadAny(next)); }
            catch (Exception e) when (e is KhoFormatException or System.IO.IOException or UnauthorizedAccessException)
            {
                return Done(new HealthCheckResult(status, $"The next build's catalog {next} cannot be read: {e.Message}", e));
            }
            if (!plan.IsPossible)
                return Done(new HealthCheckResult(status, $"This build cannot hand its state to the next build ({next}): {plan.Explain()}", data: data));
        }
        return Done(HealthCheckResult.Healthy("KhoGen live update ready.", data));
    }

    static Task<HealthCheckResult> Done(HealthCheckResult result) => Task.FromResult(result);
}

/// <summary>Registers <see cref="KhoLiveUpdateHealthCheck"/>.</summary>
public static class KhoHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds the KhoGen live-update check (name <c>khogen</c> by default) to a host that called
    /// <c>AddKhoLiveUpdate()</c>.
    /// </summary>
    public static IHealthChecksBuilder AddKhoLiveUpdate(this IHealthChecksBuilder builder, Action<KhoHealthOptions>? configure = null,
        string name = "khogen", HealthStatus? failureStatus = null, IEnumerable<string>? tags = null)
    {
        if (builder is null) throw new ArgumentNullException(nameof(builder));
        var options = new KhoHealthOptions();
        configure?.Invoke(options);
        return builder.Add(new HealthCheckRegistration(name, services => new KhoLiveUpdateHealthCheck(services, options), failureStatus, tags));
    }
}
