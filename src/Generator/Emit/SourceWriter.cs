using System.Text;

namespace KhoGen.Generator.Emit;

/// <summary>A StringBuilder with an indentation level: generated code is written as text, not syntax trees.</summary>
sealed class SourceWriter
{
    readonly StringBuilder _sb = new();
    int _indent;
    int _temp;

    /// <summary>
    /// Marks a generated declaration for tools that skip generated code (coverage, metrics, analyzers
    /// that honour it), naming this generator and its version.
    /// </summary>
    public static readonly string GeneratedCode =
        "[global::System.CodeDom.Compiler.GeneratedCode(\"KhoGen.Generator\", \"" +
        typeof(SourceWriter).Assembly.GetName().Version!.ToString() + "\")]";

    public SourceWriter Line(string text = "")
    {
        if (text.Length > 0) _sb.Append(' ', _indent * 4).Append(text);
        _sb.Append('\n');
        return this;
    }

    /// <summary>One line of three parts, appended without joining them first (the catalog's literal is megabytes).</summary>
    public SourceWriter Line(string head, string body, string tail)
    {
        _sb.Append(' ', _indent * 4).Append(head).Append(body).Append(tail).Append('\n');
        return this;
    }

    public SourceWriter Open(string text)
    {
        Line(text);
        Line("{");
        _indent++;
        return this;
    }

    public SourceWriter Close(string suffix = "")
    {
        _indent--;
        return Line("}" + suffix);
    }

    /// <summary>A fresh local variable name.</summary>
    public string Temp(string stem) => "__" + stem + (_temp++).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public override string ToString() => _sb.ToString();
}
