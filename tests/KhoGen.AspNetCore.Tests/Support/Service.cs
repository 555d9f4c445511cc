using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace KhoGen.AspNetCore.Tests.Support;

/// <summary>
/// A child process with its output collected; synchronisation is by its lines and its exit, each
/// with a timeout that fails with the output.
/// </summary>
public sealed class Service : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    readonly Process _process;
    readonly StringBuilder _output = new();
    readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Seen)> _waits = [];
    readonly List<string> _lines = [];

    Service(Process process) => _process = process;

    /// <summary>The web cache sample's built releases (1 or 2).</summary>
    public static string WebCache(int release)
    {
        var metadata = typeof(Service).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value);
        return Path.Combine(metadata["KhoGenRoot"]!, "samples", "WebCache", $"V{release}", "bin", metadata["Configuration"]!, "net10.0", "WebCache.dll");
    }

    public int Id => _process.Id;

    public string Output
    {
        get { lock (_waits) return _output.ToString(); }
    }

    public static Service Start(string file, IEnumerable<string> arguments, IDictionary<string, string?>? environment = null)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in arguments) info.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string?>())
            if (v is null) info.Environment.Remove(k); else info.Environment[k] = v;
        var service = new Service(new Process { StartInfo = info });
        service._process.OutputDataReceived += (_, e) => service.OnLine(e.Data);
        service._process.ErrorDataReceived += (_, e) => service.OnLine(e.Data);
        service._process.Start();
        service._process.BeginOutputReadLine();
        service._process.BeginErrorReadLine();
        return service;
    }

    /// <summary>Runs a web cache release with <c>dotnet</c>.</summary>
    public static Service WebCache(int release, IEnumerable<string> arguments, IDictionary<string, string?>? environment = null) =>
        Start("dotnet", arguments.Prepend(WebCache(release)), environment);

    void OnLine(string? line)
    {
        if (line is null) return;
        lock (_waits)
        {
            _output.Append(line).Append('\n');
            _lines.Add(line);
            foreach (var w in _waits.Where(w => w.Match(line))) w.Seen.TrySetResult(line);
        }
    }

    /// <summary>The first line (stdout or stderr) that starts with <paramref name="prefix"/>; fails if the process exits first or in time.</summary>
    public async Task<string> WaitForLineAsync(string prefix)
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        Func<string, bool> match = l => l.StartsWith(prefix, StringComparison.Ordinal);
        lock (_waits)
        {
            if (_lines.FirstOrDefault(match) is string line) return line;
            _waits.Add((match, seen));
        }
        using var cts = new CancellationTokenSource(Timeout);
        Task exited = _process.WaitForExitAsync(cts.Token);
        await Task.WhenAny(seen.Task, exited);
        if (!seen.Task.IsCompleted)
            throw new InvalidOperationException($"{Describe()} {(_process.HasExited ? "exited" : "timed out")} before printing '{prefix}':\n{Output}");
        return await seen.Task;
    }

    public async Task<int> WaitForExitAsync()
    {
        using var cts = new CancellationTokenSource(Timeout);
        try { await _process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Describe()} did not exit:\n{Output}");
        }
        return _process.ExitCode;
    }

    string Describe() => $"{_process.StartInfo.FileName} {string.Join(' ', _process.StartInfo.ArgumentList)}";

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
