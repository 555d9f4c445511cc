using System.Collections.Generic;
using System.IO;
using System.Linq;
using KhoGen.Cli.Output;

namespace KhoGen.Cli.Reports;

/// <summary>
/// <see cref="KhoCatalogDiff"/> of two builds: the layouts compared as the old build writes them and
/// the new one reads them, in the words of the layout comparison (KHO101's).
/// </summary>
sealed class DiffReport
{
    public DiffReport(BuildCatalog old, BuildCatalog @new)
    {
        Old = old;
        New = @new;
        Diff = KhoCatalogDiff.Compare(old.Catalog, @new.Catalog);
    }

    public BuildCatalog Old { get; }
    public BuildCatalog New { get; }
    public KhoCatalogDiff Diff { get; }

    public int ExitCode => Diff.HasChanges ? ExitCodes.No : ExitCodes.Ok;

    IEnumerable<KhoVersionDiff> Changed => Diff.Versions.Where(v => v.Kind != KhoVersionDiffKind.Unchanged);

    static string Kind(KhoVersionDiff v) => v.Kind switch
    {
        KhoVersionDiffKind.Added => "added",
        KhoVersionDiffKind.Removed => "removed",
        KhoVersionDiffKind.Changed => "changed",
        _ => "unchanged",
    };

    /// <summary>The kind, and for a changed version whether the new build still reads what the old one wrote.</summary>
    static string Summary(KhoVersionDiff v) => v.Kind switch
    {
        KhoVersionDiffKind.Changed when !v.IsCompatible => "changed: the new build cannot read what the old one wrote",
        KhoVersionDiffKind.Changed when v.LayoutChanges.Count + v.EnumLosses.Count + v.EnumGains.Count + v.Renames.Count > 0 => "changed: wire-compatible",
        _ => Kind(v),
    };

    string Verdict()
    {
        int n = Changed.Count();
        return n == 0 ? "no changes." : $"{n} format version{(n == 1 ? "" : "s")} added, removed or changed.";
    }

    /// <summary>Every added, removed or changed version, placed in the new build.</summary>
    public IReadOnlyList<Finding> Findings() => Changed.Select(v =>
    {
        var (rule, level) = v.Kind switch
        {
            KhoVersionDiffKind.Added => (FindingRule.VersionAdded, FindingLevel.Note),
            KhoVersionDiffKind.Removed => (FindingRule.VersionRemoved, FindingLevel.Warning),
            _ when !v.IsCompatible => (FindingRule.VersionIncompatible, FindingLevel.Error),
            _ => (FindingRule.VersionChanged, FindingLevel.Note),
        };
        string message = $"{v.Id} {Summary(v)} ({Old.Label} -> {New.Label})" + string.Concat(v.All.Select(c => "; " + c));
        return new Finding(rule, level, message, Finding.Locate(New.Catalog, v.Format, new[] { v.Id }));
    }).ToList();

    public void Write(TextWriter output, OutputFormat format, string? sourceRoot = null)
    {
        switch (format)
        {
            case OutputFormat.Sarif: Sarif.Write(output, Findings(), sourceRoot, ExitCode); break;
            case OutputFormat.Github: GithubAnnotations.Write(output, Findings(), sourceRoot, (Diff.HasChanges ? "CHANGED: " : "UNCHANGED: ") + Verdict()); break;
            case OutputFormat.Json: WriteJson(output); break;
            case OutputFormat.Markdown: WriteMarkdown(output); break;
            default: WriteText(output); break;
        }
    }

    void WriteText(TextWriter output)
    {
        output.WriteLine($"Diff {Old.Label} -> {New.Label}");
        var table = new TextTable("version", "change");
        foreach (var v in Diff.Versions)
            table.Add(v.Id, string.Concat(new[] { Summary(v) }.Concat(v.All.Select(c => "\n  - " + c))));
        if (Diff.Versions.Count == 0) output.WriteLine("  (neither build has formats)");
        else table.Write(output);
        output.WriteLine();
        output.WriteLine((Diff.HasChanges ? "CHANGED: " : "UNCHANGED: ") + Verdict());
    }

    void WriteMarkdown(TextWriter output)
    {
        output.WriteLine($"### khogen diff: {Markdown.Code(Old.Label)} → {Markdown.Code(New.Label)}");
        output.WriteLine();
        if (!Diff.HasChanges)
        {
            output.WriteLine("No format version was added, removed or changed.");
            return;
        }
        Markdown.Table(output, new[] { "version", "change" },
            Changed.Select(v => new[]
            {
                Markdown.Code(v.Id),
                string.Concat(new[] { Markdown.Cell(Summary(v)) }.Concat(v.All.Select(c => "<br>• " + Markdown.Cell(c)))),
            }), raw: true);
        int unchanged = Diff.Versions.Count - Changed.Count();
        if (unchanged > 0)
        {
            output.WriteLine();
            output.WriteLine($"Unchanged: {string.Join(", ", Diff.Versions.Where(v => v.Kind == KhoVersionDiffKind.Unchanged).Select(v => Markdown.Code(v.Id)))}.");
        }
    }

    void WriteJson(TextWriter output) => JsonReport.Write(output, w =>
    {
        w.WriteStartObject();
        w.WriteString("command", "diff");
        w.WriteBuild("old", Old);
        w.WriteBuild("new", New);
        w.WriteStartArray("versions");
        foreach (var v in Diff.Versions)
        {
            w.WriteStartObject();
            w.WriteString("id", v.Id);
            w.WriteString("format", v.Format);
            w.WriteNumber("version", v.Version);
            w.WriteString("change", Kind(v));
            w.WriteBoolean("compatible", v.IsCompatible);
            w.WriteStrings("layout", v.LayoutChanges);
            w.WriteStrings("enumLosses", v.EnumLosses);
            w.WriteStrings("enumGains", v.EnumGains);
            w.WriteStrings("renames", v.Renames);
            w.WriteStrings("flags", v.FlagChanges);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteBoolean("changed", Diff.HasChanges);
        w.WriteNumber("exitCode", ExitCode);
        w.WriteEndObject();
    });
}
