using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text;

namespace KhoGen.Cli.Commands;

/// <summary><c>khogen baseline &lt;assembly.dll or catalog&gt;</c>: records a shipped build's catalog for the analyzers.</summary>
static class BaselineCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("build") { Description = "The shipped build: a built assembly or its catalog (*.kho.json)." };
        var dir = new Option<string>("--dir") { Description = "The baselines folder (created if missing).", DefaultValueFactory = _ => "baselines", HelpName = "DIR" };
        var command = new Command("baseline",
            "Records a shipped build's catalog as {dir}/{assembly}-{version}.kho.json, validated and in canonical form, for " +
            "<KhoBaseline Include=\"baselines/*.kho.json\" />. An existing identical file is kept; a different one is never " +
            "overwritten. Exit 0, or 2 on bad input or a conflicting file.")
        {
            input, dir,
        };
        Khogen.SetAction(command, (parse, io) =>
        {
            BuildCatalog build = Inputs.Catalog(parse.GetRequiredValue(input));
            string folder = parse.GetValue(dir) ?? "baselines";
            string name = SafeFileName($"{build.Catalog.AssemblyName}-{build.Catalog.AssemblyVersion}.kho.json");
            string path = Path.Combine(folder, name);
            string json = build.Catalog.ToJson();
            if (File.Exists(folder)) throw new BadInputException($"{folder}: is a file; --dir takes a folder");
            if (Directory.Exists(path)) throw new BadInputException($"{path}: is a directory");
            if (File.Exists(path))
            {
                string existing = File.ReadAllText(path);
                if (existing == json)
                {
                    io.Out.WriteLine($"{path} already records {build.Label} (identical); nothing to do");
                    return ExitCodes.Ok;
                }
                throw new BadInputException(
                    $"{path} already exists and differs from the catalog of {build.Label}: a baseline records what shipped and is never overwritten; " +
                    "if the build that shipped really differs, delete the file first");
            }
            Directory.CreateDirectory(folder);
            File.WriteAllText(path, json, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            io.Out.WriteLine($"wrote {path} ({build.Label}, {build.Catalog.Formats.Count} format{(build.Catalog.Formats.Count == 1 ? "" : "s")})");
            return ExitCodes.Ok;
        });
        return command;
    }

    static string SafeFileName(string name)
    {
        char[] invalid = Path.GetInvalidFileNameChars().Concat(new[] { '/', '\\', ':' }).ToArray();
        return new string(name.Select(c => invalid.Contains(c) ? '_' : c).ToArray());
    }
}
