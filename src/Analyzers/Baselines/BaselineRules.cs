using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using KhoGen.Generator.Model;
using KhoGen.Layout;
using Microsoft.CodeAnalysis;

namespace KhoGen.Analyzers;

/// <summary>
/// What one baseline says about this build (KHO100-KHO105). Every verdict comes from the one
/// comparison: <see cref="LayoutComparer"/> for a shipped version's layout (the baseline writes, this
/// build reads), <see cref="KhoPlan"/> for a rollback (this build writes, the baseline reads).
/// </summary>
static class BaselineRules
{
    /// <summary>Diagnostic properties of KHO101, for the code fix that splits the version.</summary>
    public const string FormatProperty = "Format", VersionProperty = "Version", BaselineProperty = "Baseline";

    /// <summary>
    /// A diagnostic still to be placed: on the type of <see cref="Home"/> in this compilation, or,
    /// when there is none, in the baseline file at <see cref="Needle"/>.
    /// </summary>
    public sealed record Finding(DiagnosticDescriptor Descriptor, DiagnosticSeverity Severity, FormatKey? Home, string? Needle,
        ImmutableDictionary<string, string?>? Properties, object[] Args);

    public static List<Finding> Check(Baseline baseline, CurrentBuild current)
    {
        var findings = new List<Finding>();
        if (baseline.Catalog is not { } shipped)
        {
            findings.Add(new Finding(Descriptors.BaselineUnreadable, DiagnosticSeverity.Error, null, null, null,
                new object[] { baseline.FileName, baseline.Problem ?? "it is not a catalog" }));
            return findings;
        }

        string release = baseline.Describe();
        foreach (KhoFormatEntry format in shipped.Formats)
        {
            // A layout verdict on a format makes its rollback verdict moot until the layout is fixed.
            bool layoutReported = false;
            foreach (KhoVersionEntry shippedVersion in format.Versions.Where(v => !v.Retired))
            {
                var key = new FormatKey(format.Name, shippedVersion.Version);
                KhoVersionEntry? mine = current.Whole.FindFormat(format.Name)?.Find(shippedVersion.Version);
                if (mine is { Retired: true }) continue; // deliberately no longer read
                FormatKey? home = current.Describes(key) ? key : null;
                string needle = $"\"id\": \"{key.Id}\"";
                if (mine is null)
                {
                    // A type with declaration errors (KHO0nn) is in no catalog; those errors come first.
                    if (current.TypeOf(key) is not null) continue;
                    findings.Add(Unreadable(key, release, "no type declares it any more", current.Neighbour(key), needle));
                    continue;
                }

                LayoutComparison comparison;
                try { comparison = LayoutComparer.Compare(shippedVersion.Members, shipped, mine.Members, current.Whole); }
                catch (KhoFormatException e)
                {
                    comparison = new LayoutComparison();
                    comparison.Changes.Add("the layouts cannot be compared (" + e.Message + ")");
                }

                if (comparison.Changes.Count > 0)
                {
                    layoutReported = true;
                    string next = FormatNames.Id(format.Name, System.Math.Max(current.HighestVersion(format.Name), format.Versions.Max(v => v.Version)) + 1);
                    var properties = ImmutableDictionary<string, string?>.Empty
                        .Add(FormatProperty, format.Name)
                        .Add(VersionProperty, shippedVersion.Version.ToString(CultureInfo.InvariantCulture))
                        .Add(BaselineProperty, baseline.Path);
                    findings.Add(new Finding(Descriptors.ShippedLayoutChanged, DiagnosticSeverity.Error, home, needle, properties,
                        new object[] { key.Id, release, string.Join("; ", comparison.Changes), next }));
                }
                else
                {
                    if (comparison.EnumLosses.Count > 0)
                    {
                        layoutReported = true;
                        findings.Add(new Finding(Descriptors.ShippedEnumChanged, DiagnosticSeverity.Error, home, needle, null,
                            new object[] { key.Id, release, string.Join("; ", comparison.EnumLosses),
                                "state written by that release would be refused or misread here: restore the values, or make the change in a new version" }));
                    }
                    if (comparison.EnumGains.Count > 0)
                    {
                        layoutReported = true;
                        findings.Add(new Finding(Descriptors.ShippedEnumChanged, DiagnosticSeverity.Warning, home, needle, null,
                            new object[] { key.Id, release, string.Join("; ", comparison.EnumGains),
                                "that release refuses the new values, so a rollback to it fails while the state holds one: add them in a new version, or never write them while a rollback is possible" }));
                    }
                    if (comparison.Renames.Count > 0)
                        findings.Add(new Finding(Descriptors.ShippedMemberRenamed, DiagnosticSeverity.Info, home, needle, null,
                            new object[] { key.Id, release, string.Join("; ", comparison.Renames) }));
                }

                if (!mine.Read)
                {
                    var latest = current.Whole.FindFormat(format.Name)!.Latest;
                    string why = latest > 0
                        ? $"no upgrade chain leads from it to {FormatNames.Id(format.Name, latest)}, the latest version"
                        : "every other version of the format is retired";
                    findings.Add(Unreadable(key, release, why, home ?? current.Neighbour(key), needle));
                }
            }
            if (!layoutReported && Rollback(format, shipped, release, current) is { } rollback) findings.Add(rollback);
        }
        return findings;
    }

    static Finding Unreadable(FormatKey key, string release, string why, FormatKey? home, string needle) =>
        new(Descriptors.ShippedVersionUnreadable, DiagnosticSeverity.Error, home, needle, null,
            new object[] { key.Id, release, why, key.Name, key.Version.ToString(CultureInfo.InvariantCulture) });

    /// <summary>KHO105: the plan for handing this format from this build to the baseline's build has no version.</summary>
    static Finding? Rollback(KhoFormatEntry shippedFormat, KhoCatalog shipped, string release, CurrentBuild current)
    {
        KhoFormatEntry? mine = current.Whole.FindFormat(shippedFormat.Name);
        // Nothing to hand back: the format is gone or wholly retired here (KHO102 covers the versions), or that build reads none of it.
        if (mine is null || mine.Latest == 0 || !shippedFormat.Versions.Any(v => v.Read && !v.Retired)) return null;
        KhoPlanFormat? plan = KhoPlan.Create(current.Whole, shipped, new[] { shippedFormat.Name }).Find(shippedFormat.Name);
        if (plan is null || plan.Version > 0) return null;
        var latest = new FormatKey(mine.Name, mine.Latest);
        return new Finding(Descriptors.RollbackImpossible, DiagnosticSeverity.Warning, current.Describes(latest) ? latest : null,
            $"\"name\": \"{shippedFormat.Name}\"", null,
            new object[] { shippedFormat.Name, release, plan.Problem ?? "no version works", latest.Id });
    }
}
