using System.Globalization;
using System.IO;
using System.Linq;
using KhoGen.Cli.Output;

namespace KhoGen.Cli.Reports;

/// <summary><see cref="KhoImage.Inspect"/> of one image: every problem, not only the first.</summary>
sealed class InspectReport
{
    readonly KhoImage _image;

    public InspectReport(KhoImage image) => _image = image;

    public int ExitCode => _image.IsValid ? ExitCodes.Ok : ExitCodes.No;

    static string Hex(ulong value) => "0x" + value.ToString("x16", CultureInfo.InvariantCulture);

    static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    string Created => _image.Created.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    static string Status(KhoImageEntry e) => e.ChecksumValid ? "ok" : "CORRUPT (checksum mismatch)";

    public void Write(TextWriter output, OutputFormat format)
    {
        switch (format)
        {
            case OutputFormat.Json: WriteJson(output); break;
            case OutputFormat.Markdown: WriteMarkdown(output); break;
            default: WriteText(output); break;
        }
    }

    void WriteText(TextWriter output)
    {
        output.WriteLine($"Image   {_image.Source}");
        output.WriteLine($"Length  {N(_image.Length)} bytes");
        output.WriteLine($"Writer  {(_image.Writer.Length == 0 ? "(unknown)" : _image.Writer)}");
        if (_image.Address.Length > 0)
        {
            output.WriteLine($"Address {_image.Address}");
            output.WriteLine($"For     {_image.Successor} (catalog {Hex(_image.SuccessorFingerprint)})");
            output.WriteLine($"Written {Created}");
        }
        output.WriteLine($"Status  {(_image.IsValid ? "valid" : "CORRUPT")}");
        output.WriteLine();
        if (_image.Entries.Count == 0)
        {
            output.WriteLine(_image.IsValid ? "No entries." : "No entries could be read.");
        }
        else
        {
            var table = new TextTable("entry", "format", "version", "offset", "size", "checksum", "status");
            foreach (var e in _image.Entries)
                table.Add(e.Id, e.Format, N(e.Version), N(e.Offset), N(e.Length), Hex(e.Checksum), Status(e));
            table.Write(output);
        }
        if (!_image.IsValid)
        {
            output.WriteLine();
            output.WriteLine("Problems");
            foreach (string p in _image.Problems) output.WriteLine("  " + p);
        }
    }

    void WriteMarkdown(TextWriter output)
    {
        output.WriteLine($"### khogen inspect: {Markdown.Code(Path.GetFileName(_image.Source))}");
        output.WriteLine();
        output.WriteLine($"{(_image.IsValid ? "✅ valid" : "❌ corrupt")}, {N(_image.Length)} bytes, written by {(_image.Writer.Length == 0 ? "an unknown build" : Markdown.Code(_image.Writer))}" +
            (_image.Address.Length == 0 ? "." : $" for {Markdown.Code(_image.Address)} at {Created}, negotiated for {Markdown.Code(_image.Successor)}."));
        if (_image.Entries.Count > 0)
        {
            output.WriteLine();
            Markdown.Table(output, new[] { "entry", "version", "offset", "size", "checksum", "status" },
                _image.Entries.Select(e => new[]
                {
                    Markdown.Code(e.Id), N(e.Version), N(e.Offset), N(e.Length), Markdown.Code(Hex(e.Checksum)),
                    e.ChecksumValid ? "✅ ok" : "❌ checksum mismatch",
                }), raw: true);
        }
        if (!_image.IsValid)
        {
            output.WriteLine();
            output.WriteLine("Problems:");
            output.WriteLine();
            foreach (string p in _image.Problems) output.WriteLine("- " + Markdown.Text(p));
        }
    }

    void WriteJson(TextWriter output) => JsonReport.Write(output, w =>
    {
        w.WriteStartObject();
        w.WriteString("command", "inspect");
        w.WriteString("image", _image.Source);
        w.WriteNumber("length", _image.Length);
        w.WriteStringOrNull("writer", _image.Writer.Length == 0 ? null : _image.Writer);
        w.WriteStringOrNull("address", _image.Address.Length == 0 ? null : _image.Address);
        w.WriteStringOrNull("created", _image.Address.Length == 0 ? null : Created);
        w.WriteStringOrNull("successor", _image.Address.Length == 0 ? null : _image.Successor);
        w.WriteStringOrNull("successorFingerprint", _image.Address.Length == 0 ? null : Hex(_image.SuccessorFingerprint));
        w.WriteBoolean("valid", _image.IsValid);
        w.WriteStartArray("entries");
        foreach (var e in _image.Entries)
        {
            w.WriteStartObject();
            w.WriteString("id", e.Id);
            w.WriteString("format", e.Format);
            w.WriteNumber("version", e.Version);
            w.WriteNumber("offset", e.Offset);
            w.WriteNumber("length", e.Length);
            w.WriteString("checksum", Hex(e.Checksum));
            w.WriteBoolean("checksumValid", e.ChecksumValid);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStrings("problems", _image.Problems);
        w.WriteNumber("exitCode", ExitCode);
        w.WriteEndObject();
    });
}
