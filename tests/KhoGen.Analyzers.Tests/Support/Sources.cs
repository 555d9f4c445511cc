using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace KhoGen.Analyzers.Tests;

/// <summary>The sample sources: valid ones, one per rule (BrokenProject/), and malformed ones.</summary>
static class Sources
{
    /// <summary>The repository root (the folder with KhoGen.sln).</summary>
    public static string RepoRoot { get; } = FindRoot();

    public static string BrokenProject => Path.Combine(RepoRoot, "tests", "KhoGen.Analyzers.Tests", "BrokenProject");

    public static IEnumerable<(string Name, string Text)> Valid() => Read(Path.Combine(AppContext.BaseDirectory, "Samples", "Valid"));

    public static IEnumerable<(string Name, string Text)> Malformed() => Read(Path.Combine(AppContext.BaseDirectory, "Samples", "Malformed"));

    public static IEnumerable<(string Name, string Text)> OnePerRule() => Read(BrokenProject);

    public static IEnumerable<(string Name, string Text)> All() => Valid().Concat(OnePerRule()).Concat(Malformed());

    static IEnumerable<(string Name, string Text)> Read(string folder) =>
        Directory.GetFiles(folder, "*.cs").OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), File.ReadAllText(f).Replace("\r\n", "\n")));

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "KhoGen.sln"))) return dir.FullName;
        throw new InvalidOperationException("KhoGen.sln not found above " + AppContext.BaseDirectory);
    }
}
