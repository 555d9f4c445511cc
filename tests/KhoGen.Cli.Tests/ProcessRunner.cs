using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;

namespace KhoGen.Cli.Tests;

/// <summary>What a process did.</summary>
public sealed record ProcessResult(string Command, int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"$ {Command}\nexit {ExitCode}\n--- stdout\n{Stdout}--- stderr\n{Stderr}";
}

/// <summary>Starts processes with a clean environment and a time limit; kills only what it started.</summary>
static class ProcessRunner
{
    public static async Task<ProcessResult> RunAsync(string fileName, IEnumerable<string> args, string workingDirectory,
        TimeSpan timeout, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
        };
        foreach (string a in args) info.ArgumentList.Add(a);

        // `dotnet test` leaves MSBuild's variables for its children; a nested build must find its own SDK.
        foreach (string key in info.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
            info.Environment.Remove(key);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_ROOT")))
            info.Environment["DOTNET_ROOT"] = DotnetRoot();
        if (environment is not null)
            foreach (var pair in environment) info.Environment[pair.Key] = pair.Value;

        string command = fileName + " " + string.Join(" ", args.Select(a => a.Contains(' ') ? $"\"{a}\"" : a));
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + command);
        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        Task exited = process.WaitForExitAsync();
        if (await Task.WhenAny(exited, Task.Delay(timeout)) != exited)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{command} did not finish in {timeout}; killed it.\n{await stdout}{await stderr}");
        }
        return new ProcessResult(command, process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The folder of the dotnet that runs the tests (…/shared/Microsoft.NETCore.App/x.y.z/ is three levels down).</summary>
    public static string DotnetRoot()
    {
        string runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        return Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
    }

    /// <summary>The dotnet executable of <see cref="DotnetRoot"/>, or "dotnet" from PATH.</summary>
    public static string Dotnet()
    {
        string exe = Path.Combine(DotnetRoot(), OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(exe) ? exe : "dotnet";
    }
}
