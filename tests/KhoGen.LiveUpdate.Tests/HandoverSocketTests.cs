using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using KhoGen.LiveUpdate.Tests.Support;

namespace KhoGen.LiveUpdate.Tests;

/// <summary>
/// The handover socket (Linux): a running build hands its state to a successor of the same uid
/// as a sealed memfd, says nothing to a peer of another uid, and goes on serving with its state
/// when a successor leaves before acknowledging. Real processes under their own uids.
/// </summary>
public class HandoverSocketTests
{
    const uint Server = 40111, Guarded = 40112, Patient = 40113;

    static async Task<(Child Server, string Socket, string Address)> ServeAsync(uint uid, string app, params string[] extra)
    {
        var server = Users.Start(uid, app, new[] { "serve", "alice" }.Concat(extra).ToArray());
        string socket = (await server.WaitForLineStartingAsync("serving ")).Substring("serving ".Length);
        string address = (await server.WaitForLineStartingAsync("address ")).Substring("address ".Length);
        Assert.Equal(Users.DefaultFolder(uid), Path.GetDirectoryName(socket));
        string facts = await Users.OwnerAndModeAsync(socket);   // the server's own socket, in a folder only it may enter
        Assert.True(facts.StartsWith($"{uid} ", StringComparison.Ordinal) && facts.EndsWith(" socket", StringComparison.Ordinal), facts);
        return (server, socket, address);
    }

    [Fact]
    public async Task A_successor_of_the_same_uid_receives_the_state_through_a_sealed_memfd_and_nothing_is_left_behind()
    {
        var apps = await Apps.GetAsync();
        Users.Forget(Server);
        try
        {
            var (server, socket, _) = await ServeAsync(Server, apps.PrivateState);
            using (server)
            {
                Assert.Equal($"{Server} 700 directory", await Users.OwnerAndModeAsync(Users.DefaultFolder(Server)));

                var successor = await Users.RunAsync(Server, apps.PrivateState, "restore");

                Assert.True(successor.ExitCode == 0, successor.ToString());
                Assert.Contains($"restored alice from handover socket {socket}", successor.Lines);
                Assert.Contains("finished", successor.Lines);
                var served = await server.WaitForExitAsync();
                Assert.True(served.ExitCode == 0, served.ToString());
                Assert.Contains(served.Lines, l => l.StartsWith("handed over ", StringComparison.Ordinal));
                Assert.Empty(Directory.GetFileSystemEntries(Users.DefaultFolder(Server)));   // no socket, no image file
            }
        }
        finally
        {
            Users.Forget(Server);
        }
    }

    [Fact]
    public async Task A_peer_under_another_uid_is_refused_before_any_state_is_sent()
    {
        var apps = await Apps.GetAsync();
        Users.Forget(Guarded);
        try
        {
            var (server, socket, address) = await ServeAsync(Guarded, apps.PrivateState);
            using (server)
            {
                // This test runs as root: another uid than the server's. It may reach the socket; it gets nothing.
                using (var peer = Connect(socket))
                {
                    try { peer.Send(Hello(address, KhoCatalog.LoadAny(apps.PrivateState).ToJson())); }
                    catch (SocketException) { }   // the server may have closed the connection already
                    Assert.Equal(0, ReceiveAll(peer, new byte[16]));
                }
                string refusal = await server.WaitForLineStartingAsync("attempt failed: ");
                Assert.Contains("of uid 0 before saying anything", refusal);
                Assert.DoesNotContain("preserved", server.Lines);   // no participant was asked for anything

                var successor = await Users.RunAsync(Guarded, apps.PrivateState, "restore");
                Assert.Contains($"restored alice from handover socket {socket}", successor.Lines);
                Assert.True((await server.WaitForExitAsync()).ExitCode == 0);
            }
        }
        finally
        {
            Users.Forget(Guarded);
        }
    }

    [Fact]
    public async Task A_successor_that_disconnects_mid_transfer_leaves_the_running_build_serving_with_its_state()
    {
        var apps = await Apps.GetAsync();
        Users.Forget(Patient);
        try
        {
            // Root is allowed here (an allow-list), so this test can play a successor that leaves half-way.
            var (server, socket, address) = await ServeAsync(Patient, apps.PrivateState, "--allow", "0", "--allow", Patient.ToString());
            using (server)
            {
                using (var peer = Connect(socket))
                {
                    peer.Send(Hello(address, KhoCatalog.LoadAny(apps.PrivateState).ToJson()));
                    var header = new byte[16];
                    Assert.Equal(16, ReceiveAll(peer, header));
                    Assert.Equal("KHOH", Encoding.ASCII.GetString(header, 0, 4));
                    Assert.Equal(2, BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(6)));   // Image
                    Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(12)));  // one descriptor: the memfd
                }   // gone before acknowledging

                string failure = await server.WaitForLineStartingAsync("attempt failed: ");
                Assert.Contains("the successor disconnected before acknowledging the image", failure);
                Assert.EndsWith("| still holding alice", failure);

                var successor = await Users.RunAsync(Patient, apps.PrivateState, "restore");
                Assert.Contains($"restored alice from handover socket {socket}", successor.Lines);
                var served = await server.WaitForExitAsync();
                Assert.True(served.ExitCode == 0, served.ToString());
                Assert.Equal(2, served.Lines.Count(l => l == "preserved"));
                Assert.Empty(Directory.GetFileSystemEntries(Users.DefaultFolder(Patient)));
            }
        }
        finally
        {
            Users.Forget(Patient);
        }
    }

    static Socket Connect(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified) { ReceiveTimeout = 60_000 };
        socket.Connect(new UnixDomainSocketEndPoint(path));
        return socket;
    }

    static int ReceiveAll(Socket socket, byte[] into)
    {
        int got = 0;
        while (got < into.Length)
        {
            int n;
            try { n = socket.Receive(into, got, into.Length - got, SocketFlags.None); }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset) { break; }
            if (n == 0) break;
            got += n;
        }
        return got;
    }

    /// <summary>A Hello message, framed as docs/live-update.md describes.</summary>
    static byte[] Hello(string address, string catalogJson)
    {
        var body = new MemoryStream();
        foreach (string text in new[] { "a test peer", address, catalogJson })
        {
            byte[] b = Encoding.UTF8.GetBytes(text);
            body.Write(BitConverter.GetBytes((uint)b.Length));
            body.Write(b);
        }
        var frame = new byte[16 + body.Length];
        "KHOH"u8.CopyTo(frame);
        BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(4), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(6), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(8), (uint)body.Length);
        body.ToArray().CopyTo(frame, 16);
        return frame;
    }
}
