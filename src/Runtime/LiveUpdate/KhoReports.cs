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
    public int? SuccessorProcessId { get; init; }
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
}
