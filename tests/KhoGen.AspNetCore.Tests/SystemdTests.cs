using System;
using System.Diagnostics;
using System.Linq;
using System.Globalization;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using KhoGen.AspNetCore.Tests.Support;
using WebCache.Load;
using KhoGen.Hosting;

namespace KhoGen.AspNetCore.Tests;

/// <summary>systemd's conventions: socket activation by systemd-socket-activate, notifications on a datagram socket standing in for systemd's.</summary>
public sealed class SystemdTests
{
    [Fact]
    public async Task The_web_cache_adopts_the_socket_systemd_socket_activate_passes_and_serves_the_connection_that_activated_it()
    {
        using var temp = new TempDir();
        string path = temp.File("web.sock");
        using var activator = ServiceProcess.Start("systemd-socket-activate",
            ["-l", path, "--fdname=web", "dotnet", Releases.WebCache(1), "--entries", "1000", "--KhoGen:ImagePath=" + temp.File("cache.img")]);
        await activator.WaitForLineAsync($"Listening on {path} as 3.");

        // The first connection starts the service, which finds it waiting on the adopted socket.
        using var http = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        }) { Timeout = ServiceProcess.Timeout };
        string info = await http.GetStringAsync("http://web/info");
        // systemd-socket-activate execs the service: same process, LISTEN_PID is its id.
        Assert.Equal($"release=1.0 pid={activator.Id} entries=1000 origin=cold start", info);
        Assert.Equal($"kho: listening http://unix:{path} adopted web", await activator.WaitForLineAsync("kho: listening"));
    }

    [Fact]
    public async Task A_descriptor_that_is_not_a_socket_stops_the_service_with_a_clear_error()
    {
        using var temp = new TempDir();
        using var service = ServiceProcess.Start("/bin/bash",
            ["-c", "export LISTEN_PID=$$ LISTEN_FDS=1; exec \"$0\" \"$@\" 3</dev/null", "dotnet", Releases.WebCache(1),
             "--entries", "10", "--KhoGen:ImagePath=" + temp.File("cache.img")]);
        // Without LISTEN_FDNAMES, systemd names every descriptor "unknown".
        await service.WaitForLineAsync("Unhandled exception. System.InvalidOperationException: Listener 'unknown': descriptor 3 is not a listening stream socket.");
        Assert.NotEqual(0, await service.WaitForExitAsync());
        Assert.DoesNotContain("kho: serving", service.Output);
    }

    [Fact]
    public async Task The_web_cache_notifies_ready_once_serving_and_stopping_when_asked_to_stop()
    {
        using var temp = new TempDir();
        string path = temp.File("notify.sock");
        using var systemd = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        systemd.Bind(new UnixDomainSocketEndPoint(path));

        using var service = Releases.Start(1, ["--entries", "1000", "--urls", "http://127.0.0.1:0", "--KhoGen:ImagePath=" + temp.File("cache.img")],
            new System.Collections.Generic.Dictionary<string, string?> { ["NOTIFY_SOCKET"] = path });
        Assert.Equal("READY=1\nSTATUS=serving", await ReceiveAsync(systemd, service));
        string listening = await service.WaitForLineAsync("kho: listening http://");
        using (var http = new HttpClient()) // READY=1 came once Kestrel listens
            Assert.StartsWith("release=1.0", await http.GetStringAsync(listening.Split(' ')[2] + "/info"));

        service.Signal(ServiceProcess.SigTerm);
        Assert.Equal("STOPPING=1", await ReceiveAsync(systemd, service));
        Assert.Equal(0, await service.WaitForExitAsync());
    }

    [Fact]
    public async Task A_handover_moves_the_main_pid_to_the_successor_which_says_ready_and_only_the_service_that_stops_says_stopping()
    {
        using var temp = new TempDir();
        string path = temp.File("notify.sock");
        using var systemd = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        systemd.Bind(new UnixDomainSocketEndPoint(path));
        using var setup = new HandoverSetup(TimeSpan.FromSeconds(30));
        var notify = new System.Collections.Generic.Dictionary<string, string?> { ["NOTIFY_SOCKET"] = path };

        using var running = await setup.StartAsync(1, notify);
        Assert.Equal("READY=1\nSTATUS=serving", await ReceiveAsync(systemd, running));

        // A successor that fails before the point of no return: the main pid stays, the status says so.
        using (var failing = Releases.Start(2, setup.Args(), new System.Collections.Generic.Dictionary<string, string?>(notify) { ["WEBCACHE_FAULT"] = "retrieve" }))
        {
            Assert.Equal(2, await failing.WaitForExitAsync());
            string status = await ReceiveAsync(systemd, running);
            Assert.True(status.StartsWith($"STATUS=upgrade to {setup.Socket} failed, serving on: ", StringComparison.Ordinal)
                && status.Contains("the successor refused the image: Retrieve failed for 'webcache': WEBCACHE_FAULT=retrieve", StringComparison.Ordinal), status);
        }

        using var successor = Releases.Start(2, setup.Args(), notify);
        await successor.WaitForLineAsync("kho: serving");
        Assert.Equal(0, await running.WaitForExitAsync());
        successor.Signal(ServiceProcess.SigTerm);
        Assert.Equal(0, await successor.WaitForExitAsync());

        // Every datagram, now that both have exited: the old build's MAINPID at the point of no return and the
        // successor's READY=1 (in either order), then the successor's STOPPING=1; never the old build's STOPPING=1.
        var messages = new System.Collections.Generic.List<string>();
        while (systemd.Available > 0) messages.Add(await ReceiveAsync(systemd, successor));
        Assert.True(messages.Count == 3, string.Join(" | ", messages));
        string handed = $"MAINPID={successor.Id}\nSTATUS=handed over ";
        string ready = $"READY=1\nMAINPID={successor.Id}\nSTATUS=serving";
        Assert.Contains(messages.Take(2), m => m.StartsWith(handed, StringComparison.Ordinal) && m.EndsWith($" bytes to process {successor.Id}", StringComparison.Ordinal));
        Assert.Contains(ready, messages.Take(2));
        Assert.Equal("STOPPING=1", messages[2]);
    }

    [Fact]
    public async Task The_notifier_speaks_to_abstract_sockets_and_sends_mainpid_reloading_and_status()
    {
        string name = "khogen-test-" + Guid.NewGuid().ToString("N");
        using var systemd = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        systemd.Bind(new UnixDomainSocketEndPoint("\0" + name));
        using var notifier = new KhoSystemdNotifier("@" + name);

        notifier.MainPid(4242);
        Assert.Equal("MAINPID=4242", await ReceiveAsync(systemd, null));

        long before = Stopwatch.GetTimestamp();
        notifier.Reloading("upgrading\nto 2.0");
        long after = Stopwatch.GetTimestamp();
        string[] reloading = (await ReceiveAsync(systemd, null)).Split('\n');
        Assert.Equal("RELOADING=1", reloading[0]);
        Assert.StartsWith("MONOTONIC_USEC=", reloading[1]);
        long usec = long.Parse(reloading[1]["MONOTONIC_USEC=".Length..], CultureInfo.InvariantCulture);
        // Timestamps in microseconds without overflow: ticks * 1,000,000 passes long.MaxValue after ~2.5 h of uptime.
        static long Usec(long ticks) => (long)(ticks * (1_000_000.0 / Stopwatch.Frequency));
        Assert.InRange(usec, Usec(before) - 1, Usec(after) + 1);
        Assert.Equal("STATUS=upgrading to 2.0", reloading[2]);

        notifier.Stopping();
        Assert.Equal("STOPPING=1", await ReceiveAsync(systemd, null));
        Assert.Throws<ArgumentOutOfRangeException>(() => notifier.MainPid(0));
    }

    [Theory]
    [InlineData("")]
    [InlineData("relative/path")]
    [InlineData("@")]
    public void A_notify_address_that_is_not_a_socket_address_is_refused(string address)
    {
        var e = Assert.Throws<ArgumentException>(() => new KhoSystemdNotifier(address));
        Assert.StartsWith("NOTIFY_SOCKET must be an absolute path or '@' and an abstract name", e.Message);
    }

    static async Task<string> ReceiveAsync(Socket systemd, ServiceProcess? service)
    {
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(ServiceProcess.Timeout);
        try
        {
            int n = await systemd.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            return Encoding.UTF8.GetString(buffer, 0, n);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no notification arrived:\n{service?.Output}");
        }
    }
}
