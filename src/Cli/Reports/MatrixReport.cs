using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using KhoGen.Cli.Output;

namespace KhoGen.Cli.Reports;

/// <summary>
/// Every ordered pair (i, j), i != j, of builds given oldest first: <c>KhoPlan.Create(builds[i], builds[j])</c>.
/// Above the diagonal (i &lt; j) the pair is an upgrade, below it a rollback.
/// </summary>
sealed class MatrixReport
{
    public MatrixReport(IReadOnlyList<BuildCatalog> builds)
    {
        Builds = builds;
        Cells = new HandOver?[builds.Count, builds.Count];
        for (int i = 0; i < builds.Count; i++)
            for (int j = 0; j < builds.Count; j++)
                if (i != j) Cells[i, j] = HandOver.Create(i < j ? "upgrade" : "rollback", builds[i], builds[j]);
    }

    public IReadOnlyList<BuildCatalog> Builds { get; }

    /// <summary>[from, to]; null on the diagonal.</summary>
    public HandOver?[,] Cells { get; }

    public IEnumerable<(int From, int To, HandOver Cell)> Pairs =>
        from i in Enumerable.Range(0, Builds.Count)
        from j in Enumerable.Range(0, Builds.Count)
        where i != j
        select (i, j, Cells[i, j]!);

    public bool Ok => Pairs.All(p => p.Cell.IsPossible);

    public int ExitCode => Ok ? ExitCodes.Ok : ExitCodes.No;

    static string N(int i) => (i + 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>Every failing pair's refused formats, placed in the newer build of the pair.</summary>
    public IReadOnlyList<Finding> Findings() => Pairs
        .SelectMany(p => HandOverWriter.Findings(p.Cell, p.From < p.To ? FindingRule.UpgradeRefused : FindingRule.RollbackRefused,
            FindingLevel.Error, Builds[System.Math.Max(p.From, p.To)].Catalog, coldStarts: false))
        .ToList();

    string Verdict() => Ok ? $"OK: all {Pairs.Count()} ordered pairs are compatible."
        : $"FAILED: {Pairs.Count(p => !p.Cell.IsPossible)} of {Pairs.Count()} ordered pairs are not compatible.";

    public void Write(TextWriter output, OutputFormat format, string? sourceRoot = null)
    {
        switch (format)
        {
            case OutputFormat.Sarif: Sarif.Write(output, Findings(), sourceRoot, ExitCode); break;
            case OutputFormat.Github: GithubAnnotations.Write(output, Findings(), sourceRoot, Verdict()); break;
            case OutputFormat.Json: WriteJson(output); break;
            case OutputFormat.Markdown: WriteMarkdown(output); break;
            default: WriteText(output); break;
        }
    }

    void WriteText(TextWriter output)
    {
        output.WriteLine("Builds");
        var builds = new TextTable("#", "build", "source");
        for (int i = 0; i < Builds.Count; i++) builds.Add(N(i), Builds[i].Label, Builds[i].Source);
        builds.Write(output);
        output.WriteLine();
        output.WriteLine("Compatibility (row = from, column = to; above the diagonal: upgrade, below: rollback)");
        var grid = new TextTable(new[] { "from \\ to" }.Concat(Builds.Select((_, j) => N(j))).ToArray());
        for (int i = 0; i < Builds.Count; i++)
            grid.Add(new[] { N(i) }.Concat(Enumerable.Range(0, Builds.Count).Select(j => i == j ? "-" : Cells[i, j]!.IsPossible ? "ok" : "FAIL")).ToArray());
        grid.Write(output);

        var failing = Pairs.Where(p => !p.Cell.IsPossible).ToList();
        if (failing.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Failing pairs");
            foreach (var (from, to, cell) in failing)
            {
                output.WriteLine($"  {N(from)} -> {N(to)}  {cell.Direction} {cell.From.Label} -> {cell.To.Label}");
                // The format's reason, then its refused versions one level deeper.
                foreach (var f in cell.Refused)
                    foreach (string line in HandOverWriter.Detail(f).Split('\n'))
                        output.WriteLine((line.StartsWith(' ') ? "      " : $"    {f.Format}: ") + line.TrimStart());
            }
        }
        var cold = Pairs.Where(p => p.Cell.ColdStarts.Any()).ToList();
        if (cold.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Cold starts (not failures)");
            foreach (var (from, to, cell) in cold)
                output.WriteLine($"  {N(from)} -> {N(to)}  {string.Join(", ", cell.ColdStarts.Select(f => f.Format))}");
        }
        output.WriteLine();
        output.WriteLine(Verdict());
    }

    void WriteMarkdown(TextWriter output)
    {
        output.WriteLine("### khogen matrix");
        output.WriteLine();
        output.WriteLine("Row = from, column = to; above the diagonal: upgrade, below: rollback.");
        output.WriteLine();
        var headers = new[] { "from \\ to" }.Concat(Builds.Select((b, j) => $"{N(j)}. {Markdown.Code(b.Label)}")).ToArray();
        var rows = Enumerable.Range(0, Builds.Count).Select(i =>
            new[] { $"{N(i)}. {Markdown.Code(Builds[i].Label)}" }
                .Concat(Enumerable.Range(0, Builds.Count).Select(j => i == j ? "—" : Cells[i, j]!.IsPossible ? "✅" : "❌"))
                .ToArray());
        Markdown.Table(output, headers, rows, raw: true);
        var failing = Pairs.Where(p => !p.Cell.IsPossible).ToList();
        if (failing.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("#### Failing pairs");
            output.WriteLine();
            foreach (var (from, to, cell) in failing)
            {
                output.WriteLine($"- **{N(from)} → {N(to)}** ({cell.Direction} {Markdown.Code(cell.From.Label)} → {Markdown.Code(cell.To.Label)})");
                foreach (var f in cell.Refused)
                {
                    output.WriteLine($"  - {Markdown.Code(f.Format)}: {Markdown.Text(f.Reason ?? "")}");
                    foreach (var c in f.Refusals)
                        output.WriteLine($"    - {Markdown.Code(c.Id)}: {Markdown.Text(c.Refusal!)}");
                }
            }
        }
        output.WriteLine();
        output.WriteLine(Ok ? $"✅ All {Pairs.Count()} ordered pairs are compatible."
                            : $"❌ {failing.Count} of {Pairs.Count()} ordered pairs are not compatible.");
    }

    void WriteJson(TextWriter output) => JsonReport.Write(output, w =>
    {
        w.WriteStartObject();
        w.WriteString("command", "matrix");
        w.WriteStartArray("builds");
        for (int i = 0; i < Builds.Count; i++)
        {
            w.WriteStartObject();
            w.WriteNumber("index", i + 1);
            w.WriteString("source", Builds[i].Source);
            w.WriteString("assembly", Builds[i].Catalog.AssemblyName);
            w.WriteString("version", Builds[i].Catalog.AssemblyVersion);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("grid");
        for (int i = 0; i < Builds.Count; i++)
        {
            w.WriteStartArray();
            for (int j = 0; j < Builds.Count; j++)
            {
                if (i == j) w.WriteNullValue();
                else w.WriteBooleanValue(Cells[i, j]!.IsPossible);
            }
            w.WriteEndArray();
        }
        w.WriteEndArray();
        w.WriteStartArray("pairs");
        foreach (var (from, to, cell) in Pairs)
        {
            w.WriteStartObject();
            w.WriteNumber("from", from + 1);
            w.WriteNumber("to", to + 1);
            w.WritePropertyName("handOver");
            HandOverWriter.Json(w, cell);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteBoolean("ok", Ok);
        w.WriteNumber("exitCode", ExitCode);
        w.WriteEndObject();
    });
}
