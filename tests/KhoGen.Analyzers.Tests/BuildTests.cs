using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace KhoGen.Analyzers.Tests;

/// <summary>
/// A real <c>dotnet build</c> of BrokenProject/, which breaks one rule per file: every rule is
/// reported at the file and line its <c>// expect: KHOnnn</c> comment marks, and nothing else is:
/// no compiler error, so the generator wrote no broken code for any of the rejected types.
/// </summary>
public class BuildTests
{
    static readonly Regex Expectation = new(@"//\s*expect:\s*(?<id>KHO\d{3})");
    static readonly Regex Reported = new(@"^(?<file>[^\s(][^(]*)\((?<line>\d+),\d+\): (?:error|warning) (?<id>[A-Z]+\d+):", RegexOptions.Multiline);

    [Fact]
    public void Dotnet_build_reports_every_rule_at_its_file_and_line()
    {
        var expected = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string file in Directory.GetFiles(Sources.BrokenProject, "*.cs"))
        {
            string[] lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
                foreach (Match m in Expectation.Matches(lines[i]))
                    expected.Add($"{Path.GetFileName(file)}:{i + 1}:{m.Groups["id"].Value}");
        }
        for (int rule = 1; rule <= 13; rule++)
            Assert.Contains(expected, e => e.EndsWith($":KHO{rule:000}", StringComparison.Ordinal));

        string output = Build();
        var actual = new SortedSet<string>(StringComparer.Ordinal);
        foreach (Match m in Reported.Matches(output))
            actual.Add($"{Path.GetFileName(m.Groups["file"].Value.Trim())}:{m.Groups["line"].Value}:{m.Groups["id"].Value}");

        Assert.True(expected.SetEquals(actual),
            $"expected:\n  {string.Join("\n  ", expected)}\nreported:\n  {string.Join("\n  ", actual)}\n\nbuild output:\n{output}");
    }

    /// <summary>Builds BrokenProject with its bin and obj in a temp folder; returns the output.</summary>
    static string Build()
    {
        string artifacts = Path.Combine(Path.GetTempPath(), "khogen-broken-" + Guid.NewGuid().ToString("N"));
        string configuration = typeof(BuildTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Sources.BrokenProject,
        };
        foreach (string arg in new[]
        {
            "build", Path.Combine(Sources.BrokenProject, "BrokenProject.csproj"),
            "-c", configuration,
            "-p:KhoBrokenArtifacts=" + artifacts,
            // The referenced projects were built with this test project: use their outputs, touch nothing of theirs.
            "-p:BuildProjectReferences=false", "-p:RestoreRecursive=false",
            "-nodeReuse:false", "-maxCpuCount:1", "-v:minimal", "-clp:NoSummary",
        })
            start.ArgumentList.Add(arg);
        // The test host's MSBuild variables would point the child build at the wrong SDK parts.
        foreach (string key in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("MSBuild", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(key);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        var output = new StringBuilder();
        try
        {
            using var process = Process.Start(start)!;
            process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("dotnet build of BrokenProject took more than 5 minutes:\n" + output);
            }
            process.WaitForExit();
            Assert.True(process.ExitCode != 0, "BrokenProject built without errors:\n" + output);
            lock (output) return output.ToString();
        }
        finally
        {
            try { Directory.Delete(artifacts, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
