using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace KhoGen;

/// <summary>What <see cref="KhoLiveUpdate.WriteSnapshotAsync"/> wrote.</summary>
/// <param name="Path">The snapshot file.</param>
/// <param name="Bytes">Its length.</param>
/// <param name="Entries">One entry per participant, in the version written.</param>
/// <param name="PreserveTime">How long the participants' preserve took.</param>
/// <param name="WriteTime">How long writing the file took.</param>
public sealed record KhoSnapshotReport(string Path, long Bytes, IReadOnlyList<KhoReportEntry> Entries, TimeSpan PreserveTime, TimeSpan WriteTime);

public sealed partial class KhoLiveUpdate
{
    /// <summary>The successor recorded in a snapshot's header: no build restores from it.</summary>
    public const string SnapshotSuccessor = "snapshot (for verification, never restored)";

    /// <summary>
    /// Writes the running state to a snapshot image without stopping: each participant preserves
    /// (and is unpreserved right after, as in an abandoned live update); nothing is frozen or
    /// committed, and the service goes on. The next build verifies the snapshot
    /// (<see cref="VerifyImage"/>, the hosting integration's verify mode) before the cut-over.
    /// </summary>
    /// <remarks>
    /// Consistency: each entry is what its participant's preserve returned, serialized at once, so each
    /// entry is consistent on its own (the same contract as the preserve phase). Entries of different
    /// participants are taken one after the other, in dependency order, not at one instant: a snapshot
    /// is for verifying conversions, never for restoring. Its header names no successor
    /// (<see cref="SnapshotSuccessor"/>, catalog fingerprint 0), so every restore refuses it. The file is
    /// written like an image: atomically, 0600, in a private 0700 folder. It holds production state.
    /// A snapshot and a live update exclude each other on one orchestrator.
    /// </remarks>
    /// <param name="path">The snapshot file; default <see cref="KhoLiveUpdateOptions.SnapshotPath"/>. Never the image path.</param>
    /// <param name="next">
    /// The next build's catalog: each format is written in the version a live update to it would
    /// write (negotiated, write switches applied). Null: each participant's latest version.
    /// </param>
    /// <param name="cancellationToken">Cancels the preserve phase.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is the image path.</exception>
    /// <exception cref="KhoLiveUpdateException">Negotiation refused, a participant failed to preserve or unpreserve, or the write failed; no snapshot was written.</exception>
    public async Task<KhoSnapshotReport> WriteSnapshotAsync(string? path = null, KhoCatalog? next = null, CancellationToken cancellationToken = default)
    {
        string full = Path.GetFullPath(path ?? Options.SnapshotPath);
        if (full == Path.GetFullPath(Options.ImagePath))
            throw new ArgumentException($"A snapshot is never written to the handover image path ({full}): a successor would take it for a handover.", nameof(path));
        using var session = Enter(KhoPhase.Preserve);
        KhoPlan? plan = next is null ? null : Negotiate(next);
        if (plan is { IsPossible: false })
            throw new KhoLiveUpdateException(KhoPhase.Negotiate, "Snapshot refused: " + plan.Explain()) { Plan = plan };
        var clock = Stopwatch.StartNew();
        var preserved = new List<(KhoParticipant Participant, int Version, byte[] Payload)>();
        foreach (var p in DependencyOrder(KhoPhase.Preserve))
        {
            int version = plan?.Find(p.Format)!.Version ?? p.LatestVersion;
            try { preserved.Add((p, version, (await p.PreserveEntryAsync(version, null, cancellationToken).ConfigureAwait(false))!)); }
            catch (Exception e)
            {
                var undo = await UndoAsync(preserved.Select(x => x.Participant), (x, ct) => x.UnpreserveEntryAsync(ct)).ConfigureAwait(false);
                throw Failure(KhoPhase.Preserve, p.Format, e, $"unpreserved {Names(preserved.Select(x => x.Participant))}; no snapshot was written", undo);
            }
        }
        // The bytes are taken: participants go back to serving as after an abandoned live update.
        var failures = await UndoAsync(preserved.Select(x => x.Participant), (x, ct) => x.UnpreserveEntryAsync(ct)).ConfigureAwait(false);
        if (failures.Count > 0)
            throw Failure(KhoPhase.Preserve, null, failures[0], "no snapshot was written", failures.Skip(1).ToList());
        TimeSpan preserveTime = clock.Elapsed;

        clock.Restart();
        var header = new ImageHeader(Identity(Catalog), Catalog.ToJson(), Options.Address, DateTimeOffset.UtcNow, SnapshotSuccessor, 0);
        var content = preserved.Select(x => new ImageEntryContent(x.Participant.Format, x.Version, x.Participant.ShapeOf(x.Version), x.Payload)).ToList();
        long length;
        try { length = ImageWriter.WriteAtomically(full, header, content, Options.Faults); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            throw new KhoLiveUpdateException(KhoPhase.Commit, $"The snapshot {full} could not be written: {e.Message}", null, e);
        }
        return new KhoSnapshotReport(full, length, content.Select(c => new KhoReportEntry(c.Format, c.Version, c.Payload.Length)).ToList(),
            preserveTime, clock.Elapsed);
    }
}
