using System.Globalization;
using System.Text;

namespace KhoGen.Json;

/// <summary>
/// Writes indented JSON (two spaces, one member per line, '\n' line ends) so that the same
/// catalog always gives the same bytes on every machine.
/// </summary>
sealed class JsonWriter
{
    readonly StringBuilder _sb = new();
    int _indent;
    bool _first = true;
    bool _afterName;

    public JsonWriter() { }

    /// <summary>A writer for a value nested <paramref name="indent"/> levels deep in a document written elsewhere: it starts with the line break before the value.</summary>
    public JsonWriter(int indent)
    {
        _indent = indent;
        _sb.Append('\n');
        _sb.Append(' ', indent * 2);
        _afterName = true;
    }

    /// <summary>How many characters are written.</summary>
    public int Length => _sb.Length;

    public override string ToString() => _sb.ToString();

    /// <summary>The text and a final '\n', in one copy (a catalog's JSON is megabytes at thousands of formats).</summary>
    public string ToStringWithNewLine() => _sb.Append('\n').ToString();

    void Separate()
    {
        if (_afterName) { _afterName = false; return; }
        if (!_first) _sb.Append(',');
        if (_sb.Length > 0) _sb.Append('\n');
        _sb.Append(' ', _indent * 2);
        _first = false;
    }

    public JsonWriter Name(string name)
    {
        Separate();
        WriteString(name);
        _sb.Append(": ");
        _afterName = true;
        return this;
    }

    public JsonWriter StartObject() => Start('{');
    public JsonWriter EndObject() => End('}');
    public JsonWriter StartArray() => Start('[');
    public JsonWriter EndArray() => End(']');

    JsonWriter Start(char c)
    {
        Separate();
        _sb.Append(c);
        _indent++;
        _first = true;
        return this;
    }

    JsonWriter End(char c)
    {
        _indent--;
        if (!_first) { _sb.Append('\n').Append(' ', _indent * 2); }
        _sb.Append(c);
        _first = false;
        return this;
    }

    public JsonWriter String(string? value)
    {
        Separate();
        if (value is null) _sb.Append("null");
        else WriteString(value);
        return this;
    }

    public JsonWriter Number(long value) { Separate(); _sb.Append(value.ToString(CultureInfo.InvariantCulture)); return this; }
    public JsonWriter Number(ulong value) { Separate(); _sb.Append(value.ToString(CultureInfo.InvariantCulture)); return this; }
    public JsonWriter Bool(bool value) { Separate(); _sb.Append(value ? "true" : "false"); return this; }

    /// <summary>An array of scalars on one line, e.g. ["a", "b"], for short lists.</summary>
    public JsonWriter Raw(string json) { Separate(); _sb.Append(json); return this; }

    void WriteString(string s)
    {
        _sb.Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': _sb.Append("\\\""); break;
                case '\\': _sb.Append("\\\\"); break;
                case '\n': _sb.Append("\\n"); break;
                case '\r': _sb.Append("\\r"); break;
                case '\t': _sb.Append("\\t"); break;
                default:
                    if (c < 0x20) _sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else _sb.Append(c);
                    break;
            }
        }
        _sb.Append('"');
    }
}
