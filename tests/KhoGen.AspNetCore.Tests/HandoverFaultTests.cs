using System;
using System.Collections.Generic;
using System.Net.Sockets;
using System.Threading.Tasks;
using KhoGen.AspNetCore.Tests.Support;
using WebCache.Load;

namespace KhoGen.AspNetCore.Tests;

/// <summary>
/// The zero-downtime handover when the successor fails before the point of no return, with real
/// processes on loopback under a bounded load: the successor is refused, throws, is killed while it
/// holds the image, hangs past the handover timeout, or is a fake that sends forged frames. After
/// each, the running release serves on: same process, every entry, no refused connection, no
/// failed request. And what happens when the successor dies after the point of no return.
/// </summary>
public sealed class HandoverFaultTests
{
    const string FailedLine = "kho: upgrade failed, serving on: ";

    /// <summary>Runs <paramref name="faults"/> against one running release under load, then checks what the clients saw.</summary>
    static async Task UnderLoadAsync(HandoverSetup setup, ServiceProcess running, string release, Func<Task> faults)
    {
        var load = setup.Load();
        Task<LoadResult> loading = load.RunAsync();
        await load.WhenSucceeded(200).WaitAsync(ServiceProcess.Timeout);
        await faults();
        // Served by the same release after the last fault, then stopped.
        await load.WhenSucceeded(load.Succeeded + 200).WaitAsync(ServiceProcess.Timeout);
        load.Stop();
        LoadResult result = await loading.WaitAsync(ServiceProcess.Timeout);
        Assert.True(result.Failed == 0 && result.Refused == 0,
            $"failed {result.Failed}, refused {result.Refused}: {string.Join("; ", result.Failures)}\n{running.Output}");
        Assert.Equal(result.Sent, result.Succeeded);
        await ServesOnAsync(setup, running, release);
        running.Signal(ServiceProcess.SigTerm);
        Assert.Equal(0, await running.WaitForExitAsync());
    }

    static async Task ServesOnAsync(HandoverSetup setup, ServiceProcess running, string release)
    {
        var (info, verified) = await setup.AskAsync();
        Assert.StartsWith($"release={release} pid={running.Id} entries={HandoverSetup.Entries} ", info);
        Assert.Equal($"{HandoverSetup.Entries} of {HandoverSetup.Entries}", verified);
    }

    [Fact]
    public async Task A_successor_refused_throwing_killed_while_holding_the_image_or_hanging_past_the_timeout_leaves_the_running_release_serving()
    {
        using var setup = new HandoverSetup(TimeSpan.FromSeconds(8));
        // Release 2.0 with webcache-v1 switched off: a rollback to 1.0 (which reads only v1) cannot be negotiated.
        using var running = await setup.StartAsync(2, null, "--KhoGen:WriteEnabled:webcache-v1=false");
        int attempts = 0;
        async Task<string> RunningReportsAsync()
        {
            string line = await running.WaitForLineAsync(FailedLine, ++attempts);
            await ServesOnAsync(setup, running, "2.0");
            return line;
        }

        await UnderLoadAsync(setup, running, "2.0", async () =>
        {
            // Refused negotiation: the successor exits with the running build's reason.
            using (var refused = Releases.Start(1, setup.Args()))
            {
                Assert.Equal(2, await refused.WaitForExitAsync());
                Assert.Contains($"kho: restore failed (Retrieve): The running build (process {running.Id}) refused the handover: ", refused.Output);
                Assert.Contains("webcache", await RunningReportsAsync());
            }

            // Its participant throws while retrieving: it refuses the image, says why, and exits.
            using (var throwing = Releases.Start(2, setup.Args(), new Dictionary<string, string?> { ["WEBCACHE_FAULT"] = "retrieve" }))
            {
                Assert.Equal(2, await throwing.WaitForExitAsync());
                Assert.Contains("kho: restore failed (Retrieve): ", throwing.Output);
                Assert.Contains("WEBCACHE_FAULT=retrieve: this release refuses to restore", throwing.Output);
                Assert.Contains("the successor refused the image", await RunningReportsAsync());
            }

            // SIGKILLed while it holds the image (mapped, listening sockets received, nothing acknowledged).
            using (var killed = Releases.Start(2, setup.Args(), new Dictionary<string, string?> { ["WEBCACHE_FAULT"] = "hang" }))
            {
                await killed.WaitForLineAsync("kho: holding the image");
                killed.Signal(ServiceProcess.SigKill);
                Assert.Equal(128 + ServiceProcess.SigKill, await killed.WaitForExitAsync());
                Assert.Contains("the successor disconnected before acknowledging the image", await RunningReportsAsync());
            }

            // Hangs: the running build gives up after KhoGen:HandoverTimeout and resumes.
            using (var hanging = Releases.Start(2, setup.Args(), new Dictionary<string, string?> { ["WEBCACHE_FAULT"] = "hang" }))
            {
                await hanging.WaitForLineAsync("kho: holding the image");
                Assert.Contains("handover: timed out after 8 s", await RunningReportsAsync());
                Assert.DoesNotContain("kho: serving", hanging.Output);
            }   // killed: it held duplicates of the listening socket and never accepted on them
        });
        Assert.DoesNotContain("kho: handed over", running.Output);
    }

    [Fact]
    public async Task Forged_and_broken_frames_from_a_fake_successor_leave_the_running_release_serving()
    {
        using var setup = new HandoverSetup(TimeSpan.FromSeconds(8));
        using var running = await setup.StartAsync(1);
        string catalog = KhoCatalog.LoadAny(Releases.WebCache(1)).ToJson();
        const string noFormats = """{"schema":"khogen-catalog/1","assembly":{"name":"Forged","version":"9.0.0.0"},"formats":[],"data":[],"enums":[]}""";
        byte[] hello = Frames.Frame(Frames.Hello, Frames.HelloBody(setup.Address, catalog));

        // (what the fake sends, what it does once it has the image, what the running build must say, whether it answers Refused)
        var cases = new (string Name, byte[] Send, byte[]? AfterImage, string Expected, bool Refusal)[]
        {
            ("not the protocol", "GET / HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray(), null, "no KHOH magic", false),
            ("another protocol version", Frames.Frame(Frames.Hello, Frames.HelloBody(setup.Address, catalog), version: 2), null, "protocol version 2; this build speaks version 1", false),
            ("a body over the limit", Frames.Frame(Frames.Hello, [], bodyLength: 0xFFFF_FFF0), null, "over the limit of 67108864", false),
            ("an Ack instead of a Hello", Frames.Frame(Frames.Ack, Frames.AckBody(0, "done")), null, "sent Ack instead of Hello", false),
            ("a Hello cut short", Frames.Frame(Frames.Hello, new byte[10], bodyLength: 1000), null, "closed the connection inside a Hello message", false),
            ("a text longer than its body", Frames.Frame(Frames.Hello, [0xF4, 0x01, 0, 0, 1, 2, 3]), null, "the Hello message ends inside its identity", false),
            ("a descriptor announced and not sent", Frames.Frame(Frames.Hello, Frames.HelloBody(setup.Address, catalog), descriptors: 1), null, "announced 1 descriptors and carried 0", false),
            ("another instance's address", Frames.Frame(Frames.Hello, Frames.HelloBody("WebCache/another", catalog)), null, "asked for the state of WebCache/another", true),
            ("a catalog that is not JSON", Frames.Frame(Frames.Hello, Frames.HelloBody(setup.Address, "{not json")), null, "the catalog of a forging peer", true),
            ("a catalog without the cache's format", Frames.Frame(Frames.Hello, Frames.HelloBody(setup.Address, noFormats)), null, "webcache", true),
            ("a refusing Ack", hello, Frames.Frame(Frames.Ack, Frames.AckBody(1, "forged refusal")), "the successor refused the image: forged refusal", false),
            ("a Hello instead of the Ack", hello, hello, "the successor sent Hello instead of Ack", false),
            ("an Ack with an unknown status", hello, Frames.Frame(Frames.Ack, Frames.AckBody(7, "what")), "the successor refused the image: what", false),
            ("leaving once it has the image", hello, [], "the successor disconnected before acknowledging the image", false),
        };

        await UnderLoadAsync(setup, running, "1.0", async () =>
        {
            for (int i = 0; i < cases.Length; i++)
            {
                var (name, send, afterImage, expected, refusal) = cases[i];
                using (var fake = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified) { ReceiveTimeout = 60_000 })
                {
                    fake.Connect(new UnixDomainSocketEndPoint(setup.Socket));
                    fake.Send(send);
                    if (afterImage is not null)
                    {
                        Assert.Equal(Frames.Image, Frames.Receive(fake)?.Type);
                        if (afterImage.Length > 0) fake.Send(afterImage);
                    }
                    else if (refusal) Assert.Equal(Frames.Refused, Frames.Receive(fake)?.Type);
                    try { fake.Shutdown(SocketShutdown.Send); }   // a frame cut short ends here
                    catch (SocketException) { }                   // the running build has already closed the connection
                    if (afterImage is { Length: 0 }) fake.Close();
                    string line = await running.WaitForLineAsync(FailedLine, i + 1);
                    Assert.True(line.Contains(expected, StringComparison.Ordinal), $"{name}: {line}");
                }
                await ServesOnAsync(setup, running, "1.0");
            }
        });
        Assert.DoesNotContain("kho: handed over", running.Output);
    }

    [Fact]
    public async Task A_successor_that_dies_after_the_point_of_no_return_takes_the_state_and_the_port_with_it()
    {
        using var setup = new HandoverSetup(TimeSpan.FromSeconds(8));
        using var running = await setup.StartAsync(1);
        using (var http = new System.Net.Http.HttpClient { BaseAddress = setup.Server })
            Assert.Equal(System.Net.HttpStatusCode.NoContent,
                (await http.PutAsync("/cache/-1", new System.Net.Http.StringContent("7"))).StatusCode);   // an entry a cold start does not have

        using var dying = Releases.Start(2, setup.Args(), new Dictionary<string, string?> { ["WEBCACHE_FAULT"] = "die-after-commit" });
        await dying.WaitForLineAsync("kho: dying after the point of no return");
        Assert.Equal(128 + ServiceProcess.SigKill, await dying.WaitForExitAsync());
        // The running build had confirmed: it handed over and stopped, as after any successful handover.
        Assert.Equal(0, await running.WaitForExitAsync());
        Assert.Contains("kho: handed over ", running.Output);

        // The listening socket lived in the successor only: the port is closed, clients are refused.
        using (var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            var e = await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync(setup.Server.Host, setup.Server.Port));
            Assert.Equal(SocketError.ConnectionRefused, e.SocketErrorCode);
        }
        // The state was in the successor only: a restart cold-starts, and the entry written before is gone.
        using var restarted = await setup.StartAsync(1);
        var (info, _) = await setup.AskAsync();
        Assert.EndsWith("origin=cold start", info);
        using (var http = new System.Net.Http.HttpClient { BaseAddress = setup.Server })
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync("/cache/-1")).StatusCode);
        restarted.Signal(ServiceProcess.SigTerm);
        Assert.Equal(0, await restarted.WaitForExitAsync());
    }
}
