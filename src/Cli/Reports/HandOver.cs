using System.Collections.Generic;
using System.Linq;

namespace KhoGen.Cli.Reports;

/// <summary>What happens to one format when one build hands its state to another.</summary>
enum FormatStatus
{
    /// <summary>A version both sides understand was found.</summary>
    Ok,

    /// <summary>No version works: the hand-over is refused.</summary>
    Refused,

    /// <summary>Only the reading build has the format: it starts empty (not a failure).</summary>
    ColdStart,
}

/// <summary>One format of a hand-over: the plan's decision, or a cold start.</summary>
sealed record FormatOutcome(string Format, FormatStatus Status, KhoPlanFormat? Decision, string? ColdStart)
{
    /// <summary>The id of the version that would be written, or null.</summary>
    public string? Id => Decision is { Version: > 0 } d ? d.Candidates.First(c => c.Version == d.Version).Id : null;

    /// <summary>The writer's versions that were refused and why: all of them when refused, the higher ones when ok.</summary>
    public IEnumerable<KhoPlanCandidate> Refusals => Decision is null
        ? Enumerable.Empty<KhoPlanCandidate>()
        : Decision.Candidates.Where(c => c.Refusal is not null && (Decision.Version == 0 || c.Version > Decision.Version));

    /// <summary>Why this format fails or cold-starts; null when ok.</summary>
    public string? Reason => Status switch
    {
        FormatStatus.Refused => Decision!.Problem,
        FormatStatus.ColdStart => ColdStart,
        _ => null,
    };

    public string StatusWord => Status switch
    {
        FormatStatus.Ok => "ok",
        FormatStatus.Refused => "refused",
        _ => "cold start",
    };

    public string StatusJson => Status switch
    {
        FormatStatus.Ok => "ok",
        FormatStatus.Refused => "refused",
        _ => "cold-start",
    };
}

/// <summary>
/// One direction of a check: <see cref="From"/> writes its state for <see cref="To"/>. The decision is
/// <see cref="KhoPlan.Create"/>'s (the runtime's negotiation); this only adds the formats the writer
/// lacks, which the reader starts empty.
/// </summary>
sealed class HandOver
{
    HandOver(string direction, BuildCatalog from, BuildCatalog to, KhoPlan plan, IReadOnlyList<FormatOutcome> formats)
    {
        Direction = direction;
        From = from;
        To = to;
        Plan = plan;
        Formats = formats;
    }

    /// <summary><c>upgrade</c> or <c>rollback</c>.</summary>
    public string Direction { get; }

    public BuildCatalog From { get; }

    public BuildCatalog To { get; }

    public KhoPlan Plan { get; }

    /// <summary>Every format of either build, by name.</summary>
    public IReadOnlyList<FormatOutcome> Formats { get; }

    public bool IsPossible => Plan.IsPossible;

    public IEnumerable<FormatOutcome> Refused => Formats.Where(f => f.Status == FormatStatus.Refused);

    public IEnumerable<FormatOutcome> ColdStarts => Formats.Where(f => f.Status == FormatStatus.ColdStart);

    public static HandOver Create(string direction, BuildCatalog from, BuildCatalog to)
    {
        KhoPlan plan = KhoPlan.Create(from.Catalog, to.Catalog);
        var formats = plan.Formats
            .Select(d => new FormatOutcome(d.Name, d.Version > 0 ? FormatStatus.Ok : FormatStatus.Refused, d, null))
            .ToList();
        foreach (var f in to.Catalog.Formats)
            if (from.Catalog.FindFormat(f.Name) is null)
                formats.Add(new FormatOutcome(f.Name, FormatStatus.ColdStart, null,
                    $"{from.Catalog.AssemblyName} has no format '{f.Name}': {to.Catalog.AssemblyName} starts it empty"));
        formats.Sort((a, b) => string.CompareOrdinal(a.Format, b.Format));
        return new HandOver(direction, from, to, plan, formats);
    }
}
