using System;
using System.Collections.Generic;

namespace KhoGen;

/// <summary>One entry written or read: a format, its version and its size.</summary>
public sealed record KhoReportEntry(string Format, int Version, long Bytes)
{
    /// <summary>The id.</summary>
    public string Id => FormatNames.Id(Format, Version);
}

/// <summary>What a committed live update wrote, and how long each phase took.</summary>
public sealed record KhoUpdateReport(
    KhoPlan Plan, string? ImagePath, long ImageBytes, IReadOnlyList<KhoReportEntry> Entries,
    TimeSpan PreserveTime, TimeSpan FreezeTime, TimeSpan CommitTime)
{
    /// <summary>
    /// The process that took the state through the handover socket (<c>SO_PEERCRED</c>), and is the
    /// service's main process from the point of no return; null for an image file or a stream.
    /// </summary>
    public int? SuccessorProcessId => Handover?.PeerProcessId;

    /// <summary>The handover socket's timings, when the state went through it; null for an image file or a stream.</summary>
    public KhoHandoverReport? Handover { get; init; }
}

/// <summary>
/// One side's view of a handover through the socket (docs/live-update.md#reports). Timestamps are
/// CLOCK_MONOTONIC in microseconds (<see cref="MonotonicMicroseconds"/>), the same clock in every
/// process of the machine, so the two builds' timestamps compare.
/// </summary>
/// <param name="PeerProcessId">The other build's process (<c>SO_PEERCRED</c>).</param>
/// <param name="StoppedAcceptingAt">When the old build stopped accepting connections (sent to the successor in the Image message); 0 without listeners.</param>
/// <param name="WaitTime">
/// Old build: stopping to accept and draining its connections. Successor: from its Hello to the
/// image, which is the old build's drain, negotiation, preserve and freeze.
/// </param>
/// <param name="TransferTime">
/// Old build: from sending the image to the successor's acknowledgement. Successor: from receiving the
/// image to acknowledging it (validate, read and upgrade every entry, retrieve, adopt the sockets).
/// </param>
public sealed record KhoHandoverReport(int PeerProcessId, long StoppedAcceptingAt, TimeSpan WaitTime, TimeSpan TransferTime)
{
    /// <summary>CLOCK_MONOTONIC now, in microseconds (.NET's <see cref="System.Diagnostics.Stopwatch"/> reads that clock on Linux).</summary>
    public static long MonotonicMicroseconds() =>
        (long)(System.Diagnostics.Stopwatch.GetTimestamp() * (1_000_000.0 / System.Diagnostics.Stopwatch.Frequency));

    /// <summary>
    /// The blackout: from the old build's stop-accepting to <paramref name="firstAcceptedAt"/> (the
    /// successor's first accept, e.g. <c>KhoListeners.FirstAcceptedAt</c>); null when either is unknown.
    /// </summary>
    public TimeSpan? BlackoutUntil(long? firstAcceptedAt) =>
        StoppedAcceptingAt == 0 || firstAcceptedAt is not long accepted ? null : TimeSpan.FromMicroseconds(accepted - StoppedAcceptingAt);
}

/// <summary>What a restore read: entries retrieved (each upgraded to the latest version), cold starts and dropped entries.</summary>
public sealed record KhoRestoreReport(
    string? Writer, IReadOnlyList<KhoReportEntry> Retrieved, IReadOnlyList<string> ColdStarts,
    IReadOnlyList<string> Dropped, TimeSpan ReadTime, TimeSpan RetrieveTime)
{
    /// <summary>No image was restored: every participant cold-started (see <see cref="Refused"/> for why, when an image was there).</summary>
    public bool NoImage => Writer is null;

    /// <summary>
    /// Why an image that was there was not restored, or null: not this process's private file (a
    /// link, another owner, open to others), a runtime folder that is not private, or an image for
    /// another service, instance or build, or older than <see cref="KhoLiveUpdateOptions.MaxImageAge"/>.
    /// Every participant cold-started.
    /// </summary>
    public string? Refused { get; init; }

    /// <summary>Where the image came from: its path, <c>handover socket {path}</c>, or <c>stream</c>; null with no image.</summary>
    public string? Source { get; init; }

    /// <summary>When the restored (or refused) image was written, when it was read that far.</summary>
    public DateTimeOffset? ImageCreated { get; init; }

    /// <summary>The handover socket's timings, when the state came through it; null otherwise.</summary>
    public KhoHandoverReport? Handover { get; init; }

    /// <summary>Every region restored (docs/regions.md): adopted in place, converted, or copied, and the bytes that cost.</summary>
    public IReadOnlyList<KhoRegionReport> Regions { get; init; } = Array.Empty<KhoRegionReport>();
}
