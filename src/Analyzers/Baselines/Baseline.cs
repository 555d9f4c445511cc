using System;
using System.IO;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace KhoGen.Analyzers;

/// <summary>
/// One baseline: the catalog of a shipped build, passed to the compiler as an additional file by
/// <c>&lt;KhoBaseline Include="…" /&gt;</c> (metadata <c>KhoBaseline=true</c>), or any additional file
/// named <c>*.kho.json</c>. Either <see cref="Catalog"/> or <see cref="Problem"/> is set.
/// </summary>
sealed class Baseline
{
    /// <summary>The additional-file metadata that <c>KhoGen.targets</c> sets on each <c>&lt;KhoBaseline&gt;</c> item.</summary>
    public const string MetadataKey = "build_metadata.AdditionalFiles.KhoBaseline";

    /// <summary>The suffix of a catalog file (<c>$(TargetName).kho.json</c>, <c>khogen baseline</c>'s output).</summary>
    public const string Suffix = ".kho.json";

    Baseline(string path, SourceText? text, KhoCatalog? catalog, string? problem)
    {
        Path = path;
        Text = text;
        Catalog = catalog;
        Problem = problem;
    }

    /// <summary>The additional file's path, as the compiler knows it.</summary>
    public string Path { get; }

    /// <summary>The file name, for messages.</summary>
    public string FileName => System.IO.Path.GetFileName(Path);

    /// <summary>The text, when it could be read.</summary>
    public SourceText? Text { get; }

    /// <summary>The shipped build's catalog, when the file is one.</summary>
    public KhoCatalog? Catalog { get; }

    /// <summary>Why the file cannot be used (KHO100), or null.</summary>
    public string? Problem { get; }

    /// <summary>How every message names a readable baseline: <c>App-1.0.0.0.kho.json (App 1.0.0.0)</c>.</summary>
    public string Describe() => $"{FileName} ({Catalog?.AssemblyName} {Catalog?.AssemblyVersion})";

    public static bool IsBaseline(AdditionalText file, AnalyzerConfigOptionsProvider options) =>
        file.Path.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase) ||
        (options.GetOptions(file).TryGetValue(MetadataKey, out string? value) && string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase));

    /// <summary>Reads and validates the file whole (<see cref="KhoCatalog.Parse"/>); never throws for bad content.</summary>
    public static Baseline Read(AdditionalText file, CancellationToken cancellationToken)
    {
        SourceText? text;
        try { text = file.GetText(cancellationToken); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException or NotSupportedException)
        {
            return new Baseline(file.Path, null, null, "the file cannot be read (" + e.Message + ")");
        }
        // The compiler hands over a missing or unreadable additional file with no text.
        if (text is null) return new Baseline(file.Path, null, null, "the file is missing or cannot be read");
        string name = System.IO.Path.GetFileName(file.Path);
        try
        {
            return new Baseline(file.Path, text, KhoCatalog.Parse(text.ToString(), name), null);
        }
        catch (KhoFormatException e)
        {
            // The parser's messages start with the source's name, which the diagnostic already gives.
            string message = e.Message.StartsWith(name + ": ", StringComparison.Ordinal) ? e.Message.Substring(name.Length + 2) : e.Message;
            return new Baseline(file.Path, text, null, message);
        }
    }

    /// <summary>
    /// A location in the baseline file: the line of <paramref name="needle"/> (e.g. <c>"id": "memfd-v1"</c>)
    /// when it is there, else the start of the file. Diagnostics with no place in source land here.
    /// </summary>
    public Location Location(string? needle = null)
    {
        int at = needle is null || Text is null ? -1 : Text.ToString().IndexOf(needle, StringComparison.Ordinal);
        if (Text is null || at < 0) return Microsoft.CodeAnalysis.Location.Create(Path, default, default);
        var span = new TextSpan(at, needle!.Length);
        return Microsoft.CodeAnalysis.Location.Create(Path, span, Text.Lines.GetLinePositionSpan(span));
    }
}
