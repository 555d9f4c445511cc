using System.CommandLine;
using KhoGen.Cli.Output;
using KhoGen.Cli.Reports;

namespace KhoGen.Cli.Commands;

/// <summary><c>khogen diff &lt;old&gt; &lt;new&gt;</c>: what changed, version by version.</summary>
static class DiffCommand
{
    public static Command Create()
    {
        var old = new Argument<string>("old") { Description = "The older build: a catalog (*.kho.json) or a built assembly." };
        var @new = new Argument<string>("new") { Description = "The newer build: a catalog (*.kho.json) or a built assembly." };
        var format = OutputFormats.Option(findings: true);
        var sourceRoot = OutputFormats.SourceRootOption();
        var command = new Command("diff",
            "Per format version: versions added and removed, and for those in both what changed in the layout (members added, " +
            "removed, retyped, moved, renamed; nested data; enum values) and in the read/write/retired flags. " +
            "Exit 0 when nothing changed, 1 when something did, 2 on bad input.")
        {
            old, @new, format, sourceRoot,
        };
        Khogen.SetAction(command, (parse, io) =>
        {
            var report = new DiffReport(Inputs.Catalog(parse.GetRequiredValue(old)), Inputs.Catalog(parse.GetRequiredValue(@new)));
            report.Write(io.Out, OutputFormats.Get(parse, format), parse.GetValue(sourceRoot));
            return report.ExitCode;
        });
        return command;
    }
}
