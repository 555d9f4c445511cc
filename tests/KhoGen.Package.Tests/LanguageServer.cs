using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace KhoGen.Package.Tests;

/// <summary>
/// The csharp-ls language server (the repository's local tool, .config/dotnet-tools.json) driven as an
/// editor drives it: LSP over its stdin and stdout, JSON-RPC with Content-Length framing. It answers
/// the server's requests (workspace/configuration with analyzers on, since csharp-ls 0.24 runs none by
/// default) and queues every textDocument/publishDiagnostics notification for the test to wait on.
/// </summary>
sealed class LanguageServer : IDisposable
{
    /// <summary>How long one wait may take: the first waits load the project through MSBuild.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    readonly Process process;
    readonly Stream input;
    readonly Channel<JsonObject> published = Channel.CreateUnbounded<JsonObject>();
    readonly Dictionary<int, TaskCompletionSource<JsonNode?>> pending = new();
    readonly StringBuilder errors = new();
    readonly Task reading;
    int nextId;

    /// <summary>Every diagnostic published in this session, for checks that hold at every step.</summary>
    public List<JsonObject> AllDiagnostics { get; } = new();

    LanguageServer(Process process)
    {
        this.process = process;
        input = process.StandardInput.BaseStream;
        process.ErrorDataReceived += (_, e) => { lock (errors) errors.AppendLine(e.Data); };
        process.BeginErrorReadLine();
        reading = Task.Run(ReadAsync);
    }

    /// <summary>Starts the server from the repository (where its tool manifest is) on <paramref name="folder"/>.</summary>
    public static LanguageServer Start(string folder)
    {
        string repo = Dotnet.RepoRoot();
        Dotnet.Run(repo, "tool", "restore").Succeeded();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = repo,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string a in new[] { "tool", "run", "csharp-ls", "--", "--locale", "en" }) start.ArgumentList.Add(a);
        start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        var server = new LanguageServer(Process.Start(start)!);
        string uri = new Uri(folder).AbsoluteUri;
        var initialized = server.Request("initialize", new JsonObject
        {
            ["processId"] = Environment.ProcessId,
            ["rootUri"] = uri,
            ["workspaceFolders"] = new JsonArray(new JsonObject { ["uri"] = uri, ["name"] = Path.GetFileName(folder) }),
            ["capabilities"] = new JsonObject
            {
                ["workspace"] = new JsonObject { ["configuration"] = true, ["workspaceFolders"] = true },
                // No textDocument.diagnostic capability: the server pushes diagnostics, as to most editors.
                ["textDocument"] = new JsonObject { ["publishDiagnostics"] = new JsonObject() },
            },
        });
        if (!initialized.Wait(Timeout)) throw new TimeoutException("csharp-ls did not answer initialize.\n" + server.Errors);
        server.Notify("initialized", new JsonObject());
        return server;
    }

    public void Open(string uri, string text) => Notify("textDocument/didOpen", new JsonObject
    {
        ["textDocument"] = new JsonObject { ["uri"] = uri, ["languageId"] = "csharp", ["version"] = 1, ["text"] = text },
    });

    /// <summary>Sends one didChange with <paramref name="changes"/>, each a JSON content change, in order.</summary>
    public void Change(string uri, int version, params JsonObject[] changes) => Notify("textDocument/didChange", new JsonObject
    {
        ["textDocument"] = new JsonObject { ["uri"] = uri, ["version"] = version },
        ["contentChanges"] = new JsonArray(changes),
    });

    /// <summary>
    /// Waits for the next diagnostics of <paramref name="uri"/> that <paramref name="current"/> accepts
    /// (the test's way to tell the diagnostics of its latest text from an earlier publication).
    /// </summary>
    public async Task<JsonArray> DiagnosticsAsync(string uri, Func<JsonArray, bool> current)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            while (true)
            {
                JsonObject p = await published.Reader.ReadAsync(timeout.Token);
                var diagnostics = p["diagnostics"]!.AsArray();
                if ((string?)p["uri"] == uri && current(diagnostics)) return diagnostics;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            throw new TimeoutException($"csharp-ls published no current diagnostics for {uri} within {Timeout} (exited: {process.HasExited}).\n{Errors}", e);
        }
    }

    public string Errors { get { lock (errors) return errors.ToString(); } }

    /// <summary>Sends a request; the task completes with its result when the answer arrives.</summary>
    Task<JsonNode?> Request(string method, JsonObject parameters)
    {
        int id = Interlocked.Increment(ref nextId);
        var answer = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (pending) pending[id] = answer;
        Send(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters });
        return answer.Task;
    }

    void Notify(string method, JsonObject parameters) =>
        Send(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters });

    void Send(JsonObject message)
    {
        byte[] body = Encoding.UTF8.GetBytes(message.ToJsonString());
        byte[] header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
        lock (input)
        {
            input.Write(header);
            input.Write(body);
            input.Flush();
        }
    }

    async Task ReadAsync()
    {
        try
        {
            Stream output = process.StandardOutput.BaseStream;
            while (await ReadMessageAsync(output) is { } message)
            {
                if (message["method"] is { } method && message["id"] is { } id)
                    Send(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id.DeepClone(), ["result"] = Answer((string)method!, message["params"]) });
                else if (message["method"] is null && message["id"] is { } answered)
                {
                    TaskCompletionSource<JsonNode?>? answer;
                    lock (pending) pending.Remove((int)answered, out answer);
                    answer?.TrySetResult(message["result"]);
                }
                else if ((string?)message["method"] == "textDocument/publishDiagnostics")
                {
                    var p = message["params"]!.AsObject();
                    lock (AllDiagnostics) foreach (var d in p["diagnostics"]!.AsArray()) AllDiagnostics.Add(d!.AsObject());
                    published.Writer.TryWrite(p);
                }
            }
        }
        catch (IOException) { } // the server went away; a waiting test reports it
        finally
        {
            published.Writer.TryComplete();
            lock (pending) foreach (var answer in pending.Values) answer.TrySetException(new IOException("csharp-ls exited"));
        }
    }

    /// <summary>The client's answers: analyzers on for the "csharp" section; nothing else is configured.</summary>
    static JsonNode? Answer(string method, JsonNode? parameters)
    {
        if (method != "workspace/configuration") return null; // registerCapability, workDoneProgress/create
        var answers = new JsonArray();
        foreach (var item in parameters!["items"]!.AsArray())
            answers.Add((string?)item!["section"] == "csharp" ? new JsonObject { ["analyzersEnabled"] = true } : null);
        return answers;
    }

    static async Task<JsonObject?> ReadMessageAsync(Stream stream)
    {
        int length = -1;
        while (true)
        {
            string? line = await ReadLineAsync(stream);
            if (line is null) return null;
            if (line.Length == 0) break;
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)) length = int.Parse(line["Content-Length:".Length..].Trim());
        }
        byte[] body = new byte[length];
        await stream.ReadExactlyAsync(body);
        return JsonNode.Parse(body)!.AsObject();
    }

    static async Task<string?> ReadLineAsync(Stream stream)
    {
        var line = new StringBuilder();
        byte[] one = new byte[1];
        while (true)
        {
            if (await stream.ReadAsync(one) == 0) return null;
            if (one[0] == '\n') return line.ToString().TrimEnd('\r');
            line.Append((char)one[0]);
        }
    }

    public void Dispose()
    {
        try
        {
            // A well-behaved client: exit only once shutdown is answered, bounded so a hung server is killed.
            Request("shutdown", new JsonObject()).Wait(TimeSpan.FromSeconds(30));
            Notify("exit", new JsonObject());
        }
        catch (Exception e) when (e is IOException or AggregateException) { }
        if (!process.WaitForExit(TimeSpan.FromSeconds(30))) process.Kill(entireProcessTree: true);
        process.WaitForExit();
        reading.Wait(TimeSpan.FromSeconds(30));
        process.Dispose();
    }
}
