using System;
using System.Collections.Generic;
using System.Linq;
using KhoGen.Layout;

namespace KhoGen;

/// <summary>
/// The version chosen for each format when a build (<see cref="From"/>) hands its state to another
/// (<see cref="To"/>): for every format, the highest version the writer can write, with writing
/// enabled, that the reader reads compatibly; or, when there is none, why each version was refused.
/// The runtime's negotiation, the analyzers' rollback rule and the tool's check all ask this class.
/// </summary>
sealed partial class KhoPlan
{
    KhoPlan(KhoCatalog from, KhoCatalog to, IReadOnlyList<KhoPlanFormat> formats)
    {
        From = from;
        To = to;
        Formats = formats;
    }

    /// <summary>The writing build's catalog.</summary>
    public KhoCatalog From { get; }

    /// <summary>The reading build's catalog.</summary>
    public KhoCatalog To { get; }

    /// <summary>One decision per format, sorted by name.</summary>
    public IReadOnlyList<KhoPlanFormat> Formats { get; }

    /// <summary>Every format has a version.</summary>
    public bool IsPossible => Formats.All(f => f.Version > 0);

    /// <summary>The decision for <paramref name="format"/>, or null when it was not planned.</summary>
    public KhoPlanFormat? Find(string format) => Formats.FirstOrDefault(f => f.Name == format);

    /// <summary>
    /// Plans the hand-over of <paramref name="formats"/> (all of <paramref name="from"/>'s when null)
    /// from one build to the next.
    /// </summary>
    /// <param name="from">The catalog of the build that writes.</param>
    /// <param name="to">The catalog of the build that reads.</param>
    /// <param name="formats">The formats to hand over (the participants'); null for every format of <paramref name="from"/>.</param>
    /// <param name="isWriteEnabled">The writer's write switches by id; null when every version is enabled.</param>
    public static KhoPlan Create(KhoCatalog from, KhoCatalog to, IEnumerable<string>? formats = null, Func<string, bool>? isWriteEnabled = null)
    {
        if (from is null) throw new ArgumentNullException(nameof(from));
        if (to is null) throw new ArgumentNullException(nameof(to));
        var names = (formats ?? from.Formats.Select(f => f.Name)).Distinct().OrderBy(n => n, StringComparer.Ordinal);
        var decisions = new List<KhoPlanFormat>();
        foreach (string name in names)
            decisions.Add(Decide(from, to, name, isWriteEnabled));
        return new KhoPlan(from, to, decisions.AsReadOnly());
    }

    static KhoPlanFormat Decide(KhoCatalog from, KhoCatalog to, string name, Func<string, bool>? isWriteEnabled)
    {
        KhoFormatEntry? mine = from.FindFormat(name);
        KhoFormatEntry? theirs = to.FindFormat(name);
        var candidates = new List<KhoPlanCandidate>();
        if (mine is null)
            return new KhoPlanFormat(name, 0, candidates, $"the writing build ({from.AssemblyName}) has no format '{name}'");
        if (theirs is null)
            return new KhoPlanFormat(name, 0, candidates, $"the reading build ({to.AssemblyName}) does not know format '{name}'");

        int chosen = 0;
        foreach (var v in mine.Versions.OrderByDescending(v => v.Version))
        {
            string? why = Refusal(from, to, v, theirs.Find(v.Version), isWriteEnabled);
            candidates.Add(new KhoPlanCandidate(v.Version, v.Id, why));
            if (why is null && chosen == 0) chosen = v.Version;
        }
        string? summary = chosen > 0 ? null :
            $"no version of '{name}' works: the writing build writes {List(mine.Versions.Where(v => v.Write))}, " +
            $"the reading build reads {List(theirs.Versions.Where(v => v.Read && !v.Retired))}";
        return new KhoPlanFormat(name, chosen, candidates, summary);
    }

    static string List(IEnumerable<KhoVersionEntry> versions)
    {
        string s = string.Join(", ", versions.Select(v => v.Id));
        return s.Length == 0 ? "nothing" : s;
    }

    /// <summary>Why version <paramref name="mine"/> cannot be written for the reader, or null when it can.</summary>
    static string? Refusal(KhoCatalog from, KhoCatalog to, KhoVersionEntry mine, KhoVersionEntry? theirs, Func<string, bool>? isWriteEnabled)
    {
        if (mine.Retired) return "retired by the writing build";
        // The switch first: the registry's catalog also marks a switched-off version not writable.
        if (isWriteEnabled is not null && !isWriteEnabled(mine.Id)) return "writing it is switched off";
        if (!mine.Write) return "the writing build does not write it (no downgrade chain from its latest version, or writing switched off)";
        if (theirs is null) return "the reading build does not know it";
        if (theirs.Retired) return "retired by the reading build";
        if (!theirs.Read) return "the reading build cannot read it (no upgrade chain to its latest version)";
        LayoutComparison c;
        try { c = LayoutComparer.Compare(mine.Members, from, theirs.Members, to); }
        catch (KhoFormatException e) { return "its layout cannot be compared: " + e.Message; }
        if (!c.IsCompatible)
            return "same id, different layout: " + string.Join("; ", c.Changes.Concat(c.EnumLosses));
        return null;
    }

    /// <summary>A refusal message that lists each failing format and the versions on both sides.</summary>
    public string Explain()
    {
        var lines = new List<string>();
        foreach (var f in Formats.Where(f => f.Version == 0))
        {
            lines.Add($"- {f.Name}: {f.Problem}");
            foreach (var c in f.Candidates.Where(c => c.Refusal is not null))
                lines.Add($"    {c.Id}: {c.Refusal}");
        }
        return lines.Count == 0
            ? $"{From.AssemblyName} {From.AssemblyVersion} can hand every format to {To.AssemblyName} {To.AssemblyVersion}."
            : $"{From.AssemblyName} {From.AssemblyVersion} cannot hand its state to {To.AssemblyName} {To.AssemblyVersion}:\n" + string.Join("\n", lines);
    }
}

/// <summary>The decision for one format.</summary>
sealed partial class KhoPlanFormat
{
    /// <summary>Creates a decision.</summary>
    public KhoPlanFormat(string name, int version, IReadOnlyList<KhoPlanCandidate> candidates, string? problem)
    {
        Name = name;
        Version = version;
        Candidates = candidates;
        Problem = problem;
    }

    /// <summary>The format.</summary>
    public string Name { get; }

    /// <summary>The version to write, or 0 when none works.</summary>
    public int Version { get; }

    /// <summary>The writer's versions, highest first, with why each was refused.</summary>
    public IReadOnlyList<KhoPlanCandidate> Candidates { get; }

    /// <summary>Why no version works, or null.</summary>
    public string? Problem { get; }
}

/// <summary>One version the writer considered.</summary>
sealed partial class KhoPlanCandidate
{
    /// <summary>Creates a candidate.</summary>
    public KhoPlanCandidate(int version, string id, string? refusal)
    {
        Version = version;
        Id = id;
        Refusal = refusal;
    }

    /// <summary>The version.</summary>
    public int Version { get; }

    /// <summary>Its id.</summary>
    public string Id { get; }

    /// <summary>Why it cannot be used, or null when it can.</summary>
    public string? Refusal { get; }
}
