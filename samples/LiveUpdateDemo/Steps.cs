using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;

namespace LiveUpdateDemo;

/// <summary>Runs child processes with a progress indicator, and keeps their "kho:" lines.</summary>
static class Steps
{
    /// <summary>Runs a step; prints dots every second while it takes, then the elapsed time.</summary>
    public static T Run<T>(string title, Func<T> work)
    {
        Console.Write($"  {title} ");
        var clock = Stopwatch.StartNew();
        using var ticker = new Timer(_ => Console.Write("."), null, 1000, 1000);
        try
        {
            return work();
        }
        finally
        {
            ticker.Dispose();
            Console.WriteLine($" {clock.Elapsed.TotalSeconds:F1} s");
        }
    }

    /// <summary>A finished process: its exit code, its "kho:" lines and the rest of its output.</summary>
    public sealed record Result(int ExitCode, List<string> Lines, string Output)
    {
        public string? Line(string prefix) => Lines.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));

        /// <summary>The value of <c>key=</c> in the line that starts with <paramref name="prefix"/>.</summary>
        public string? Value(string prefix, string key)
        {
            string? line = Line(prefix);
            return line?.Split(' ').FirstOrDefault(w => w.StartsWith(key + "=", StringComparison.Ordinal))?.Substring(key.Length + 1);
        }
    }

    /// <summary>
    /// Starts <paramref name="file"/>, waits for its <c>kho: {ready}</c> line, runs <paramref name="alongside"/>
    /// while it still runs (a successor taking over from it), then waits for it to end.
    /// </summary>
    public static (Result Running, Result Alongside) Alongside(string file, IEnumerable<string> args, string ready, Func<Result> alongside)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args) start.ArgumentList.Add(a);
        using var p = System.Diagnostics.Process.Start(start)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var output = new System.Text.StringBuilder();
        string? line;
        while ((line = p.StandardOutput.ReadLine()) is not null)
        {
            output.AppendLine(line);
            if (line == "kho: " + ready) break;
        }
        Result other = line is null ? new Result(-1, new List<string>(), "not started: the running build ended before it was ready") : alongside();
        output.Append(p.StandardOutput.ReadToEnd());
        p.WaitForExit();
        var lines = output.ToString().Split('\n').Select(l => l.TrimEnd('\r'))
            .Where(l => l.StartsWith("kho: ", StringComparison.Ordinal)).Select(l => l.Substring(5)).ToList();
        return (new Result(p.ExitCode, lines, output + stderr.Result), other);
    }

    public static Result Process(string file, IEnumerable<string> args, string? workingDir = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args) start.ArgumentList.Add(a);
        if (workingDir is not null) start.WorkingDirectory = workingDir;
        using var p = System.Diagnostics.Process.Start(start)!;
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        var lines = stdout.Split('\n').Select(l => l.TrimEnd('\r'))
            .Where(l => l.StartsWith("kho: ", StringComparison.Ordinal)).Select(l => l.Substring(5)).ToList();
        return new Result(p.ExitCode, lines, stdout + stderr.Result);
    }
}
