using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using KhoGen.Handover.Native;
using Microsoft.Win32.SafeHandles;

namespace KhoGen.Handover;

/// <summary>
/// The successor's side of the handover socket: when a running build of this instance listens,
/// ask it for its state, receive the sealed image, validate it whole, retrieve, acknowledge, and
/// serve only once the running build confirmed.
/// </summary>
static class HandoverClient
{
    /// <summary>The restore through the socket; null when nothing listens there (then the image file is read).</summary>
    public static async Task<KhoRestoreReport?> TryRestoreAsync(KhoLiveUpdate update, CancellationToken ct)
    {
        if (!OperatingSystem.IsLinux()) return null;
        var options = update.Options;
        string path = Path.GetFullPath(options.HandoverSocketPath);
        // A folder and a socket of this uid, or of a uid this build accepts state from (AllowedPeerUids);
        // otherwise the image file is read, and its path reports the folder.
        bool Trusted(uint uid) => HandoverServer.Allowed(uid, options);
        if (PrivateFolder.Problem(Path.GetDirectoryName(path)!, Trusted) is not null) return null;
        FileFacts? facts;
        try { facts = FileFacts.OfPath(path); }
        catch (IOException) { return null; }   // this uid may not even look into the folder
        if (facts is not { IsSocket: true } found || !Trusted(found.Uid)) return null;
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try { socket.Connect(new UnixDomainSocketEndPoint(path)); }
        catch (SocketException)
        {
            socket.Dispose();
            return null;   // a socket left by a build that is gone
        }
        using var channel = new HandoverChannel(socket, options.HandoverTimeout);
        string source = $"handover socket {path}";
        try
        {
            return await RestoreAsync(update, channel, source, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or TimeoutException or UnauthorizedAccessException)
        {
            throw new KhoLiveUpdateException(KhoPhase.Retrieve, $"Restore through the {source} failed: {e.Message}", null, e);
        }
    }

    static async Task<KhoRestoreReport> RestoreAsync(KhoLiveUpdate update, HandoverChannel channel, string source, CancellationToken ct)
    {
        var (pid, uid, _) = channel.Peer();
        if (!HandoverServer.Allowed(uid, update.Options))
            throw new UnauthorizedAccessException($"the process serving it ({pid}) runs as uid {uid}, which may not hand state to this process");
        var clock = Stopwatch.StartNew();
        const string Closed = "closed the connection without handing over";
        // A server that refuses this peer (SO_PEERCRED) closes at once, unread: the Hello may fail to go
        // out (EPIPE), or the reply to fail (ECONNRESET), instead of an orderly end. All say the same.
        HandoverMessage? reply;
        try
        {
            channel.Send(HandoverMessage.Hello(KhoLiveUpdate.Identity(update.Catalog), update.Options.Address, update.Catalog.ToJson()));
            reply = await Task.Run(channel.Receive, ct).ConfigureAwait(false);
        }
        catch (IOException e) when (e is not EndOfStreamException) { throw new EndOfStreamException($"the running build (process {pid}) {Closed} ({e.Message})", e); }
        if (reply is null) throw new EndOfStreamException($"the running build (process {pid}) {Closed}");
        using var descriptors = new Descriptors(reply);
        if (reply.Type == HandoverMessageType.Refused)
            throw new KhoLiveUpdateException(KhoPhase.Retrieve, $"The running build (process {pid}) refused the handover: {reply.Read().Text("reason")}");
        if (reply.Type != HandoverMessageType.Image || reply.Descriptors.Count < 1)
            throw new InvalidDataException($"handover: the running build sent {reply.Type} with {reply.Descriptors.Count} descriptors instead of an image");
        TimeSpan wait = clock.Elapsed;
        var transfer = Stopwatch.StartNew();
        var body = reply.Read();
        long length = (long)body.U64("image length");
        uint named = body.U32("listener count");
        if (named > reply.Descriptors.Count - 1)
            throw new InvalidDataException($"handover: the image names {named} listening sockets and carries {reply.Descriptors.Count - 1} descriptors");
        var listenerNames = new string[named];
        for (int i = 0; i < named; i++) listenerNames[i] = body.Text("listener name");
        long stoppedAcceptingAt = body.AtEnd ? 0 : (long)body.U64("stopped accepting at");
        uint regionCount = body.AtEnd ? 0 : body.U32("region count");
        if ((long)named + regionCount != reply.Descriptors.Count - 1)
            throw new InvalidDataException($"handover: the image names {named} listening sockets and {regionCount} regions and carries {reply.Descriptors.Count - 1} descriptors");
        using var regions = new Regions.RegionDescriptors(
            Enumerable.Range(1 + (int)named, (int)regionCount).Select(descriptors.Take).ToArray(), uid);
        int memfd = descriptors.Take(0);
        var handle = new SafeFileHandle(memfd, ownsHandle: true);
        KhoRestoreReport report;
        try
        {
            SealedImage.Verify(memfd, uid, length);
            KhoImage image;
            try { image = KhoImage.ThrowIfInvalid(KhoImage.Map(handle, length, source)); }
            catch (KhoFormatException e) { throw new KhoLiveUpdateException(KhoPhase.Retrieve, $"Restore refused: {e.Message}", null, e); }
            using (image)
            {
                if (update.NotForThisBuild(image, out _) is string wrong)
                    throw new KhoLiveUpdateException(KhoPhase.Retrieve, $"Restore refused: {wrong}");
                report = await update.RestoreFromImageAsync(image, clock, ct, regions).ConfigureAwait(false) with { Source = source };
            }
            await AdoptAsync(update.Options.Listeners, listenerNames, descriptors, ct).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            handle.Dispose();
            TrySend(channel, HandoverMessage.Ack(false, e.Message));
            throw;
        }
        channel.Send(HandoverMessage.Ack(true, "retrieved"));
        report = report with { Handover = new KhoHandoverReport(pid, stoppedAcceptingAt, wait, transfer.Elapsed) };
        HandoverMessage? confirmed = channel.Receive();
        if (confirmed is not { Type: HandoverMessageType.Ack } || confirmed.Read().U8("status") != 0)
            throw new KhoLiveUpdateException(KhoPhase.Retrieve,
                $"The running build (process {pid}) did not confirm the handover after this build retrieved its state: it may still be serving, so this build must not.");
        update.Options.Listeners?.ResumeAccepting(report.Handover!);   // the point of no return: the running build accepts no more
        update.ThawAdoptedRegions();                    // and writes its regions no more: they are this build's
        return report;
    }

    /// <summary>
    /// Takes the running build's listening sockets, stopped: this build's server listens on them
    /// once it starts, and accepts only after the running build confirmed. Without listeners
    /// configured here they are closed (the running build's own copies stay open).
    /// </summary>
    static async Task AdoptAsync(KhoGen.Hosting.IKhoListenerHandover? listeners, string[] names, Descriptors descriptors, CancellationToken ct)
    {
        if (listeners is null || names.Length == 0) return;
        await listeners.StopAcceptingAsync(ct).ConfigureAwait(false);
        for (int i = 0; i < names.Length; i++)
        {
            var handle = new SafeFileHandle(descriptors.Take(i + 1), ownsHandle: true);
            try { listeners.Adopt(names[i], handle); }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException)
            {
                handle.Dispose();
                throw new InvalidDataException($"handover: listening socket '{names[i]}' could not be adopted: {e.Message}", e);
            }
        }
    }

    static void TrySend(HandoverChannel channel, HandoverMessage message)
    {
        try { channel.Send(message); }
        catch (Exception e) when (e is IOException or TimeoutException) { }
    }

    /// <summary>Closes every received descriptor that was not taken.</summary>
    sealed class Descriptors : IDisposable
    {
        readonly int[] _fds;
        public Descriptors(HandoverMessage message) => _fds = System.Linq.Enumerable.ToArray(message.Descriptors);
        public int Take(int i)
        {
            int fd = _fds[i];
            _fds[i] = -1;
            return fd;
        }
        public void Dispose()
        {
            foreach (int fd in _fds) if (fd >= 0) LibC.close(fd);
        }
    }
}
