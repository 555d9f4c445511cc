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
    TimeSpan PreserveTime, TimeSpan FreezeTime, TimeSpan CommitTime);

/// <summary>What a restore read: entries retrieved (each upgraded to the latest version), cold starts and dropped entries.</summary>
public sealed record KhoRestoreReport(
    string? Writer, IReadOnlyList<KhoReportEntry> Retrieved, IReadOnlyList<string> ColdStarts,
    IReadOnlyList<string> Dropped, TimeSpan ReadTime, TimeSpan RetrieveTime)
{
    /// <summary>No image was found: every participant cold-started.</summary>
    public bool NoImage => Writer is null;
}
