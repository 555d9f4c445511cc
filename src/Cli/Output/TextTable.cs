using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace KhoGen.Cli.Output;

/// <summary>
/// A table for people: upper-case headers, columns aligned with two spaces between them. A cell may
/// hold several lines ('\n'); the other cells of its row are blank on the extra lines.
/// </summary>
sealed class TextTable
{
    readonly string[] _headers;
    readonly List<string[]> _rows = new();

    public TextTable(params string[] headers) => _headers = headers;

    public TextTable Add(params string[] cells)
    {
        if (cells.Length != _headers.Length) throw new ArgumentException($"expected {_headers.Length} cells, got {cells.Length}");
        _rows.Add(cells);
        return this;
    }

    public void Write(TextWriter output, string indent = "  ")
    {
        var lines = new List<string[]> { _headers.Select(h => h.ToUpperInvariant()).ToArray() };
        foreach (var row in _rows)
        {
            string[][] split = row.Select(c => c.Split('\n')).ToArray();
            int height = split.Max(s => s.Length);
            for (int i = 0; i < height; i++)
                lines.Add(split.Select(s => i < s.Length ? s[i] : "").ToArray());
        }
        int[] widths = Enumerable.Range(0, _headers.Length).Select(c => lines.Max(l => l[c].Length)).ToArray();
        foreach (var line in lines)
        {
            var cells = line.Select((cell, c) => c == line.Length - 1 ? cell : cell.PadRight(widths[c]));
            output.WriteLine((indent + string.Join("  ", cells)).TrimEnd());
        }
    }
}
