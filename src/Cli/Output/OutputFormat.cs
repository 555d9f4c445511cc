using System.CommandLine;

namespace KhoGen.Cli.Output;

/// <summary>The shape of a report: for people, for machines, for a pull-request comment, or for CI.</summary>
enum OutputFormat
{
    Text,
    Json,
    Markdown,

    /// <summary>SARIF 2.1.0: one result per finding, for code-scanning services.</summary>
    Sarif,

    /// <summary>GitHub Actions workflow commands: one annotation per finding, at the declaration.</summary>
    Github,
}

static class OutputFormats
{
    /// <summary>
    /// The <c>--format</c> option every report command takes; <paramref name="findings"/>: the report
    /// has findings (check, matrix, diff), so it can also be written as SARIF or annotations.
    /// </summary>
    public static Option<string> Option(bool findings = false)
    {
        string[] names = findings ? new[] { "text", "json", "markdown", "sarif", "github" } : new[] { "text", "json", "markdown" };
        var option = new Option<string>("--format", "-f")
        {
            Description = "The report's format: text (aligned tables, for people), json (for machines; see docs/cli.md) or markdown (for pull-request comments)" +
                (findings ? "; sarif (SARIF 2.1.0, for code scanning) or github (GitHub Actions annotations at the declaration)." : "."),
            DefaultValueFactory = _ => "text",
            HelpName = string.Join("|", names),
        };
        option.AcceptOnlyFromAmong(names);
        return option;
    }

    /// <summary>The <c>--source-root</c> option: where the catalogs' source files are, seen from the repository root.</summary>
    public static Option<string> SourceRootOption() => new("--source-root")
    {
        Description = "With --format sarif or github: a folder put before each declaration's file (catalogs record it relative to its project), " +
            "e.g. the project's folder relative to the repository root, so that annotations land on the right file.",
        HelpName = "FOLDER",
    };

    public static OutputFormat Get(ParseResult parse, Option<string> option) => parse.GetValue(option) switch
    {
        "json" => OutputFormat.Json,
        "markdown" => OutputFormat.Markdown,
        "sarif" => OutputFormat.Sarif,
        "github" => OutputFormat.Github,
        _ => OutputFormat.Text,
    };
}
