using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace KhoGen.LiveUpdate.Tests.Support;

/// <summary>How a child process ended.</summary>
public sealed record ChildResult(int ExitCode, string StdOut, string StdErr)
{
    public string[] Lines => StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{StdOut}\n--- stderr\n{StdErr}";
}

/// <summary>
/// A child process with its output collected line by line. Synchronisation is by its output
/// (<see cref="WaitForLineAsync"/>) and its exit, never by sleeping.
/// </summary>
public sealed class Child : IDisposable
{
    /// <summary>The dotnet host running these tests.</summary>
    public static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } p ? p : "dotnet";

    static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(3);

    readonly Process _process;
    readonly StringBuilder _out = new(), _err = new();
    readonly List<(Func<string, bool> Matches, TaskCompletionSource<string> Seen)> _waits = new();
    readonly List<string> _lines = new();

    Child(Process process) => _process = process;

    /// <summary>Starts <paramref name="file"/>; <paramref name="environment"/> values of null remove a variable.</summary>
    public static Child Start(string file, IEnumerable<string> arguments, IDictionary<string, string?>? environment = null, bool stdin = false)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin,
            UseShellExecute = false,
        };
        foreach (string a in arguments) info.ArgumentList.Add(a);
        info.Environment.Remove("KHOGEN_TEST_CRASH_AT_BYTE");
        info.Environment.Remove("KHOGEN_TEST_CRASH_AT");
        if (environment is not null)
            foreach (var (k, v) in environment)
                if (v is null) info.Environment.Remove(k); else info.Environment[k] = v;
        var child = new Child(new Process { StartInfo = info });
        child._process.OutputDataReceived += (_, e) => child.OnLine(e.Data, child._out);
        child._process.ErrorDataReceived += (_, e) => child.OnLine(e.Data, child._err);
        child._process.Start();
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Runs a program to its end.</summary>
    public static async Task<ChildResult> RunAsync(string file, IEnumerable<string> arguments, IDictionary<string, string?>? environment = null, TimeSpan? timeout = null)
    {
        using var child = Start(file, arguments, environment);
        return await child.WaitForExitAsync(timeout);
    }

    /// <summary>Runs <c>dotnet app.dll args…</c> to its end.</summary>
    public static Task<ChildResult> RunDllAsync(string dll, params string[] arguments) =>
        RunAsync(Dotnet, arguments.Prepend(dll));

    void OnLine(string? line, StringBuilder into)
    {
        if (line is null) return;
        lock (_waits)
        {
            into.Append(line).Append('\n');
            if (into != _out) return;
            _lines.Add(line);
            foreach (var w in _waits.Where(w => w.Matches(line))) w.Seen.TrySetResult(line);
        }
    }

    /// <summary>Completes when the child prints exactly <paramref name="line"/>; fails if it exits first.</summary>
    public Task WaitForLineAsync(string line) => WaitForAsync(l => l == line, $"'{line}'");

    /// <summary>The first line the child prints that starts with <paramref name="prefix"/>; fails if it exits first.</summary>
    public Task<string> WaitForLineStartingAsync(string prefix) => WaitForAsync(l => l.StartsWith(prefix, StringComparison.Ordinal), $"a line starting '{prefix}'");

    /// <summary>The lines printed so far.</summary>
    public IReadOnlyList<string> Lines
    {
        get { lock (_waits) return _lines.ToArray(); }
    }

    async Task<string> WaitForAsync(Func<string, bool> matches, string what)
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waits)
        {
            if (_lines.FirstOrDefault(matches) is string already) return already;
            _waits.Add((matches, seen));
        }
        using var cts = new CancellationTokenSource(DefaultTimeout);
        Task exited = _process.WaitForExitAsync(cts.Token);
        if (await Task.WhenAny(seen.Task, exited) != seen.Task)
            throw new InvalidOperationException($"the child ended before printing {what}:\n{Snapshot()}");
        return await seen.Task;
    }

    public async Task WriteLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    public async Task<ChildResult> WaitForExitAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{_process.StartInfo.FileName} {string.Join(' ', _process.StartInfo.ArgumentList)} did not exit in time:\n{Snapshot()}");
        }
        return Snapshot();
    }

    ChildResult Snapshot()
    {
        lock (_waits) return new ChildResult(_process.HasExited ? _process.ExitCode : -1, _out.ToString(), _err.ToString());
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
