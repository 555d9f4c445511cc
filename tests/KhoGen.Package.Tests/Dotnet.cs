using System;
using System.Diagnostics;
using System.IO;

namespace KhoGen.Package.Tests;

/// <summary>Runs the dotnet CLI as a process, with no build servers left behind.</summary>
static class Dotnet
{
    public sealed record Result(int ExitCode, string Output)
    {
        public Result Succeeded()
        {
            if (ExitCode != 0) throw new InvalidOperationException($"dotnet exited with {ExitCode}:\n{Output}");
            return this;
        }
    }

    /// <summary>How long a child may take before it is killed and the test fails with its output.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    /// <summary>Runs <c>dotnet <paramref name="args"/></c> and waits at most <see cref="Timeout"/>.</summary>
    public static Result Run(string workingDirectory, params string[] args) => Run(workingDirectory, Timeout, args);

    /// <summary>
    /// Runs <c>dotnet <paramref name="args"/></c>; past <paramref name="timeout"/> the child (and what it
    /// started) is killed and a <see cref="TimeoutException"/> carries everything it printed.
    /// </summary>
    public static Result Run(string workingDirectory, TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string a in args) start.ArgumentList.Add(a);
        start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            throw new TimeoutException($"dotnet {string.Join(" ", args)} did not finish in {timeout}; killed it.\n{stdout.Result}{stderr.Result}");
        }
        p.WaitForExit(); // the output is complete only after the parameterless wait
        return new Result(p.ExitCode, stdout.Result + stderr.Result);
    }

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "KhoGen.sln"))) return dir.FullName;
        throw new InvalidOperationException("KhoGen.sln not found above " + AppContext.BaseDirectory);
    }
}
