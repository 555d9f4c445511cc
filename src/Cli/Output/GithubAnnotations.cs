using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace KhoGen.Cli.Output;

/// <summary>
/// Findings as GitHub Actions workflow commands (<c>::error file=…,line=…,title=…::message</c>):
/// the runner turns each into an annotation on that line of the pull request.
/// </summary>
static class GithubAnnotations
{
    public static void Write(TextWriter output, IReadOnlyList<Finding> findings, string? sourceRoot, string verdict)
    {
        foreach (var f in findings)
        {
            var properties = new List<string>();
            if (f.Source is { } at)
            {
                properties.Add("file=" + Property(Sarif.SourcePath(sourceRoot, at.File)));
                properties.Add("line=" + at.Line.ToString(CultureInfo.InvariantCulture));
            }
            properties.Add("title=" + Property("khogen " + f.Rule.Id));
            output.Write($"::{Command(f.Level)} {string.Join(",", properties)}::{Data(f.Message)}\n");
        }
        // A plain line: the log shows it, the runner does not take it as a command.
        output.Write("khogen: " + verdict + "\n");
    }

    static string Command(FindingLevel level) => level switch
    {
        FindingLevel.Error => "error",
        FindingLevel.Warning => "warning",
        _ => "notice",
    };

    /// <summary>The runner's escaping of a command's message.</summary>
    static string Data(string s) => s.Replace("%", "%25").Replace("\r", "%0D").Replace("\n", "%0A");

    /// <summary>The runner's escaping of a property value: the message's, and ':' and ','.</summary>
    static string Property(string s) => Data(s).Replace(":", "%3A").Replace(",", "%2C");
}
