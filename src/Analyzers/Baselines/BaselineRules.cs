using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using KhoGen.Generator.Model;
using KhoGen.Layout;
using Microsoft.CodeAnalysis;

namespace KhoGen.Analyzers;

/// <summary>
/// What one baseline says about this build (KHO100-KHO106). Every verdict comes from the one
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
    /// <remarks><see cref="DataHome"/>: for a data type's own check (KHO106), its name in this build's catalog; it is reported on that type.</remarks>
    public sealed record Finding(DiagnosticDescriptor Descriptor, DiagnosticSeverity Severity, FormatKey? Home, string? Needle,
        ImmutableDictionary<string, string?>? Properties, object[] Args, string? DataHome = null);

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
                        new object[] { key.Id, release, string.Join("; ", comparison.Changes.Concat(Origins(shippedVersion.Members, shipped, mine.Members, current.Whole))), next }));
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
        findings.AddRange(SharedData(shipped, release, current));
        return findings;
    }

    /// <summary>
    /// Where the data types that changed in a layout come from, when another assembly declares them:
    /// <c>data type 'Folio' is Model's: this build has it from Model 2.0.0.0, the baseline from Model 1.0.0.0</c>.
    /// The change is that assembly's, and so is the new data type that versions it.
    /// </summary>
    static IEnumerable<string> Origins(IReadOnlyList<KhoMember> shippedMembers, KhoCatalog shipped, IReadOnlyList<KhoMember> members, KhoCatalog current)
    {
        foreach (string name in DataNames(members, current))
        {
            if (current.FindData(name) is not { Origin: { } origin } mine || mine.Origin.Assembly == current.AssemblyName) continue;
            var was = shipped.FindData(name);
            if (was is not null && was.Fingerprint == mine.Fingerprint) continue;
            string before = was?.Origin is { } o ? o.ToString() : was is null ? "did not have it" : shipped.AssemblyName + " " + shipped.AssemblyVersion;
            yield return $"data type '{name}' is declared in {origin.Assembly}: this build has it from {origin}, the baseline from {before}; " +
                $"keep it as shipped in {origin.Assembly} and add a new data type there for the new layout";
        }
    }

    /// <summary>The data types a layout reaches, in the order met.</summary>
    static List<string> DataNames(IReadOnlyList<KhoMember> members, KhoCatalog catalog)
    {
        var found = new List<string>();
        var queue = new Queue<IReadOnlyList<KhoMember>>();
        queue.Enqueue(members);
        while (queue.Count > 0)
        {
            var names = new List<string>();
            foreach (var m in queue.Dequeue()) TypeExpr.TryParse(m.Type)?.CollectNames(names);
            foreach (string n in names)
                if (!found.Contains(n) && catalog.FindData(n) is { } d)
                {
                    found.Add(n);
                    queue.Enqueue(d.Members);
                }
        }
        return found;
    }

    /// <summary>
    /// KHO106: a data type this assembly shipped (its own, in the baseline's data) whose layout changed,
    /// and that no shipped format of the baseline stores (those get KHO101 on the format): formats of
    /// other assemblies store it, and their shipped versions would change with it.
    /// </summary>
    static IEnumerable<Finding> SharedData(KhoCatalog shipped, string release, CurrentBuild current)
    {
        var stored = new HashSet<string>(shipped.Formats.SelectMany(f => f.Versions).SelectMany(v => DataNames(v.Members, shipped)));
        foreach (KhoDataEntry data in shipped.Data)
        {
            if (stored.Contains(data.Name) || (data.Origin is { } o && o.Assembly != shipped.AssemblyName)) continue;
            KhoDataEntry? mine = current.Own.FindData(data.Name);
            if (mine is null || mine.Fingerprint == data.Fingerprint || (mine.Origin is { } m && m.Assembly != current.Own.AssemblyName)) continue;
            LayoutComparison comparison;
            try { comparison = LayoutComparer.Compare(new[] { new KhoMember("value", data.Name) }, shipped, new[] { new KhoMember("value", mine.Name) }, current.Own); }
            catch (KhoFormatException e)
            {
                comparison = new LayoutComparison();
                comparison.Changes.Add("the layouts cannot be compared (" + e.Message + ")");
            }
            var changes = comparison.Changes.Concat(comparison.EnumLosses).Concat(comparison.EnumGains)
                .Select(c => c.StartsWith("member 'value': ", System.StringComparison.Ordinal) ? c.Substring("member 'value': ".Length) : c).ToList();
            if (changes.Count == 0) continue;
            yield return new Finding(Descriptors.SharedDataChanged, DiagnosticSeverity.Error, null, $"\"name\": \"{data.Name}\"", null,
                new object[] { data.Name, release, string.Join("; ", changes) }, DataHome: mine.Name);
        }
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
