using System.CommandLine;

namespace KhoGen.Cli.Output;

/// <summary>The shape of a report: for people, for machines, or for a pull-request comment.</summary>
enum OutputFormat
{
    Text,
    Json,
    Markdown,
}

static class OutputFormats
{
    /// <summary>The <c>--format</c> option every report command takes.</summary>
    public static Option<string> Option()
    {
        var option = new Option<string>("--format", "-f")
        {
            Description = "The report's format: text (aligned tables, for people), json (for machines; see docs/cli.md) or markdown (for pull-request comments).",
            DefaultValueFactory = _ => "text",
            HelpName = "text|json|markdown",
        };
        option.AcceptOnlyFromAmong("text", "json", "markdown");
        return option;
    }

    public static OutputFormat Get(ParseResult parse, Option<string> option) => parse.GetValue(option) switch
    {
        "json" => OutputFormat.Json,
        "markdown" => OutputFormat.Markdown,
        _ => OutputFormat.Text,
    };
}
