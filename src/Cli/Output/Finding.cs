using System.Collections.Generic;
using System.Linq;

namespace KhoGen.Cli.Output;

/// <summary>How much a finding matters, in SARIF's words (GitHub's: error, warning, notice).</summary>
enum FindingLevel { Error, Warning, Note }

/// <summary>One kind of finding: its id and what it means (SARIF's reportingDescriptor).</summary>
sealed record FindingRule(string Id, string Description, FindingLevel DefaultLevel)
{
    public static readonly FindingRule UpgradeRefused = new("upgrade-refused",
        "The running build cannot hand this format to the next build: no version both understand.", FindingLevel.Error);
    public static readonly FindingRule RollbackRefused = new("rollback-refused",
        "The next build cannot hand this format back to the running build (a rollback would lose it).", FindingLevel.Error);
    public static readonly FindingRule ColdStart = new("cold-start",
        "The reading build has a format the writing build lacks: it starts that format empty.", FindingLevel.Note);
    public static readonly FindingRule VersionIncompatible = new("version-incompatible",
        "A shipped format version's layout changed so that the new build cannot read what the old one wrote.", FindingLevel.Error);
    public static readonly FindingRule VersionRemoved = new("version-removed",
        "A format version of the old build is gone from the new build.", FindingLevel.Warning);
    public static readonly FindingRule VersionChanged = new("version-changed",
        "A format version changed in a wire-compatible way (names, enum values gained, read/write flags).", FindingLevel.Note);
    public static readonly FindingRule VersionAdded = new("version-added",
        "The new build adds a format version.", FindingLevel.Note);

    public static readonly IReadOnlyList<FindingRule> All = new[]
    {
        UpgradeRefused, RollbackRefused, ColdStart, VersionIncompatible, VersionRemoved, VersionChanged, VersionAdded,
    };
}

/// <summary>
/// One problem or fact of a report, placed where the format version is declared in the build that
/// introduced it (the newer build of the pair), when its catalog records that.
/// </summary>
sealed record Finding(FindingRule Rule, FindingLevel Level, string Message, KhoSource? Source)
{
    /// <summary>
    /// Where to point for <paramref name="format"/> in <paramref name="build"/>: the first of
    /// <paramref name="ids"/> it declares, else its latest version, else any version with a source.
    /// </summary>
    public static KhoSource? Locate(KhoCatalog build, string format, IEnumerable<string> ids)
    {
        foreach (string id in ids)
            if (build.FindVersion(id)?.Source is { } at) return at;
        var f = build.FindFormat(format);
        if (f is null) return null;
        return f.Find(f.Latest)?.Source ?? f.Versions.Select(v => v.Source).LastOrDefault(s => s is not null);
    }
}
