using System;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace KhoGen.Cli.Output;

/// <summary>Writes a report as indented JSON (documented in docs/cli.md), '\n' line ends, one trailing newline.</summary>
static class JsonReport
{
    public static void Write(TextWriter output, Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Indented = true,
            // Type names like seq<Entry> stay readable.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            body(writer);
        }
        string text = Encoding.UTF8.GetString(buffer.ToArray()).Replace("\r\n", "\n");
        output.Write(text);
        output.Write('\n');
    }

    public static void WriteStringOrNull(this Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) w.WriteNull(name);
        else w.WriteString(name, value);
    }

    public static void WriteStrings(this Utf8JsonWriter w, string name, System.Collections.Generic.IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (string v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }

    /// <summary>The <c>{ "source", "assembly", "version" }</c> object that names a build.</summary>
    public static void WriteBuild(this Utf8JsonWriter w, string name, BuildCatalog build)
    {
        w.WriteStartObject(name);
        w.WriteString("source", build.Source);
        w.WriteString("assembly", build.Catalog.AssemblyName);
        w.WriteString("version", build.Catalog.AssemblyVersion);
        w.WriteEndObject();
    }
}
