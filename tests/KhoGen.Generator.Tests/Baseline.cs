using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;

namespace KhoGen.Generator.Tests;

/// <summary>
/// Golden files of generated source: <c>Baselines/&lt;Test&gt;/&lt;HintName&gt;.txt</c> under this project.
/// Set <c>KHOGEN_UPDATE_BASELINES=1</c> to rewrite them (and delete the ones no longer produced).
/// </summary>
public static class Baseline
{
    public const string UpdateVariable = "KHOGEN_UPDATE_BASELINES";

    static bool Updating => Environment.GetEnvironmentVariable(UpdateVariable) == "1";

    /// <summary>Compares every generated file of <paramref name="run"/> with the test's baseline folder.</summary>
    public static void Verify(GeneratorRun run, [CallerMemberName] string test = "", [CallerFilePath] string callerFile = "")
    {
        string folder = Path.Combine(ProjectDirectory(callerFile), "Baselines", test);
        var produced = run.Sources.ToDictionary(s => s.HintName + ".txt", s => Normalize(s.Text), StringComparer.Ordinal);
        Assert.True(produced.Count > 0, $"{test}: the generator produced no files");
        var existing = Directory.Exists(folder)
            ? Directory.GetFiles(folder).Select(Path.GetFileName).ToList()
            : new List<string?>();

        if (Updating)
        {
            Directory.CreateDirectory(folder);
            foreach (var (file, text) in produced)
            {
                string path = Path.Combine(folder, file);
                if (!File.Exists(path) || Normalize(File.ReadAllText(path)) != text) File.WriteAllText(path, text);
            }
            foreach (var stale in existing.Where(f => !produced.ContainsKey(f!)))
                File.Delete(Path.Combine(folder, stale!));
            return;
        }

        var failures = new StringBuilder();
        foreach (var (file, text) in produced.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            string path = Path.Combine(folder, file);
            if (!File.Exists(path))
            {
                failures.Append($"\n{file}: no baseline (the generator now produces it)\n");
                continue;
            }
            string expected = Normalize(File.ReadAllText(path));
            if (expected != text) failures.Append($"\n{file}: differs from its baseline\n").Append(LineDiff.Describe(expected, text));
        }
        foreach (var stale in existing.Where(f => !produced.ContainsKey(f!)).OrderBy(f => f, StringComparer.Ordinal))
            failures.Append($"\n{stale}: stale baseline (the generator no longer produces it)\n");

        if (failures.Length > 0)
            Assert.Fail($"{test}: generated sources do not match {folder}" + failures +
                $"\nIf the change is intended, run the tests with {UpdateVariable}=1 and review the diff of the baselines.");
    }

    static string Normalize(string text) => text.Replace("\r\n", "\n");

    /// <summary>The test project's folder: from the caller's source path, or (when the build mapped paths) found above the output folder.</summary>
    static string ProjectDirectory(string callerFile)
    {
        const string project = "KhoGen.Generator.Tests.csproj";
        string? dir = Path.GetDirectoryName(callerFile);
        if (dir is not null && File.Exists(Path.Combine(dir, project))) return dir;
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, project))) return d.FullName;
            string nested = Path.Combine(d.FullName, "tests", "KhoGen.Generator.Tests");
            if (File.Exists(Path.Combine(nested, project))) return nested;
        }
        throw new InvalidOperationException($"cannot find {project} from {callerFile} or {AppContext.BaseDirectory}");
    }
}

/// <summary>A line diff (longest common subsequence) that shows the first differences with line numbers.</summary>
public static class LineDiff
{
    public static string Describe(string expected, string actual, int maxLines = 40)
    {
        string[] a = expected.Split('\n');
        string[] b = actual.Split('\n');
        // Trim the common head and tail so the table stays small for large files.
        int head = 0;
        while (head < a.Length && head < b.Length && a[head] == b[head]) head++;
        int tail = 0;
        while (tail < a.Length - head && tail < b.Length - head && a[a.Length - 1 - tail] == b[b.Length - 1 - tail]) tail++;
        int n = a.Length - head - tail, m = b.Length - head - tail;
        var lcs = new int[n + 1, m + 1];
        for (int i = n - 1; i >= 0; i--)
            for (int j = m - 1; j >= 0; j--)
                lcs[i, j] = a[head + i] == b[head + j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);

        var sb = new StringBuilder();
        int shown = 0, x = 0, y = 0;
        if (head > 0) sb.Append($"  (first {head} lines equal)\n");
        while ((x < n || y < m) && shown < maxLines)
        {
            if (x < n && y < m && a[head + x] == b[head + y]) { x++; y++; continue; }
            if (x < n && (y == m || lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                sb.Append($"  - expected {head + x + 1,5}: {a[head + x]}\n");
                x++;
            }
            else
            {
                sb.Append($"  + actual   {head + y + 1,5}: {b[head + y]}\n");
                y++;
            }
            shown++;
        }
        if (x < n || y < m) sb.Append("  ... (more differences)\n");
        return sb.ToString();
    }
}
