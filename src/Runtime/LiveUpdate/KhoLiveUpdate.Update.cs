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
    public async Task<KhoPreparedUpdate> PrepareAsync(KhoCatalog next, CancellationToken cancellationToken = default)
    {
        IDisposable session = Enter(KhoPhase.Negotiate);
        try
        {
            KhoPlan plan = Negotiate(next);
            if (!plan.IsPossible)
                throw new KhoLiveUpdateException(KhoPhase.Negotiate, "Live update refused: " + plan.Explain()) { Plan = plan };
            var order = DependencyOrder(KhoPhase.Preserve);
            var clock = Stopwatch.StartNew();
            var entries = new List<(KhoParticipant Participant, int Version, byte[] Payload)>();
            foreach (var p in order)
            {
                int version = plan.Find(p.Format)!.Version;
                try
                {
                    entries.Add((p, version, await p.PreserveEntryAsync(version, cancellationToken).ConfigureAwait(false)));
                }
                catch (Exception e)
                {
                    var undo = await UndoAsync(entries.Select(x => x.Participant), (x, ct) => x.UnpreserveEntryAsync(ct)).ConfigureAwait(false);
                    throw Failure(KhoPhase.Preserve, p.Format, e, $"unpreserved {Names(entries.Select(x => x.Participant))}", undo);
                }
            }
            return new KhoPreparedUpdate(this, session, plan, next, entries, clock.Elapsed);
        }
        catch (Exception e)
        {
            KhoTelemetry.UpdateFailed(e);
            session.Dispose();
            throw;
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

/// <summary>A live update whose state is preserved, waiting for the cut-over.</summary>
public sealed class KhoPreparedUpdate
{
    readonly KhoLiveUpdate _owner;
    readonly IDisposable _session;
    readonly List<(KhoParticipant Participant, int Version, byte[] Payload)> _entries;
    readonly TimeSpan _preserveTime;
    readonly KhoCatalog _next;
    bool _done;

    internal KhoPreparedUpdate(KhoLiveUpdate owner, IDisposable session, KhoPlan plan, KhoCatalog next,
        List<(KhoParticipant, int, byte[])> entries, TimeSpan preserveTime)
    {
        _owner = owner;
        _session = session;
        Plan = plan;
        _next = next;
        _entries = entries;
        _preserveTime = preserveTime;
    }

    /// <summary>The version chosen for each format.</summary>
    public KhoPlan Plan { get; }

    /// <summary>Freezes every participant and writes the image atomically to the configured path.</summary>
    /// <exception cref="KhoLiveUpdateException">A freeze or the write failed: participants were unfrozen and unpreserved, and no new image exists.</exception>
    public Task<KhoUpdateReport> CommitAsync(CancellationToken cancellationToken = default)
    {
        string path = _owner.Options.ImagePath;
        return CommitCoreAsync(path, (header, content, _) => Task.FromResult(ImageWriter.WriteAtomically(path, header, content, _owner.Options.Faults)), cancellationToken);
    }

    /// <summary>Freezes every participant and writes the image to <paramref name="destination"/> (another transport).</summary>
    public Task<KhoUpdateReport> CommitAsync(Stream destination, CancellationToken cancellationToken = default)
    {
        if (destination is null) throw new ArgumentNullException(nameof(destination));
        return CommitCoreAsync(null, (header, content, _) => Task.FromResult(ImageWriter.Write(destination, header, content, _owner.Options.Faults)), cancellationToken);
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
        Func<ImageHeader, IReadOnlyList<ImageEntryContent>, CancellationToken, Task<long>> deliver, CancellationToken cancellationToken,
        bool passRegions = false)
    {
        if (_done) throw new InvalidOperationException("This live update is already committed or cancelled.");
        _done = true;
        try
        {
            var clock = Stopwatch.StartNew();
            var frozen = new List<KhoParticipant>();
            var payloads = new List<byte[]>();
            foreach (var (p, version, preserved) in _entries)
            {
                try
                {
                    payloads.Add(await p.FreezeEntryAsync(version, cancellationToken).ConfigureAwait(false) ?? preserved);
                    frozen.Add(p);
                }
                catch (Exception e)
                {
                    throw await AbortAsync(KhoPhase.Freeze, p.Format, e, frozen).ConfigureAwait(false);
                }
            }
            TimeSpan freezeTime = clock.Elapsed;

            clock.Restart();
            var catalog = _owner.Catalog;
            var header = new ImageHeader(KhoLiveUpdate.Identity(catalog), catalog.ToJson(), _owner.Options.Address,
                DateTimeOffset.UtcNow, KhoLiveUpdate.Identity(_next), KhoLiveUpdate.Fingerprint(_next));
            List<ImageEntryContent> content;
            long length;
            try
            {
                content = Contents(payloads, passRegions);
                length = await deliver(header, content, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // Any failure (a full disk, a broken or read-only transport, cancellation): participants must not stay frozen.
                throw await AbortAsync(KhoPhase.Commit, null, e, frozen).ConfigureAwait(false);
            }
            if (path is not null) _owner.Replaced(path);
            return KhoTelemetry.Updated(new KhoUpdateReport(Plan, path, length,
                content.Select(c => new KhoReportEntry(c.Format, c.Version, c.Payload.Length)).ToList(),
                _preserveTime, freezeTime, clock.Elapsed));
        }
        catch (Exception e) when (Observed(e)) { throw; }
        finally
        {
            _session.Dispose();
        }
    }

    /// <summary>The entries to write; a region's is made here, by descriptor or inline (which may fail: too large to copy).</summary>
    List<ImageEntryContent> Contents(List<byte[]> payloads, bool passRegions)
    {
        var content = new List<ImageEntryContent>();
        uint regions = 0;
        for (int i = 0; i < _entries.Count; i++)
        {
            var (p, version, _) = _entries[i];
            byte[] payload = payloads[i];
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
            content.Add(new ImageEntryContent(p.Format, version, p.ShapeOf(version), payload, fd));
        }
        return content;
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
            _session.Dispose();
        }
    }
}
