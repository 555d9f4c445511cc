using System.Collections.Generic;
using System.IO;
using System.Linq;
using KhoGen.Cli.Output;

namespace KhoGen.Cli.Reports;

/// <summary>The upgrade (<c>KhoPlan.Create(from, to)</c>) and the rollback (<c>KhoPlan.Create(to, from)</c>) of two builds.</summary>
sealed class CheckReport
{
    public CheckReport(BuildCatalog from, BuildCatalog to, bool requireRollback)
    {
        From = from;
        To = to;
        RequireRollback = requireRollback;
        Upgrade = HandOver.Create("upgrade", from, to);
        Rollback = HandOver.Create("rollback", to, from);
    }

    public BuildCatalog From { get; }
    public BuildCatalog To { get; }
    public bool RequireRollback { get; }
    public HandOver Upgrade { get; }
    public HandOver Rollback { get; }

    public bool Ok => Upgrade.IsPossible && (!RequireRollback || Rollback.IsPossible);

    public int ExitCode => Ok ? ExitCodes.Ok : ExitCodes.No;

    string Verdict()
    {
        string rollback = Rollback.IsPossible ? "the rollback is possible" : "the rollback is not possible";
        string upgrade = Upgrade.IsPossible ? "the upgrade is possible" : "the upgrade is not possible";
        string required = RequireRollback ? " (required by --require-rollback)" : "";
        return $"{upgrade}; {rollback}{(Rollback.IsPossible ? "" : required)}.";
    }

    /// <summary>What the upgrade and the rollback refuse, and the upgrade's cold starts, placed in the next build.</summary>
    public IReadOnlyList<Finding> Findings() =>
        HandOverWriter.Findings(Upgrade, FindingRule.UpgradeRefused, FindingLevel.Error, To.Catalog, coldStarts: true)
            .Concat(HandOverWriter.Findings(Rollback, FindingRule.RollbackRefused,
                RequireRollback ? FindingLevel.Error : FindingLevel.Warning, To.Catalog, coldStarts: false))
            .ToList();

    public void Write(TextWriter output, OutputFormat format, string? sourceRoot = null)
    {
        switch (format)
        {
            case OutputFormat.Sarif:
                Sarif.Write(output, Findings(), sourceRoot, ExitCode);
                break;
            case OutputFormat.Github:
                GithubAnnotations.Write(output, Findings(), sourceRoot, (Ok ? "OK: " : "FAILED: ") + Verdict());
                break;
            case OutputFormat.Json:
                JsonReport.Write(output, w =>
                {
                    w.WriteStartObject();
                    w.WriteString("command", "check");
                    w.WriteBuild("from", From);
                    w.WriteBuild("to", To);
                    w.WriteBoolean("requireRollback", RequireRollback);
                    w.WritePropertyName("upgrade");
                    HandOverWriter.Json(w, Upgrade);
                    w.WritePropertyName("rollback");
                    HandOverWriter.Json(w, Rollback);
                    w.WriteBoolean("ok", Ok);
                    w.WriteNumber("exitCode", ExitCode);
                    w.WriteEndObject();
                });
                break;
            case OutputFormat.Markdown:
                output.WriteLine($"### khogen check: {Markdown.Code(From.Label)} → {Markdown.Code(To.Label)}");
                output.WriteLine();
                HandOverWriter.Markdown(output, Upgrade);
                output.WriteLine();
                HandOverWriter.Markdown(output, Rollback);
                output.WriteLine();
                output.WriteLine($"{(Ok ? "✅" : "❌")} {Markdown.Text(Verdict())}");
                break;
            default:
                HandOverWriter.Text(output, Upgrade);
                output.WriteLine();
                HandOverWriter.Text(output, Rollback);
                output.WriteLine();
                output.WriteLine((Ok ? "OK: " : "FAILED: ") + Verdict());
                break;
        }
    }
}
