using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace KhoGen.Cli.Output;

/// <summary>GitHub-flavoured markdown for pull-request comments.</summary>
static class Markdown
{
    /// <summary>Text safe in a table cell: no pipes, no HTML (type names like <c>seq&lt;T&gt;</c>), lines joined with &lt;br&gt;.</summary>
    public static string Cell(string text)
    {
        var sb = new StringBuilder();
        foreach (char c in text)
        {
            sb.Append(c switch
            {
                '|' => "\\|",
                '<' => "&lt;",
                '>' => "&gt;",
                '&' => "&amp;",
                '\n' => "<br>",
                _ => c.ToString(),
            });
        }
        return sb.ToString();
    }

    /// <summary>Inline code; backticks in the text are unlikely and replaced.</summary>
    public static string Code(string text) => "`" + text.Replace('`', '\'') + "`";

    /// <summary>A table; cells are escaped here unless they are already markdown (<paramref name="raw"/>).</summary>
    public static void Table(TextWriter output, string[] headers, IEnumerable<string[]> rows, bool raw = false)
    {
        output.WriteLine("| " + string.Join(" | ", headers) + " |");
        output.WriteLine("|" + string.Concat(headers.Select(_ => "---|")));
        foreach (var row in rows)
            output.WriteLine("| " + string.Join(" | ", row.Select(c => raw ? c : Cell(c))) + " |");
    }

    /// <summary>Text for a paragraph or list item: escapes HTML-like brackets.</summary>
    public static string Text(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
