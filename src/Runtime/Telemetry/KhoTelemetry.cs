using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading.Tasks;

namespace KhoGen;

/// <summary>
/// KhoGen's metrics (<see cref="System.Diagnostics.Metrics.Meter"/> <c>KhoGen</c>) and traces
/// (<see cref="System.Diagnostics.ActivitySource"/> <c>KhoGen</c>): what a live update and a
/// restore did, how long each phase took, and what failed where. Names follow OpenTelemetry's
/// conventions and are listed in docs/operations.md; subscribe with OpenTelemetry's
/// <c>AddMeter("KhoGen")</c> / <c>AddSource("KhoGen")</c>, or a MeterListener / ActivityListener.
/// </summary>
public static class KhoTelemetry
{
    /// <summary>The name of the meter and of the activity source.</summary>
    public const string Name = "KhoGen";

    static readonly string? Version = typeof(KhoTelemetry).Assembly.GetName().Version?.ToString();
    static readonly Meter Meter = new(Name, Version);
    static readonly ActivitySource Source = new(Name, Version);

    static readonly Histogram<double> PhaseDuration = Meter.CreateHistogram<double>(
        "khogen.live_update.phase.duration", "s", "How long each phase of a live update or restore took.");
    static readonly Counter<long> Bytes = Meter.CreateCounter<long>(
        "khogen.live_update.bytes", "By", "Image bytes written by live updates and read by restores.");
    static readonly Counter<long> Entries = Meter.CreateCounter<long>(
        "khogen.live_update.entries", "{entry}", "Entries written and read, by format and version.");
    static readonly Counter<long> Failures = Meter.CreateCounter<long>(
        "khogen.live_update.failures", "{failure}", "Live updates and restores refused or failed, by phase and format.");
    static readonly Counter<long> ColdStarts = Meter.CreateCounter<long>(
        "khogen.live_update.cold_starts", "{format}", "Formats a restore started empty.");
    static readonly Histogram<double> HandoverDuration = Meter.CreateHistogram<double>(
        "khogen.handover.duration", "s", "The handover socket's wait and transfer, on the running build's and the successor's side.");
    static readonly Histogram<double> Blackout = Meter.CreateHistogram<double>(
        "khogen.live_update.blackout", "s", "Zero-downtime mode: from the running build's stop-accepting to the successor's first accepted connection.");

    /// <summary>A committed live update: its phases, bytes and entries, and its trace.</summary>
    internal static KhoUpdateReport Updated(KhoUpdateReport report)
    {
        var phases = new[] { ("preserve", report.PreserveTime), ("freeze", report.FreezeTime), ("commit", report.CommitTime) };
        Record(phases);
        Bytes.Add(report.ImageBytes, new KeyValuePair<string, object?>("khogen.direction", "written"));
        foreach (var e in report.Entries) Entry("written", e);
        Trace("khogen.live_update", phases, report.Entries.Select(e => e.Id), "ok", null, null);
        return report;
    }

    /// <summary>A live update refused (negotiation) or failed (any later phase).</summary>
    internal static void UpdateFailed(Exception failure) => Failed("khogen.live_update", failure);

    /// <summary>Records the restore <paramref name="restore"/> runs: its phases, entries and cold starts, or its failure.</summary>
    internal static async Task<KhoRestoreReport> ObserveRestoreAsync(Func<Task<KhoRestoreReport>> restore)
    {
        KhoRestoreReport report;
        try { report = await restore().ConfigureAwait(false); }
        catch (Exception e)
        {
            Failed("khogen.restore", e);
            throw;
        }
        var phases = new[] { ("read", report.ReadTime), ("retrieve", report.RetrieveTime) };
        Record(phases);
        foreach (var e in report.Retrieved) Entry("read", e);
        long read = report.Retrieved.Sum(e => e.Bytes);
        if (read > 0) Bytes.Add(read, new KeyValuePair<string, object?>("khogen.direction", "read"));
        foreach (string format in report.ColdStarts) ColdStarts.Add(1, new KeyValuePair<string, object?>("khogen.format", format));
        if (report.Handover is { } handover) Handover("successor", handover);
        string? source = report.Handover is not null ? "handover_socket" : report.Source is null ? null : report.Source == "stream" ? "stream" : "file";
        Trace("khogen.restore", phases, report.Retrieved.Select(e => e.Id), report.NoImage ? "cold_start" : "ok", null, source);
        return report;
    }

    /// <summary>
    /// Records the blackout of a zero-downtime handover (<c>khogen.live_update.blackout</c>): from the
    /// running build's stop-accepting (<paramref name="handover"/>) to <paramref name="firstAcceptedAt"/>,
    /// the successor's first accepted connection (CLOCK_MONOTONIC microseconds,
    /// <see cref="KhoHandoverReport.MonotonicMicroseconds"/>). KhoGen.AspNetCore's <c>KhoListeners</c> calls
    /// it at that first accept; a service with its own listeners calls it once, the same way.
    /// </summary>
    /// <returns>The blackout, or null when the running build handed over no listeners (nothing is recorded).</returns>
    public static TimeSpan? RecordBlackout(KhoHandoverReport handover, long firstAcceptedAt)
    {
        if (handover is null) throw new ArgumentNullException(nameof(handover));
        if (handover.BlackoutUntil(firstAcceptedAt) is not TimeSpan blackout) return null;
        Blackout.Record(blackout.TotalSeconds);
        return blackout;
    }

    /// <summary>The running build's side of a handover through the socket, once the successor confirmed.</summary>
    internal static KhoUpdateReport HandedOver(KhoUpdateReport report)
    {
        if (report.Handover is { } handover) Handover("running", handover);
        return report;
    }

    static void Handover(string side, KhoHandoverReport handover)
    {
        var sideTag = new KeyValuePair<string, object?>("khogen.side", side);
        HandoverDuration.Record(handover.WaitTime.TotalSeconds, sideTag, new KeyValuePair<string, object?>("khogen.handover.phase", "wait"));
        HandoverDuration.Record(handover.TransferTime.TotalSeconds, sideTag, new KeyValuePair<string, object?>("khogen.handover.phase", "transfer"));
    }

    static void Record(IEnumerable<(string Phase, TimeSpan Time)> phases)
    {
        foreach (var (phase, time) in phases)
            PhaseDuration.Record(time.TotalSeconds, new KeyValuePair<string, object?>("khogen.phase", phase));
    }

    static void Entry(string direction, KhoReportEntry e) => Entries.Add(1,
        new KeyValuePair<string, object?>("khogen.direction", direction),
        new KeyValuePair<string, object?>("khogen.format", e.Format),
        new KeyValuePair<string, object?>("khogen.format.version", e.Version));

    static void Failed(string operation, Exception failure)
    {
        var live = failure as KhoLiveUpdateException;
        string phase = live?.Phase.ToString().ToLowerInvariant() ?? "unknown";
        string outcome = failure is OperationCanceledException ? "cancelled" : live?.Phase == KhoPhase.Negotiate ? "refused" : "failed";
        var tags = new TagList
        {
            { "khogen.operation", operation },
            { "khogen.phase", phase },
            { "khogen.outcome", outcome },
        };
        if (live?.Format is { } format) tags.Add("khogen.format", format);
        Failures.Add(1, tags);
        Trace(operation, Array.Empty<(string, TimeSpan)>(), live?.Plan?.Formats.Where(f => f.Version > 0).Select(f => FormatNames.Id(f.Name, f.Version)) ?? Enumerable.Empty<string>(),
            outcome, (phase, live?.Format, failure.Message), null);
    }

    /// <summary>
    /// The operation's activity and one child per phase, laid end to end so that the last ends now
    /// (the orchestrator measures phases; the trace is written once the outcome is known).
    /// </summary>
    static void Trace(string operation, IReadOnlyList<(string Phase, TimeSpan Time)> phases, IEnumerable<string> ids, string outcome,
        (string Phase, string? Format, string Message)? failure, string? source)
    {
        if (!Source.HasListeners()) return;
        DateTimeOffset end = DateTimeOffset.UtcNow;
        DateTimeOffset start = end - phases.Aggregate(TimeSpan.Zero, (sum, p) => sum + p.Time);
        using var activity = Source.StartActivity(operation, ActivityKind.Internal, parentContext: default, startTime: start);
        if (activity is null) return;
        activity.SetTag("khogen.outcome", outcome);
        activity.SetTag("khogen.formats", ids.ToArray());
        if (source is not null) activity.SetTag("khogen.source", source);
        if (failure is { } f)
        {
            activity.SetTag("khogen.phase", f.Phase);
            if (f.Format is not null) activity.SetTag("khogen.format", f.Format);
            activity.SetStatus(ActivityStatusCode.Error, f.Message);
        }
        DateTimeOffset at = start;
        foreach (var (phase, time) in phases)
        {
            using var child = Source.StartActivity("khogen.phase." + phase, ActivityKind.Internal, activity.Context, startTime: at);
            child?.SetTag("khogen.phase", phase);
            at += time;
            child?.SetEndTime(at.UtcDateTime);
        }
        activity.SetEndTime(end.UtcDateTime);
    }
}
