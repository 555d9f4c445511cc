using System;
using System.Collections.Generic;
using System.Linq;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading.Tasks;
using WebCache.Load;

// Upgrade 1.0 -> 2.0 and rollback 2.0 -> 1.0 of the web cache under a bounded load, in KhoGen's
// stop-then-start mode (the image is a file): the old release commits and exits, the next starts
// and restores. With --socket-activation this driver holds the listening socket across the
// restarts, as a systemd socket unit does, and each release adopts it.
//
// With --handover (zero-downtime, Linux): each release serves the handover socket; the next release
// is started alongside the running one, takes its state and its listening socket, and the old one
// exits. First a successor that fails its restore (WEBCACHE_FAULT=retrieve): the running release
// serves on.
//
//   dotnet run -c Release --project samples/WebCache/Load -- [--socket-activation | --handover] [--entries 1000000]
//       [--requests 200000] [--duration 120] [--workers 8] [--builds DIR] [--no-build] [--v1 DLL --v2 DLL]
string Option(string name, string fallback) => Array.IndexOf(args, name) is int i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
int Int(string name, int fallback) => int.Parse(Option(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
bool socketActivation = Array.IndexOf(args, "--socket-activation") >= 0, handover = Array.IndexOf(args, "--handover") >= 0;
int entries = Int("--entries", 1_000_000), requests = Int("--requests", 200_000), workers = Int("--workers", 8);
var duration = TimeSpan.FromSeconds(Int("--duration", 120));
string root = FindRoot();
string builds = Option("--builds", Path.Combine(Path.GetTempPath(), "khogen-webcache-builds"));
string v1 = Option("--v1", Path.Combine(builds, "v1", "WebCache.dll")), v2 = Option("--v2", Path.Combine(builds, "v2", "WebCache.dll"));

if (Array.IndexOf(args, "--no-build") < 0)
    foreach (var (name, output) in new[] { ("V1", "v1"), ("V2", "v2") })
    {
        Console.WriteLine($"building release {name[1]}.0");
        var build = Process.Start("dotnet", ["build", Path.Combine(root, "samples", "WebCache", name, $"WebCache.{name}.csproj"), "-c", "Release", "-o", Path.Combine(builds, output), "--nologo", "-v", "q"]);
        await build.WaitForExitAsync();
        if (build.ExitCode != 0) return 1;
    }

using Socket? listener = socketActivation ? Listen() : null;
int port = listener is null ? FreePort() : ((IPEndPoint)listener.LocalEndPoint!).Port;
var server = new Uri($"http://127.0.0.1:{port}/");
// The image (and the handover socket) must be in a private folder: one of this run (mode 0700).
// Both releases name the same instance, whatever their content roots.
string runtime = Directory.CreateTempSubdirectory("khogen-webcache-").FullName;
string image = Path.Combine(runtime, "webcache.img");
string[] Args(string? next) =>
    ["--entries", entries.ToString(CultureInfo.InvariantCulture), "--urls", server.ToString(), "--KhoGen:InstanceName=load",
     .. handover ? new[] { "--KhoGen:HandoverSocket=true", "--KhoGen:RuntimeFolder=" + runtime } : ["--KhoGen:ImagePath=" + image],
     .. next is null || handover ? Array.Empty<string>() : ["--KhoGen:NextBuildCatalog=" + next]];

Console.WriteLine($"web cache: {entries:N0} entries, {requests:N0} requests at most in {duration.TotalSeconds:F0} s from {workers} pooled clients, " +
    (handover ? "zero-downtime handover (the next release starts alongside and takes the socket)"
     : socketActivation ? "socket activation (the driver holds the listening socket)" : "each release binds the port itself"));
var clock = Stopwatch.StartNew();
var service = ServiceProcess.StartRelease(v1, Args(v2), listener);
await service.WaitForLineAsync("kho: serving");
Console.WriteLine($"  release 1.0 serving after {clock.Elapsed.TotalSeconds:F1} s (cold start, filled)");

var load = new LoadGenerator(server, entries, requests, duration, workers);
Task<LoadResult> running = load.RunAsync();
if (handover)
{
    // A successor that fails its restore, before the point of no return: release 1.0 serves on.
    await Task.WhenAny(load.WhenSucceeded(requests / 4), running);
    using (var failing = ServiceProcess.Start("dotnet", Args(null).Prepend(v2), new Dictionary<string, string?> { ["WEBCACHE_FAULT"] = "retrieve" }))
    {
        int failed = await failing.WaitForExitAsync();
        using var http = new HttpClient { BaseAddress = server };
        Console.WriteLine($"  failed upgrade 1.0 -> 2.0: successor exited ({failed}); serving: {await http.GetStringAsync("/info")}; " +
            $"entries verified {await http.GetStringAsync("/verify")}");
    }
}
foreach (var (at, from, to, dll, next) in new[] { (requests / 3, "1.0", "2.0", v2, v1), (2 * requests / 3, "2.0", "1.0", v1, (string?)null) })
{
    if (handover)
    {
        await Task.WhenAny(load.WhenSucceeded(at), running);
        var started = Stopwatch.StartNew();
        var successor = ServiceProcess.StartRelease(dll, Args(next), null);
        await successor.WaitForLineAsync("kho: serving");
        var serving = started.Elapsed;
        int code = await service.WaitForExitAsync();
        service.Dispose();
        service = successor;
        using var client = new HttpClient { BaseAddress = server };
        string report = await client.GetStringAsync("/handover");
        string blackout = report[report.LastIndexOf("blackout ", StringComparison.Ordinal)..];
        Console.WriteLine($"  {(to == "2.0" ? "upgrade " : "rollback")} {from} -> {to}: new release serving {serving.TotalSeconds:F2} s after it started, " +
            $"old release exited ({code}) {started.Elapsed.TotalSeconds:F2} s after; {await client.GetStringAsync("/info")}; entries verified {await client.GetStringAsync("/verify")}; {blackout}");
        continue;
    }
    await Task.WhenAny(load.WhenSucceeded(at), running);
    var restart = Stopwatch.StartNew();
    service.Signal(ServiceProcess.SigUsr2);
    int exit = await service.WaitForExitAsync();
    service.Dispose();
    var exited = restart.Elapsed;
    service = ServiceProcess.StartRelease(dll, Args(next), listener);
    await service.WaitForLineAsync("kho: serving");
    using var http = new HttpClient { BaseAddress = server };
    string verified = await http.GetStringAsync("/verify");
    Console.WriteLine($"  {(to == "2.0" ? "upgrade " : "rollback")} {from} -> {to}: old release exited ({exit}) {exited.TotalSeconds:F2} s after the signal, " +
        $"new release serving {restart.Elapsed.TotalSeconds:F2} s after it; entries verified {verified}");
}
LoadResult result = await running;
service.Signal(ServiceProcess.SigTerm);
await service.WaitForExitAsync();
service.Dispose();
Directory.Delete(runtime, recursive: true);

Console.WriteLine($"  requests sent {result.Sent:N0}, succeeded {result.Succeeded:N0}, failed {result.Failed:N0}, " +
    $"refused connections {result.Refused:N0} (each retried after 10 ms), longest gap without a completed request {result.LongestGap.TotalMilliseconds:F0} ms, " +
    $"responses verified {result.Verified:N0}, in {result.Elapsed.TotalSeconds:F1} s");
foreach (string failure in result.Failures) Console.WriteLine($"  failed: {failure}");
return result.Failed == 0 ? 0 : 3;

static Socket Listen()
{
    var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    socket.Listen(1024);
    return socket;
}

static int FreePort()
{
    using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    return ((IPEndPoint)socket.LocalEndPoint!).Port;
}

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "KhoGen.sln"))) return dir.FullName;
    throw new InvalidOperationException("run from the repository: KhoGen.sln not found");
}
