using System;
using System.Collections.Generic;
using System.Linq;
using KhoGen.Layout;

namespace KhoGen;

/// <summary>
/// What changed between two catalogs of the same service, version by version: versions added or
/// removed, and for each version in both, its layout as the old build writes it compared with the
/// layout the new build reads (<see cref="LayoutComparer"/>, in KHO101's words), and its read,
/// write and retired flags. For <c>khogen diff</c>; compatibility decisions belong to <see cref="KhoPlan"/>.
/// </summary>
public sealed class KhoCatalogDiff
{
    KhoCatalogDiff(KhoCatalog old, KhoCatalog @new, IReadOnlyList<KhoVersionDiff> versions)
    {
        Old = old;
        New = @new;
        Versions = versions;
    }

    /// <summary>The older catalog (the writer of the compared layouts).</summary>
    public KhoCatalog Old { get; }

    /// <summary>The newer catalog (the reader of the compared layouts).</summary>
    public KhoCatalog New { get; }

    /// <summary>Every version of either catalog, by format name then version.</summary>
    public IReadOnlyList<KhoVersionDiff> Versions { get; }

    /// <summary>Some version was added, removed or differs in any way.</summary>
    public bool HasChanges => Versions.Any(v => v.Kind != KhoVersionDiffKind.Unchanged);

    /// <summary>Compares <paramref name="old"/> with <paramref name="new"/>.</summary>
    public static KhoCatalogDiff Compare(KhoCatalog old, KhoCatalog @new)
    {
        if (old is null) throw new ArgumentNullException(nameof(old));
        if (@new is null) throw new ArgumentNullException(nameof(@new));
        var names = old.Formats.Select(f => f.Name).Union(@new.Formats.Select(f => f.Name)).OrderBy(n => n, StringComparer.Ordinal);
        var result = new List<KhoVersionDiff>();
        foreach (string name in names)
        {
            KhoFormatEntry? o = old.FindFormat(name), n = @new.FindFormat(name);
            var versions = (o?.Versions.Select(v => v.Version) ?? Enumerable.Empty<int>())
                .Union(n?.Versions.Select(v => v.Version) ?? Enumerable.Empty<int>()).OrderBy(v => v);
            foreach (int version in versions)
                result.Add(KhoVersionDiff.Create(name, version, old, o?.Find(version), @new, n?.Find(version)));
        }
        return new KhoCatalogDiff(old, @new, result.AsReadOnly());
    }
}

/// <summary>How one version differs between two catalogs.</summary>
public enum KhoVersionDiffKind
{
    /// <summary>Same layout (names included) and flags.</summary>
    Unchanged,

    /// <summary>Only in the new catalog.</summary>
    Added,

    /// <summary>Only in the old catalog.</summary>
    Removed,

    /// <summary>In both, with differences.</summary>
    Changed,
}

/// <summary>One format version compared between two catalogs.</summary>
public sealed class KhoVersionDiff
{
    static readonly IReadOnlyList<string> None = Array.Empty<string>();

    KhoVersionDiff(string format, int version, KhoVersionDiffKind kind, LayoutComparison? layout, IReadOnlyList<string> flags)
    {
        Format = format;
        Version = version;
        Kind = kind;
        LayoutChanges = layout?.Changes.AsReadOnly() ?? None;
        EnumLosses = layout?.EnumLosses.AsReadOnly() ?? None;
        EnumGains = layout?.EnumGains.AsReadOnly() ?? None;
        Renames = layout?.Renames.AsReadOnly() ?? None;
        FlagChanges = flags;
    }

    /// <summary>The format name.</summary>
    public string Format { get; }

    /// <summary>The version.</summary>
    public int Version { get; }

    /// <summary>The id, <c>{format}-v{version}</c>.</summary>
    public string Id => FormatNames.Id(Format, Version);

    /// <summary>Added, removed, changed or unchanged.</summary>
    public KhoVersionDiffKind Kind { get; }

    /// <summary>Structural changes (member added, removed, retyped, moved; nested data changed): the new build cannot read what the old one wrote.</summary>
    public IReadOnlyList<string> LayoutChanges { get; }

    /// <summary>Enum values the old build may write that the new one rejects, or renumbered ones.</summary>
    public IReadOnlyList<string> EnumLosses { get; }

    /// <summary>Enum values only the new build knows (the old build would reject them on rollback).</summary>
    public IReadOnlyList<string> EnumGains { get; }

    /// <summary>Renamed members, data types, enums or enum values (wire-compatible).</summary>
    public IReadOnlyList<string> Renames { get; }

    /// <summary>Changes of the read, write and retired flags, e.g. <c>write: true -&gt; false</c>.</summary>
    public IReadOnlyList<string> FlagChanges { get; }

    /// <summary>Every difference in words, most serious first.</summary>
    public IEnumerable<string> All => LayoutChanges.Concat(EnumLosses).Concat(EnumGains).Concat(Renames).Concat(FlagChanges);

    /// <summary>The new build reads bytes of this version written by the old one (true when either side lacks it).</summary>
    public bool IsCompatible => LayoutChanges.Count == 0 && EnumLosses.Count == 0;

    internal static KhoVersionDiff Create(string format, int version, KhoCatalog oldCatalog, KhoVersionEntry? old, KhoCatalog newCatalog, KhoVersionEntry? @new)
    {
        if (old is null) return new KhoVersionDiff(format, version, KhoVersionDiffKind.Added, null, None);
        if (@new is null) return new KhoVersionDiff(format, version, KhoVersionDiffKind.Removed, null, None);

        var flags = new List<string>();
        Flag(flags, "read", old.Read, @new.Read);
        Flag(flags, "write", old.Write, @new.Write);
        Flag(flags, "retired", old.Retired, @new.Retired);

        // A retired version may have no layout left; there is nothing to compare then.
        LayoutComparison? layout = null;
        if (old.Fingerprint is not null && @new.Fingerprint is not null)
        {
            try
            {
                layout = LayoutComparer.Compare(old.Members, oldCatalog, @new.Members, newCatalog);
            }
            catch (KhoFormatException e)
            {
                layout = new LayoutComparison();
                layout.Changes.Add("the layouts cannot be compared: " + e.Message);
            }
        }
        bool changed = flags.Count > 0 || (layout is not null && layout.All.Any());
        return new KhoVersionDiff(format, version, changed ? KhoVersionDiffKind.Changed : KhoVersionDiffKind.Unchanged, layout, flags.AsReadOnly());
    }

    static void Flag(List<string> flags, string name, bool old, bool @new)
    {
        if (old != @new) flags.Add($"{name}: {(old ? "true" : "false")} -> {(@new ? "true" : "false")}");
    }
}
