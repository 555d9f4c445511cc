using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using KhoGen.Cli.Output;

namespace KhoGen.Cli.Reports;

/// <summary>A hand-over, per format, in the three output formats (used by check and matrix).</summary>
static class HandOverWriter
{
    /// <summary><c>Upgrade</c> or <c>Rollback</c>.</summary>
    static string Direction(HandOver h) => char.ToUpperInvariant(h.Direction[0]) + h.Direction.Substring(1);

    public static void Text(TextWriter output, HandOver h)
    {
        output.WriteLine($"{Direction(h)} {h.From.Label} -> {h.To.Label}: {(h.IsPossible ? "possible" : "NOT POSSIBLE")}");
        var table = new TextTable("format", "version", "result");
        foreach (var f in h.Formats)
            table.Add(f.Format, f.Id ?? "none", Detail(f));
        if (h.Formats.Count == 0) output.WriteLine("  (the writing build has no formats)");
        else table.Write(output);
    }

    /// <summary>The result column: the status, the reason, then one line per refused candidate.</summary>
    public static string Detail(FormatOutcome f)
    {
        string head = f.Reason is null ? f.StatusWord : $"{f.StatusWord}: {f.Reason}";
        string marker = f.Status == FormatStatus.Ok ? " not used: " : ": ";
        return string.Concat(new[] { head }.Concat(f.Refusals.Select(c => $"\n  {c.Id}{marker}{c.Refusal}")));
    }

    public static void Markdown(TextWriter output, HandOver h)
    {
        output.WriteLine($"**{Direction(h)}** " +
            $"{Output.Markdown.Code(h.From.Label)} → {Output.Markdown.Code(h.To.Label)}: " +
            (h.IsPossible ? "✅ possible" : "❌ not possible"));
        output.WriteLine();
        if (h.Formats.Count == 0)
        {
            output.WriteLine("_The writing build has no formats._");
            return;
        }
        Output.Markdown.Table(output, new[] { "format", "version", "result" },
            h.Formats.Select(f => new[]
            {
                Output.Markdown.Code(f.Format),
                f.Id is null ? "—" : Output.Markdown.Code(f.Id),
                MarkdownDetail(f),
            }), raw: true);
    }

    static string MarkdownDetail(FormatOutcome f)
    {
        string icon = f.Status switch { FormatStatus.Ok => "✅", FormatStatus.Refused => "❌", _ => "🆕" };
        string head = $"{icon} {f.StatusWord}" + (f.Reason is null ? "" : ": " + Output.Markdown.Cell(f.Reason));
        string marker = f.Status == FormatStatus.Ok ? " not used: " : ": ";
        return string.Concat(new[] { head }.Concat(f.Refusals.Select(c =>
            $"<br>• {Output.Markdown.Code(c.Id)}{marker}{Output.Markdown.Cell(c.Refusal!)}")));
    }

    /// <summary>
    /// The refused formats of <paramref name="h"/> as findings (and its cold starts as notes when
    /// <paramref name="coldStarts"/>), placed in <paramref name="newer"/>, the build under review.
    /// </summary>
    public static IEnumerable<Finding> Findings(HandOver h, FindingRule rule, FindingLevel level, KhoCatalog newer, bool coldStarts)
    {
        string head = $"{Direction(h)} {h.From.Label} -> {h.To.Label}: format '";
        foreach (var f in h.Refused)
            yield return new Finding(rule, level,
                head + f.Format + "' refused: " + f.Reason + string.Concat(f.Refusals.Select(c => $"; {c.Id}: {c.Refusal}")),
                Finding.Locate(newer, f.Format, f.Refusals.Select(c => c.Id)));
        if (!coldStarts) yield break;
        foreach (var f in h.ColdStarts)
            yield return new Finding(FindingRule.ColdStart, FindingLevel.Note, head + f.Format + "' cold start: " + f.Reason,
                Finding.Locate(newer, f.Format, Enumerable.Empty<string>()));
    }

    public static void Json(Utf8JsonWriter w, HandOver h)
    {
        w.WriteStartObject();
        w.WriteString("direction", h.Direction);
        w.WriteString("from", h.From.Label);
        w.WriteString("to", h.To.Label);
        w.WriteBoolean("possible", h.IsPossible);
        w.WriteStartArray("formats");
        foreach (var f in h.Formats)
        {
            w.WriteStartObject();
            w.WriteString("name", f.Format);
            w.WriteString("status", f.StatusJson);
            if (f.Decision is { Version: > 0 } d) w.WriteNumber("version", d.Version);
            else w.WriteNull("version");
            w.WriteStringOrNull("id", f.Id);
            w.WriteStringOrNull("reason", f.Reason);
            w.WriteStartArray("candidates");
            foreach (var c in f.Decision?.Candidates ?? Enumerable.Empty<KhoPlanCandidate>())
            {
                w.WriteStartObject();
                w.WriteString("id", c.Id);
                w.WriteNumber("version", c.Version);
                w.WriteBoolean("usable", c.Refusal is null);
                w.WriteStringOrNull("refusal", c.Refusal);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
