using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace KhoGen;

public sealed partial class KhoLiveUpdate
{
    /// <summary>
    /// Negotiates with the next build and preserves every participant's state while the service
    /// still runs. Refused before any participant is called when some format has no version both
    /// sides understand. Then call <see cref="KhoPreparedUpdate.CommitAsync(CancellationToken)"/>
    /// at cut-over, or <see cref="KhoPreparedUpdate.CancelAsync"/>.
    /// </summary>
    /// <exception cref="KhoLiveUpdateException">Negotiation refused, or a participant failed to preserve (those already preserved were unpreserved).</exception>
    public Task<KhoPreparedUpdate> PrepareAsync(KhoCatalog next, CancellationToken cancellationToken = default) =>
        PrepareCoreAsync(next, memfd: false, cancellationToken);

    /// <summary>
    /// Negotiates and preserves; each participant's state is serialized straight into the image
    /// (<see cref="ImageSpool"/>): beside <see cref="KhoLiveUpdateOptions.ImagePath"/>, or in a memfd
    /// for the handover socket (<paramref name="memfd"/>). Where no spool can be made (the folder is
    /// not private, say), the payloads are kept in memory and the commit reports why.
    /// </summary>
    internal async Task<KhoPreparedUpdate> PrepareCoreAsync(KhoCatalog next, bool memfd, CancellationToken cancellationToken)
    {
        IDisposable session = Enter(KhoPhase.Negotiate);
        ImageSpool? spool = null;
        try
        {
            KhoPlan plan = Negotiate(next);
            if (!plan.IsPossible)
                throw new KhoLiveUpdateException(KhoPhase.Negotiate, "Live update refused: " + plan.Explain()) { Plan = plan };
            var order = DependencyOrder(KhoPhase.Preserve);
            var header = new ImageHeader(Identity(Catalog), Catalog.ToJson(), Options.Address, default, Identity(next), Fingerprint(next));
            spool = TrySpool(header, order.Select(p => p.Format), memfd);
            var clock = Stopwatch.StartNew();
            var entries = new List<PreservedEntry>();
            foreach (var p in order)
            {
                int version = plan.Find(p.Format)!.Version;
                try
                {
                    byte[]? payload = await p.PreserveEntryAsync(version, spool, cancellationToken).ConfigureAwait(false);
                    entries.Add(new PreservedEntry(p, version, payload, payload is null ? spool!.EndEntry(p.Format, version, p.ShapeOf(version)) : null));
                }
                catch (Exception e)
                {
                    var undo = await UndoAsync(entries.Select(x => x.Participant), (x, ct) => x.UnpreserveEntryAsync(ct)).ConfigureAwait(false);
                    throw Failure(KhoPhase.Preserve, p.Format, e, $"unpreserved {Names(entries.Select(x => x.Participant))}", undo);
                }
            }
            return new KhoPreparedUpdate(this, session, plan, header, entries, spool, clock.Elapsed);
        }
        catch (Exception e)
        {
            spool?.Dispose();
            KhoTelemetry.UpdateFailed(e);
            session.Dispose();
            throw;
        }
    }

    /// <summary>The spool for this update's image, or null (payloads in memory) where none can be made: the commit then says why.</summary>
    ImageSpool? TrySpool(ImageHeader header, IEnumerable<string> formats, bool memfd)
    {
        long headerLength = ImageWriter.HeaderLength(header, formats);
        try
        {
            return memfd ? ImageSpool.InMemfd(headerLength) : ImageSpool.InFile(Options.ImagePath, headerLength, Options.Faults);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>
    /// Prepares and commits in one call: negotiate, preserve, freeze and write the image to
    /// <see cref="KhoLiveUpdateOptions.ImagePath"/>.
    /// </summary>
    public async Task<KhoUpdateReport> UpdateAsync(KhoCatalog next, CancellationToken cancellationToken = default)
    {
        var prepared = await PrepareAsync(next, cancellationToken).ConfigureAwait(false);
        return await prepared.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Calls <paramref name="undo"/> on each participant in reverse order; collects their failures.</summary>
    internal static async Task<List<Exception>> UndoAsync(IEnumerable<KhoParticipant> done, Func<KhoParticipant, CancellationToken, ValueTask> undo)
    {
        var failures = new List<Exception>();
        foreach (var p in done.Reverse())
        {
            try { await undo(p, CancellationToken.None).ConfigureAwait(false); }
            catch (Exception e) { failures.Add(e); }
        }
        return failures;
    }

    internal static KhoLiveUpdateException Failure(KhoPhase phase, string? format, Exception cause, string undone, List<Exception> undoFailures)
    {
        string who = format is null ? "" : $" for '{format}'";
        string message = $"Live update failed in {phase.ToString().ToLowerInvariant()}{who}: {cause.Message} ({undone}).";
        if (undoFailures.Count > 0) message += $" {undoFailures.Count} undo step(s) failed too: " + string.Join("; ", undoFailures.Select(f => f.Message));
        Exception inner = undoFailures.Count == 0 ? cause : new AggregateException(new[] { cause }.Concat(undoFailures));
        return new KhoLiveUpdateException(phase, message, format, inner);
    }

    internal static string Names(IEnumerable<KhoParticipant> ps)
    {
        string s = string.Join(", ", ps.Select(p => p.Format));
        return s.Length == 0 ? "nothing" : s;
    }
}

/// <summary>One participant's preserved state: its payload in memory, or its entry in the image spool.</summary>
sealed record PreservedEntry(KhoParticipant Participant, int Version, byte[]? Payload, ImageEntryRecord? Spooled);

/// <summary>A live update whose state is preserved, waiting for the cut-over.</summary>
public sealed class KhoPreparedUpdate
{
    readonly KhoLiveUpdate _owner;
    readonly IDisposable _session;
    readonly List<PreservedEntry> _entries;
    readonly TimeSpan _preserveTime;
    readonly ImageHeader _header;
    ImageSpool? _spool;
    bool _done;

    internal KhoPreparedUpdate(KhoLiveUpdate owner, IDisposable session, KhoPlan plan, ImageHeader header,
        List<PreservedEntry> entries, ImageSpool? spool, TimeSpan preserveTime)
    {
        _owner = owner;
        _session = session;
        Plan = plan;
        _header = header;
        _entries = entries;
        _spool = spool;
        _preserveTime = preserveTime;
    }

    /// <summary>The version chosen for each format.</summary>
    public KhoPlan Plan { get; }

    /// <summary>Freezes every participant and writes the image atomically to the configured path.</summary>
    /// <exception cref="KhoLiveUpdateException">A freeze or the write failed: participants were unfrozen and unpreserved, and no new image exists.</exception>
    public Task<KhoUpdateReport> CommitAsync(CancellationToken cancellationToken = default)
    {
        string path = _owner.Options.ImagePath;
        return CommitCoreAsync(path, (image, _) => Task.FromResult(image.WriteAtomically(path, _owner.Options.Faults)), cancellationToken);
    }

    /// <summary>Freezes every participant and writes the image to <paramref name="destination"/> (another transport).</summary>
    public Task<KhoUpdateReport> CommitAsync(Stream destination, CancellationToken cancellationToken = default)
    {
        if (destination is null) throw new ArgumentNullException(nameof(destination));
        return CommitCoreAsync(null, (image, _) => Task.FromResult(image.WriteTo(destination, _owner.Options.Faults)), cancellationToken);
    }

    /// <summary>
    /// Freezes, then hands the image to <paramref name="deliver"/>, which returns its length once the
    /// image is where it must be (a file renamed, a stream flushed, a successor's acknowledgement).
    /// Whatever <paramref name="deliver"/> throws aborts the commit: participants are unfrozen and
    /// unpreserved, and the service goes on with its state.
    /// </summary>
    /// <remarks>
    /// With <paramref name="passRegions"/> (the handover socket) a region written in its own version
    /// becomes a descriptor entry and its memfd rides in <see cref="ImageEntryContent.RegionDescriptor"/>;
    /// otherwise its elements are copied into the image (docs/regions.md).
    /// </remarks>
    internal async Task<KhoUpdateReport> CommitCoreAsync(string? path,
        Func<PendingImage, CancellationToken, Task<long>> deliver, CancellationToken cancellationToken,
        bool passRegions = false)
    {
        if (_done) throw new InvalidOperationException("This live update is already committed or cancelled.");
        _done = true;
        try
        {
            var clock = Stopwatch.StartNew();
            var frozen = new List<KhoParticipant>();
            var payloads = new List<byte[]?>();
            foreach (var e in _entries)
            {
                try
                {
                    payloads.Add(await e.Participant.FreezeEntryAsync(e.Version, cancellationToken).ConfigureAwait(false) ?? e.Payload);
                    frozen.Add(e.Participant);
                }
                catch (Exception x)
                {
                    throw await AbortAsync(KhoPhase.Freeze, e.Participant.Format, x, frozen).ConfigureAwait(false);
                }
            }
            TimeSpan freezeTime = clock.Elapsed;

            clock.Restart();
            var header = _header with { Created = DateTimeOffset.UtcNow };
            PendingImage image;
            long length;
            try
            {
                image = Pending(header, payloads, passRegions);
                length = await deliver(image, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // Any failure (a full disk, a broken or read-only transport, cancellation): participants must not stay frozen.
                throw await AbortAsync(KhoPhase.Commit, null, e, frozen).ConfigureAwait(false);
            }
            if (path is not null) _owner.Replaced(path);
            return KhoTelemetry.Updated(new KhoUpdateReport(Plan, path, length, image.Report, _preserveTime, freezeTime, clock.Elapsed));
        }
        catch (Exception e) when (Observed(e)) { throw; }
        finally
        {
            ReleaseSpool();
            _session.Dispose();
        }
    }

    /// <summary>
    /// The image to deliver: the spool as it is when every entry is there unchanged; otherwise the
    /// entries in memory (a freeze changed a state; a region's entry is made here, by descriptor or
    /// inline, which may fail: too large to copy), the unchanged spooled ones read back.
    /// </summary>
    PendingImage Pending(ImageHeader header, List<byte[]?> payloads, bool passRegions)
    {
        var content = new List<ImageEntryContent>();
        var fromSpool = new List<int>();
        uint regions = 0;
        for (int i = 0; i < _entries.Count; i++)
        {
            var (p, version, _, _) = _entries[i];
            byte[]? payload = payloads[i];
            int fd = -1;
            if (p.RegionToWrite(version) is Regions.RegionEntry region)
            {
                if (passRegions && region.ByDescriptor is IKhoRegion r)
                {
                    payload = Regions.RegionPayload.ForDescriptor(regions++, r.HeaderChecksum, r.Memory.Length);
                    fd = r.Memory.Descriptor;
                }
                else payload = region.Inline();
            }
            if (payload is null) fromSpool.Add(i);
            content.Add(new ImageEntryContent(p.Format, version, p.ShapeOf(version), payload, fd));
        }
        if (_spool is not null && fromSpool.Count == _spool.Entries.Count && fromSpool.Count == content.Count)
            return new PendingImage(header, content, _spool);
        foreach (int i in fromSpool)
            content[i] = content[i] with { Payload = _spool!.ReadPayload(_entries.Take(i).Count(e => e.Spooled is not null)) };
        ReleaseSpool();
        return new PendingImage(header, content, null);
    }

    void ReleaseSpool()
    {
        _spool?.Dispose();
        _spool = null;
    }

    /// <summary>Records a failed commit for telemetry; never catches.</summary>
    static bool Observed(Exception e)
    {
        KhoTelemetry.UpdateFailed(e);
        return false;
    }

    async Task<KhoLiveUpdateException> AbortAsync(KhoPhase phase, string? format, Exception cause, List<KhoParticipant> frozen)
    {
        var failures = await KhoLiveUpdate.UndoAsync(frozen, (p, ct) => p.UnfreezeEntryAsync(ct)).ConfigureAwait(false);
        failures.AddRange(await KhoLiveUpdate.UndoAsync(_entries.Select(x => x.Participant), (p, ct) => p.UnpreserveEntryAsync(ct)).ConfigureAwait(false));
        ReleaseSpool();
        return KhoLiveUpdate.Failure(phase, format, cause,
            $"unfroze {KhoLiveUpdate.Names(frozen)}, unpreserved {KhoLiveUpdate.Names(_entries.Select(x => x.Participant))}; no image was written", failures);
    }

    /// <summary>Abandons the live update: every participant is unpreserved, in reverse order.</summary>
    public async Task CancelAsync()
    {
        if (_done) throw new InvalidOperationException("This live update is already committed or cancelled.");
        _done = true;
        try
        {
            var failures = await KhoLiveUpdate.UndoAsync(_entries.Select(x => x.Participant), (p, ct) => p.UnpreserveEntryAsync(ct)).ConfigureAwait(false);
            if (failures.Count > 0) throw new AggregateException("Unpreserve failed for some participants.", failures);
        }
        finally
        {
            ReleaseSpool();
            _session.Dispose();
        }
    }
}
