using System;
using System.CommandLine;
using System.IO;
using KhoGen.Cli.Output;
using KhoGen.Cli.Reports;

namespace KhoGen.Cli.Commands;

/// <summary><c>khogen inspect &lt;image&gt;</c>: the entries of a handover image and whether each is intact.</summary>
static class InspectCommand
{
    public static Command Create()
    {
        var image = new Argument<string>("image") { Description = "A handover image file, as written by a live update." };
        var format = OutputFormats.Option();
        var command = new Command("inspect",
            "The writer, entries, versions, sizes and checksum status of a handover image; a bad header, entry table, " +
            "entry or commit record is named. Exit 0 when the image is valid, 1 when it is corrupt or truncated, 2 on bad input.")
        {
            image, format,
        };
        Khogen.SetAction(command, (parse, io) =>
        {
            string path = parse.GetRequiredValue(image);
            Inputs.RequireFile(path);
            KhoImage inspected;
            try
            {
                inspected = KhoImage.Inspect(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new BadInputException($"{path}: cannot be read: {e.Message}");
            }
            using (inspected)
            {
                var report = new InspectReport(inspected);
                report.Write(io.Out, OutputFormats.Get(parse, format));
                return report.ExitCode;
            }
        });
        return command;
    }
}
