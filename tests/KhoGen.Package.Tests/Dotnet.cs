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

    public static Result Run(string workingDirectory, params string[] args)
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
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return new Result(p.ExitCode, stdout + stderr.Result);
    }

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "KhoGen.sln"))) return dir.FullName;
        throw new InvalidOperationException("KhoGen.sln not found above " + AppContext.BaseDirectory);
    }
}
