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
        var samples = new Option<string?>("--samples")
        {
            Description = "Also record each entry's payload of this snapshot image (written by this build) as {dir}/{assembly}-{version}.samples/{id}.{checksum}.bin, " +
                "for KhoConversionLaw.CheckSamples. Samples are production data: opt in only for state that may leave production.",
            HelpName = "IMAGE",
        };
        var maxBytes = new Option<long>("--max-sample-bytes")
        {
            Description = "Entries larger than this are not recorded (reported as skipped).", DefaultValueFactory = _ => KhoSamples.DefaultMaxBytes, HelpName = "BYTES",
        };
        var command = new Command("baseline",
            "Records a shipped build's catalog as {dir}/{assembly}-{version}.kho.json, validated and in canonical form, for " +
            "<KhoBaseline Include=\"baselines/*.kho.json\" />. An existing identical file is kept; a different one is never " +
            "overwritten. With --samples, also records the payloads of a snapshot image. Exit 0, or 2 on bad input or a conflicting file.")
        {
            input, dir, samples, maxBytes,
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
            bool identical = false;
            if (File.Exists(path))
            {
                identical = File.ReadAllText(path) == json;
                if (!identical)
                    throw new BadInputException(
                        $"{path} already exists and differs from the catalog of {build.Label}: a baseline records what shipped and is never overwritten; " +
                        "if the build that shipped really differs, delete the file first");
            }
            long cap = parse.GetValue(maxBytes);
            if (cap < 0 || cap > KhoSamples.MaxFileBytes) throw new BadInputException($"--max-sample-bytes must be from 0 to {KhoSamples.MaxFileBytes}, not {cap}");
            // Samples are validated (the image whole, every entry a version of this build) before anything is written.
            var recorded = parse.GetValue(samples) is { } image
                ? KhoSamples.Record(image, build.Catalog, KhoSamples.FolderFor(folder, build.Catalog), cap)
                : null;
            if (identical) io.Out.WriteLine($"{path} already records {build.Label} (identical); nothing to do");
            else
            {
                Directory.CreateDirectory(folder);
                File.WriteAllText(path, json, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
                io.Out.WriteLine($"wrote {path} ({build.Label}, {build.Catalog.Formats.Count} format{(build.Catalog.Formats.Count == 1 ? "" : "s")})");
            }
            if (recorded is not null)
            {
                foreach (var r in recorded)
                    io.Out.WriteLine(r.Path is not null ? $"sample {r.Id} ({r.Bytes} bytes): {r.Path}" : $"skipped {r.Id}: {r.Skipped}");
                io.Error.WriteLine("khogen: warning: samples are production data (whatever the service held: users, sessions, keys); " +
                    "commit them only if that state may leave production, or record them from a staging or synthetic snapshot");
            }
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
