using System.CommandLine;
using System.IO;
using System.Text;

namespace KhoGen.Cli.Commands;

/// <summary><c>khogen catalog &lt;assembly.dll&gt;</c>: the catalog a build carries, read without running it.</summary>
static class CatalogCommand
{
    public static Command Create()
    {
        var assembly = new Argument<string>("assembly") { Description = "A built assembly (or a catalog JSON, which is validated and rewritten canonically)." };
        var outputFile = new Option<string?>("--output", "-o") { Description = "Write the catalog to this file instead of standard output.", HelpName = "FILE" };
        var command = new Command("catalog",
            "Prints the catalog (schema khogen-catalog/1) of a built assembly, read from its metadata: the assembly is never " +
            "loaded or run. For an application, the catalogs of the referenced assemblies beside it are merged in. Exit 0, or 2 on bad input.")
        {
            assembly, outputFile,
        };
        Khogen.SetAction(command, (parse, io) =>
        {
            BuildCatalog build = Inputs.Catalog(parse.GetRequiredValue(assembly));
            string json = build.Catalog.ToJson();
            string? file = parse.GetValue(outputFile);
            if (file is null)
            {
                io.Out.Write(json);
                return ExitCodes.Ok;
            }
            if (Directory.Exists(file)) throw new BadInputException($"{file}: is a directory; -o takes a file name");
            string? dir = Path.GetDirectoryName(Path.GetFullPath(file));
            if (dir is not null) Directory.CreateDirectory(dir);
            File.WriteAllText(file, json, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            io.Out.WriteLine($"wrote {file} ({build.Label}, {build.Catalog.Formats.Count} format{(build.Catalog.Formats.Count == 1 ? "" : "s")})");
            return ExitCodes.Ok;
        });
        return command;
    }
}
