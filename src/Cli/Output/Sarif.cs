using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;

namespace KhoGen.Cli.Output;

/// <summary>
/// Findings as SARIF 2.1.0 (OASIS), the log that code-scanning services read: one run of the
/// <c>khogen</c> driver, its rules, and one result per finding with the declaration's file and line.
/// </summary>
static class Sarif
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    public static void Write(TextWriter output, IReadOnlyList<Finding> findings, string? sourceRoot, int exitCode) => JsonReport.Write(output, w =>
    {
        var rules = FindingRule.All;
        w.WriteStartObject();
        w.WriteString("$schema", SchemaUri);
        w.WriteString("version", "2.1.0");
        w.WriteStartArray("runs");
        w.WriteStartObject();
        w.WriteStartObject("tool");
        w.WriteStartObject("driver");
        w.WriteString("name", "khogen");
        w.WriteString("semanticVersion", ToolVersion());
        w.WriteStartArray("rules");
        foreach (var rule in rules)
        {
            w.WriteStartObject();
            w.WriteString("id", rule.Id);
            w.WriteStartObject("shortDescription");
            w.WriteString("text", rule.Description);
            w.WriteEndObject();
            w.WriteStartObject("defaultConfiguration");
            w.WriteString("level", Level(rule.DefaultLevel));
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartArray("invocations");
        w.WriteStartObject();
        w.WriteBoolean("executionSuccessful", true);
        w.WriteNumber("exitCode", exitCode);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteStartArray("results");
        foreach (var f in findings)
        {
            w.WriteStartObject();
            w.WriteString("ruleId", f.Rule.Id);
            w.WriteNumber("ruleIndex", IndexOf(rules, f.Rule));
            w.WriteString("level", Level(f.Level));
            w.WriteStartObject("message");
            w.WriteString("text", f.Message);
            w.WriteEndObject();
            w.WriteStartArray("locations");
            if (f.Source is { } at)
            {
                w.WriteStartObject();
                w.WriteStartObject("physicalLocation");
                w.WriteStartObject("artifactLocation");
                w.WriteString("uri", Uri(SourcePath(sourceRoot, at.File)));
                w.WriteEndObject();
                w.WriteStartObject("region");
                w.WriteNumber("startLine", at.Line);
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    });

    static int IndexOf(IReadOnlyList<FindingRule> rules, FindingRule rule)
    {
        for (int i = 0; i < rules.Count; i++) if (rules[i] == rule) return i;
        throw new InvalidOperationException($"rule {rule.Id} is not in FindingRule.All");
    }

    public static string Level(FindingLevel level) => level switch
    {
        FindingLevel.Error => "error",
        FindingLevel.Warning => "warning",
        _ => "note",
    };

    /// <summary>The declaration's file under <paramref name="sourceRoot"/>, '/' separated.</summary>
    public static string SourcePath(string? sourceRoot, string file)
    {
        string path = file.Replace('\\', '/');
        if (string.IsNullOrEmpty(sourceRoot) || Path.IsPathRooted(path)) return path;
        string root = sourceRoot.Replace('\\', '/').TrimEnd('/');
        return root.Length == 0 || root == "." ? path : Normalize(root + "/" + path);
    }

    /// <summary>Folds "dir/.." and "." segments (a file linked from outside its project is recorded with "../").</summary>
    static string Normalize(string path)
    {
        var parts = new List<string>();
        foreach (string part in path.Split('/'))
        {
            if (part == ".") continue;
            if (part == ".." && parts.Count > 0 && parts[^1] != "..") parts.RemoveAt(parts.Count - 1);
            else parts.Add(part);
        }
        return string.Join("/", parts);
    }

    /// <summary>A URI reference: an absolute path as a file: URI, a relative one with each segment escaped.</summary>
    static string Uri(string path)
    {
        if (Path.IsPathRooted(path)) return new Uri(path).AbsoluteUri;
        return string.Join("/", path.Split('/').Select(System.Uri.EscapeDataString));
    }

    static string ToolVersion()
    {
        string v = typeof(Sarif).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        int plus = v.IndexOf('+');
        return plus < 0 ? v : v.Substring(0, plus);
    }
}
