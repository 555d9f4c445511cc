using System.CommandLine;
using KhoGen.Cli.Output;
using KhoGen.Cli.Reports;

namespace KhoGen.Cli.Commands;

/// <summary><c>khogen check &lt;from&gt; &lt;to&gt;</c>: can the running build hand its state to the next, and back?</summary>
static class CheckCommand
{
    public static Command Create()
    {
        var from = new Argument<string>("from") { Description = "The running build: a catalog (*.kho.json) or a built assembly." };
        var to = new Argument<string>("to") { Description = "The next build: a catalog (*.kho.json) or a built assembly." };
        var requireRollback = new Option<bool>("--require-rollback")
        {
            Description = "Fail (exit 1) unless the next build can also hand its state back to the running one.",
        };
        var format = OutputFormats.Option(findings: true);
        var sourceRoot = OutputFormats.SourceRootOption();
        var command = new Command("check",
            "For the upgrade (from -> to) and the rollback (to -> from): per format, the version that would be written, " +
            "or why none can be. Exit 0 when the upgrade is possible (and the rollback, with --require-rollback), 1 when not, 2 on bad input.")
        {
            from, to, requireRollback, format, sourceRoot,
        };
        Khogen.SetAction(command, (parse, io) =>
        {
            var report = new CheckReport(
                Inputs.Catalog(parse.GetRequiredValue(from)),
                Inputs.Catalog(parse.GetRequiredValue(to)),
                parse.GetValue(requireRollback));
            report.Write(io.Out, OutputFormats.Get(parse, format), parse.GetValue(sourceRoot));
            return report.ExitCode;
        });
        return command;
    }
}
