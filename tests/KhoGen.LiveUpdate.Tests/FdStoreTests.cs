using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using KhoGen.Handover.Native;
using KhoGen.LiveUpdate.Tests.Support;

namespace KhoGen.LiveUpdate.Tests;

/// <summary>
/// systemd's file descriptor store, with this test standing in for systemd: a release stores its
/// region's memfd (FDSTORE=1, FDNAME=pages, the memfd attached to the notify datagram) and exits;
/// the memfd outlives it here; the next process gets it back as descriptor 3 with LISTEN_PID,
/// LISTEN_FDS and LISTEN_FDNAMES, as systemd passes it, and adopts, converts or refuses it. Not tested:
/// a real systemd, and a kernel update with Live Update (docs/regions.md).
/// </summary>
public class FdStoreTests
{
    /// <summary>Runs <paramref name="app"/> <c>store 1000</c> against a datagram socket and returns the text, the memfd and the inode it printed.</summary>
    static async Task<(string Text, int Memfd, ulong Inode)> StoreAsync(string app, TempDir folder)
    {
        string notify = folder.File("notify");
        using var systemd = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        systemd.Bind(new UnixDomainSocketEndPoint(notify));
        systemd.ReceiveTimeout = 60_000;   // SO_RCVTIMEO: a child that sent nothing fails the test, it does not hang it
        var stored = await Child.RunAsync(Child.Dotnet, new[] { app, "store", "1000" }, new Dictionary<string, string?> { ["NOTIFY_SOCKET"] = notify });
        Assert.True(stored.ExitCode == 0 && stored.Lines.Contains("stored"), stored.ToString());
        ulong inode = ulong.Parse(stored.Lines.Single(l => l.StartsWith("inode ", StringComparison.Ordinal)).Substring(6));

        var (text, memfd) = Receive(systemd);
        return (text, memfd, inode);
    }

    /// <summary>One notification datagram and the one descriptor attached to it, read as systemd reads it.</summary>
    static unsafe (string Text, int Memfd) Receive(Socket systemd)
    {
        var text = new byte[512];
        int controlLength = LibC.ControlSpace(4 * 4);
        byte* control = stackalloc byte[controlLength];
        fixed (byte* t = text)
        {
            var iov = new LibC.IoVector { Base = t, Length = (nuint)text.Length };
            var msg = new LibC.MessageHeader { Iov = &iov, IovLength = 1, Control = control, ControlLength = (nuint)controlLength };
            nint n = LibC.recvmsg((int)systemd.SafeHandle.DangerousGetHandle(), &msg, LibC.MSG_CMSG_CLOEXEC);
            Assert.True(n > 0, $"no notification: {LibC.Describe(LibC.Errno)}");
            Assert.Equal(LibC.ControlSpace(4), (int)msg.ControlLength);   // exactly one descriptor
            Assert.Equal((LibC.SOL_SOCKET, LibC.SCM_RIGHTS), (*(int*)(control + 8), *(int*)(control + 12)));
            return (Encoding.UTF8.GetString(text, 0, (int)n), *(int*)(control + LibC.ControlHeader));
        }
    }

    /// <summary>Starts <paramref name="app"/> <c>adopt</c> with <paramref name="memfd"/> as descriptor 3, as systemd starts a unit with its fd store.</summary>
    static Task<ChildResult> AdoptAsync(string app, int memfd) =>
        Child.RunAsync("/bin/sh", new[]
        {
            "-c", $"exec 3<>/proc/{Environment.ProcessId}/fd/{memfd}; export LISTEN_PID=$$ LISTEN_FDS=1 LISTEN_FDNAMES=pages; exec \"$0\" \"$@\"",
            Child.Dotnet, app, "adopt",
        });

    [Fact]
    public async Task A_stored_region_outlives_its_process_and_the_next_start_adopts_it_in_place()
    {
        var apps = await RegionApps.GetAsync();
        using var folder = new TempDir();
        var (text, memfd, inode) = await StoreAsync(apps.V1, folder);
        try
        {
            Assert.Equal("FDSTORE=1\nFDNAME=pages", text);
            Assert.Equal(inode, FileFacts.OfDescriptor(memfd, "stored").Inode);   // the process is gone; its memfd is here

            var adopted = await AdoptAsync(apps.V1, memfd);
            Assert.True(adopted.ExitCode == 0, adopted.ToString());
            Assert.Contains($"region page-v1 Adopted 1000 0 {inode}", adopted.Lines);
            Assert.Contains("last PageV1 { Key = 999, Stamp = 6993 }", adopted.Lines);

            var converted = await AdoptAsync(apps.V2, memfd);   // the next release: another element layout
            Assert.True(converted.ExitCode == 0, converted.ToString());
            Assert.Contains(converted.Lines, l => l.StartsWith("region page-v1 Converted 1000 16000 ", StringComparison.Ordinal));
            Assert.Contains("last PageV2 { Key = 999, Stamp = 6993, Hits = 0 }", converted.Lines);
        }
        finally
        {
            LibC.close(memfd);
        }
    }

    [Fact]
    public async Task A_stored_region_of_a_version_this_build_cannot_read_is_refused()
    {
        var apps = await RegionApps.GetAsync();
        using var folder = new TempDir();
        var (_, memfd, _) = await StoreAsync(apps.V2, folder);
        try
        {
            var refused = await AdoptAsync(apps.V1, memfd);   // release 1 reads page-v1 only
            Assert.Equal(3, refused.ExitCode);
            Assert.Contains(refused.Lines, l => l.StartsWith("refused: ", StringComparison.Ordinal) && l.Contains("the region holds page-v2; this build reads page-v1", StringComparison.Ordinal));
        }
        finally
        {
            LibC.close(memfd);
        }
    }
}
