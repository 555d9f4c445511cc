using System;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using KhoGen.Handover.Native;

namespace KhoGen.Handover;

/// <summary>
/// The running build's side of the handover socket: one successor at a time; a peer whose uid is
/// not allowed is closed before a byte is said; a successor that fails, refuses or disappears
/// before the point of no return leaves the running build serving with its state.
/// </summary>
sealed class HandoverServer
{
    readonly KhoLiveUpdate _update;
    readonly Action<Exception>? _onFailedAttempt;

    public HandoverServer(KhoLiveUpdate update, Action<Exception>? onFailedAttempt)
    {
        _update = update;
        _onFailedAttempt = onFailedAttempt;
    }

    KhoLiveUpdateOptions Options => _update.Options;

    public async Task<KhoUpdateReport> RunAsync(CancellationToken ct)
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("The handover socket needs Linux (memfd, SCM_RIGHTS, SO_PEERCRED); use the image file elsewhere.");
        string path = Path.GetFullPath(Options.HandoverSocketPath);
        PrivateFolder.Ensure(Path.GetDirectoryName(path)!);
        RemoveStale(path);
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        try
        {
            listener.Listen(4);
            while (true)
            {
                Socket connection = await listener.AcceptAsync(ct).ConfigureAwait(false);
                using var channel = new HandoverChannel(connection, Options.HandoverTimeout);
                try
                {
                    if (await HandleAsync(channel, ct).ConfigureAwait(false) is KhoUpdateReport report) return report;
                }
                catch (Exception e) when (e is IOException or InvalidDataException or TimeoutException or SocketException or KhoLiveUpdateException or KhoFormatException)
                {
                    _onFailedAttempt?.Invoke(e);
                }
            }
        }
        finally
        {
            ImageWriter.TryDelete(path);
        }
    }

    /// <summary>One successor: null when the handover did not happen (and the service goes on).</summary>
    async Task<KhoUpdateReport?> HandleAsync(HandoverChannel channel, CancellationToken ct)
    {
        var (pid, uid, _) = channel.Peer();
        if (!Allowed(uid, Options))
        {
            _onFailedAttempt?.Invoke(new UnauthorizedAccessException(
                $"handover: refused process {pid} of uid {uid} before saying anything: only uid {string.Join(", ", AllowedUids(Options))} may take this service's state"));
            return null;
        }
        HandoverMessage? hello = await Task.Run(channel.Receive, ct).ConfigureAwait(false);
        if (hello is null) throw new EndOfStreamException($"handover: process {pid} closed the connection before saying hello");
        if (hello.Type != HandoverMessageType.Hello) throw new InvalidDataException($"handover: process {pid} sent {hello.Type} instead of Hello");
        var fields = hello.Read();
        string successor = fields.Text("identity"), address = fields.Text("address"), catalogJson = fields.Text("catalog");
        if (address != Options.Address)
        {
            channel.Send(HandoverMessage.Refusal($"this socket serves the state of {Options.Address}, not of {address}"));
            throw new InvalidDataException($"handover: process {pid} ({successor}) asked for the state of {address}; this is {Options.Address}");
        }
        KhoCatalog next;
        try { next = KhoCatalog.Parse(catalogJson, $"the catalog of {successor} (process {pid})"); }
        catch (KhoFormatException e)
        {
            channel.Send(HandoverMessage.Refusal(e.Message));
            throw;
        }

        // Zero-downtime: no new connection is taken from here on, so none is served from a state
        // the successor will not have; they wait in the backlog for whichever build serves next.
        var listeners = Options.Listeners;
        var times = new Times();
        if (listeners is not null)
        {
            times.StoppedAcceptingAt = KhoHandoverReport.MonotonicMicroseconds();
            var waited = System.Diagnostics.Stopwatch.StartNew();
            await StopAcceptingAsync(listeners, ct).ConfigureAwait(false);
            times.Wait = waited.Elapsed;
        }
        try
        {
            KhoPreparedUpdate prepared;
            try { prepared = await _update.PrepareCoreAsync(next, memfd: true, ct).ConfigureAwait(false); }
            catch (KhoLiveUpdateException e)
            {
                channel.Send(HandoverMessage.Refusal(e.Message));
                throw;
            }
            var report = await prepared.CommitCoreAsync(null, (image, _) => Deliver(channel, image, listeners, times), ct, passRegions: true).ConfigureAwait(false);
            return KhoTelemetry.HandedOver(report with { Handover = new KhoHandoverReport(pid, times.StoppedAcceptingAt, times.Wait, times.Transfer) });
        }
        catch when (listeners is not null)
        {
            listeners.ResumeAccepting();   // before the point of no return: this build serves on
            throw;
        }
        // After the point of no return the listeners stay stopped: the host stops, the successor accepts.
    }

    async Task StopAcceptingAsync(KhoGen.Hosting.IKhoListenerHandover listeners, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Options.HandoverTimeout);
        try
        {
            await listeners.StopAcceptingAsync(timeout.Token).ConfigureAwait(false);
            await listeners.DrainAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            listeners.ResumeAccepting();
            throw new TimeoutException($"handover: the listeners did not stop accepting and drain within {Options.HandoverTimeout.TotalSeconds:F0} s");
        }
    }

    /// <summary>Sends the sealed image and waits for the successor's acknowledgement, then confirms it: the point of no return.</summary>
    Task<long> Deliver(HandoverChannel channel, PendingImage image, KhoGen.Hosting.IKhoListenerHandover? listeners, Times times) => Task.Run(() =>
    {
        var (memfd, length) = image.Seal();
        var exported = listeners?.Export() ?? Array.Empty<KhoGen.Hosting.KhoListenerDescriptor>();
        try
        {
            // Regions stay this build's too (mapped read-only while frozen): a rollback gives them back.
            var regions = image.RegionDescriptors;
            if (exported.Count + regions.Count + 1 > HandoverMessage.MaxDescriptors)
                throw new InvalidDataException($"handover: {exported.Count} listening sockets and {regions.Count} regions are over the limit of {HandoverMessage.MaxDescriptors - 1} descriptors");
            // The kernel duplicates the descriptors into the message: this process's copies close after the send.
            channel.Send(HandoverMessage.Image(length, (int)memfd.DangerousGetHandle(),
                exported.Select(d => (d.Name, (int)d.Handle.DangerousGetHandle())).ToList(), times.StoppedAcceptingAt, regions));
        }
        finally
        {
            memfd.Dispose();
            foreach (var d in exported) d.Handle.Dispose();
        }
        var transfer = System.Diagnostics.Stopwatch.StartNew();
        const string Gone = "handover: the successor disconnected before acknowledging the image";
        HandoverMessage? ack;
        try { ack = channel.Receive(); }
        catch (IOException e) when (e is not EndOfStreamException) { throw new IOException($"{Gone} ({e.Message})", e); }
        if (ack is null) throw new EndOfStreamException(Gone);
        if (ack.Type != HandoverMessageType.Ack) throw new InvalidDataException($"handover: the successor sent {ack.Type} instead of Ack");
        var fields = ack.Read();
        byte status = fields.U8("status");
        string message = fields.Text("message");
        if (status != 0) throw new InvalidDataException($"handover: the successor refused the image: {message}");
        times.Transfer = transfer.Elapsed;
        channel.Send(HandoverMessage.Ack(true, "committed"));
        return length;
    });

    /// <summary>What the report says of this side of the handover.</summary>
    sealed class Times
    {
        public long StoppedAcceptingAt;
        public TimeSpan Wait, Transfer;
    }

    internal static bool Allowed(uint uid, KhoLiveUpdateOptions options) => AllowedUids(options).Contains(uid);

    internal static uint[] AllowedUids(KhoLiveUpdateOptions options) =>
        options.AllowedPeerUids.Count > 0 ? options.AllowedPeerUids.OrderBy(u => u).ToArray() : new[] { LibC.geteuid() };

    /// <summary>A socket left by a build that is gone is removed; one that answers belongs to a running server.</summary>
    static void RemoveStale(string path)
    {
        if (FileFacts.OfPath(path) is not FileFacts f) return;
        if (!f.IsSocket) throw new IOException($"handover: {path} is {f.TypeName}, not a socket; remove it");
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
            throw new IOException($"handover: another process is already serving the handover of this instance at {path}");
        }
        catch (SocketException)
        {
            File.Delete(path);
        }
    }
}
