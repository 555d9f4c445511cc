using System.CommandLine;
using System.Linq;
using KhoGen.Cli.Output;
using KhoGen.Cli.Reports;

namespace KhoGen.Cli.Commands;

/// <summary><c>khogen matrix &lt;catalog&gt;...</c>: every ordered pair of a set of builds.</summary>
static class MatrixCommand
{
    public static Command Create()
    {
        var catalogs = new Argument<string[]>("catalog")
        {
            Description = "Two or more builds, oldest first: catalogs (*.kho.json) or built assemblies.",
            Arity = ArgumentArity.OneOrMore,
        };
        var format = OutputFormats.Option(findings: true);
        var sourceRoot = OutputFormats.SourceRootOption();
        var command = new Command("matrix",
            "The N x N compatibility of a set of builds given oldest first: row = from, column = to, so the cells above the " +
            "diagonal are upgrades and those below are rollbacks; then each failing pair with its reasons. " +
            "Exit 0 when every pair is compatible, 1 when not, 2 on bad input.")
        {
            catalogs, format, sourceRoot,
        };
        Khogen.SetAction(command, (parse, io) =>
        {
            string[] paths = parse.GetRequiredValue(catalogs);
            if (paths.Length < 2) throw new BadInputException($"matrix compares two or more builds; got one ({paths[0]})");
            var builds = paths.Select(Inputs.Catalog).ToList();
            var report = new MatrixReport(builds);
            report.Write(io.Out, OutputFormats.Get(parse, format), parse.GetValue(sourceRoot));
            return report.ExitCode;
        });
        return command;
    }
}
