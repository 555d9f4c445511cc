using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using KhoGen.AspNetCore.Tests.Support;
using WebCache.Load;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KhoGen.AspNetCore.Tests;

/// <summary>Kestrel in the test host, listening through KhoListeners on loopback.</summary>
public sealed class ListenerTests
{
    sealed class App : IAsyncDisposable
    {
        public required WebApplication Web { get; init; }
        public int Served;
        public KhoListeners Listeners => Web.Services.GetRequiredService<KhoListeners>();
        public IPEndPoint EndPoint => (IPEndPoint)Listeners.Listening.Single().EndPoint;
        public ValueTask DisposeAsync() => Web.DisposeAsync();
    }

    static async Task<App> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKhoListeners(o => o.SystemdSocketActivation = false);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var web = builder.Build();
        var app = new App { Web = web };
        web.MapGet("/", () => { Interlocked.Increment(ref app.Served); return $"pid {Environment.ProcessId}"; });
        await web.StartAsync().WaitAsync(ServiceProcess.Timeout);
        return app;
    }

    [Fact]
    public async Task Kestrel_binds_through_the_listeners_when_there_is_nothing_to_adopt()
    {
        await using var app = await StartAsync();
        var (name, endpoint) = Assert.Single(app.Listeners.Listening);
        Assert.Equal(endpoint.ToString(), name);
        using var http = new HttpClient();
        Assert.Equal($"pid {Environment.ProcessId}", await http.GetStringAsync($"http://{app.EndPoint}/"));
        Assert.True(app.Listeners.IsAccepting);
    }

    [Fact]
    public async Task Stopped_listeners_leave_connections_in_the_backlog_and_resuming_serves_them()
    {
        await using var app = await StartAsync();
        await app.Listeners.StopAcceptingAsync().WaitAsync(ServiceProcess.Timeout);
        Assert.False(app.Listeners.IsAccepting);

        const int clients = 5;
        var sockets = new Socket[clients];
        for (int i = 0; i < clients; i++)
        {
            sockets[i] = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await sockets[i].ConnectAsync(app.EndPoint); // completes: the kernel queues it, none refused
            await sockets[i].SendAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n"));
        }
        // The kernel's own count of connections waiting to be accepted on the listening socket.
        await WaitForBacklogAsync(app.EndPoint.Port, clients);
        Assert.Equal(0, app.Served);

        app.Listeners.ResumeAccepting();
        foreach (var socket in sockets)
        {
            using var stream = new NetworkStream(socket, ownsSocket: true);
            string response = await new StreamReader(stream).ReadToEndAsync().WaitAsync(ServiceProcess.Timeout);
            Assert.StartsWith("HTTP/1.1 200 OK", response);
            Assert.Contains($"\r\npid {Environment.ProcessId}\r\n", response); // one chunk
        }
        Assert.Equal(clients, app.Served);
        await WaitForBacklogAsync(app.EndPoint.Port, 0);
    }

    [Fact]
    public async Task Stopping_twice_and_resuming_twice_is_harmless()
    {
        await using var app = await StartAsync();
        await app.Listeners.StopAcceptingAsync();
        await app.Listeners.StopAcceptingAsync();
        app.Listeners.ResumeAccepting();
        app.Listeners.ResumeAccepting();
        using var http = new HttpClient();
        Assert.Equal($"pid {Environment.ProcessId}", await http.GetStringAsync($"http://{app.EndPoint}/"));
    }

    [Fact]
    public async Task An_exported_socket_serves_in_another_process_that_adopts_it_while_this_one_stops_accepting()
    {
        using var temp = new TempDir();
        await using var app = await StartAsync();
        var exported = Assert.Single(app.Listeners.Export());
        Assert.Equal(app.EndPoint.ToString(), exported.Name);
        using var successor = ServiceProcess.StartActivated((int)exported.Handle.DangerousGetHandle(), "handed", Releases.WebCache(1),
            ["--entries", "1000", "--KhoGen:ImagePath=" + temp.File("cache.img")]);
        exported.Handle.Dispose(); // the successor has its copy
        Assert.Equal("kho: listening http://" + app.EndPoint + " adopted handed", await successor.WaitForLineAsync("kho: listening"));
        await successor.WaitForLineAsync("kho: serving");

        await app.Listeners.StopAcceptingAsync();
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero });
        for (int i = 0; i < 3; i++)
            Assert.Equal($"release=1.0 pid={successor.Id} entries=1000 origin=cold start", await http.GetStringAsync($"http://{app.EndPoint}/info"));
        Assert.Equal(0, app.Served);
    }

    [Fact]
    public void Adopting_a_socket_that_is_not_listening_is_refused()
    {
        var listeners = new KhoListeners();
        var bound = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        bound.Bind(new IPEndPoint(IPAddress.Loopback, 0)); // bound, never listening
        // Adopt takes the descriptor over, and closes it when it refuses it.
        var e = Assert.Throws<InvalidOperationException>(() => listeners.Adopt("bad", bound.SafeHandle));
        Assert.Equal($"Listener 'bad': descriptor {e.Message.Split(' ')[3]} is not a listening stream socket.", e.Message);
        Assert.True(bound.SafeHandle.IsInvalid);
        Assert.Empty(listeners.Adopted);
    }

    /// <summary>Waits until the TCP listening socket on <paramref name="port"/> has <paramref name="expected"/> connections queued.</summary>
    static async Task WaitForBacklogAsync(int port, int expected)
    {
        using var timeout = new CancellationTokenSource(ServiceProcess.Timeout);
        int queued = -1;
        while (!timeout.IsCancellationRequested)
        {
            queued = Backlog(port);
            if (queued == expected) return;
            await Task.Yield();
        }
        Assert.Fail($"the backlog of port {port} holds {queued} connections, not {expected}");
    }

    /// <summary>For a listening socket, /proc/net/tcp's rx_queue is the number of connections waiting to be accepted.</summary>
    static int Backlog(int port)
    {
        string local = "0100007F:" + port.ToString("X4", CultureInfo.InvariantCulture);
        foreach (string line in File.ReadLines("/proc/net/tcp").Skip(1))
        {
            string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f[1] == local && f[3] == "0A")
                return int.Parse(f[4].Split(':')[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }
        return -1;
    }
}
