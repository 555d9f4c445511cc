using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KhoGen.Layout;

namespace KhoGen;

public sealed partial class KhoLiveUpdate
{
    Task<KhoRestoreReport>? _restore;
    readonly HashSet<string> _finished = new();
    string? _restoredFrom;

    /// <summary>
    /// In the next build: reads the image at <see cref="KhoLiveUpdateOptions.ImagePath"/>, validates
    /// it whole, reads every entry with its version's reader and upgrades it, then hands each
    /// participant its state in dependency order. With no image, every participant cold-starts.
    /// Idempotent: later calls return the first call's result, or rethrow its failure.
    /// </summary>
    /// <exception cref="KhoLiveUpdateException">The image is invalid, holds a format or version this build cannot read, or a participant failed to retrieve.</exception>
    public Task<KhoRestoreReport> RestoreAsync(CancellationToken cancellationToken = default) =>
        RestoreOnce(() => RestoreFromFileAsync(cancellationToken));

    /// <summary>Restores from an image read from <paramref name="source"/> (another transport).</summary>
    public Task<KhoRestoreReport> RestoreAsync(Stream source, CancellationToken cancellationToken = default)
    {
        if (source is null) throw new ArgumentNullException(nameof(source));
        return RestoreOnce(() => RestoreFromStreamAsync(source, cancellationToken));
    }

    /// <summary>
    /// The first call starts the restore; every call gets its task. Participants are called outside
    /// the lock, so one that waits on another thread using this orchestrator cannot deadlock it.
    /// </summary>
    Task<KhoRestoreReport> RestoreOnce(Func<Task<KhoRestoreReport>> restore)
    {
        TaskCompletionSource<KhoRestoreReport> first;
        lock (_lock)
        {
            if (_restore is not null) return _restore;
            first = new TaskCompletionSource<KhoRestoreReport>(TaskCreationOptions.RunContinuationsAsynchronously);
            _restore = first.Task;
        }
        _ = Complete(first, () => KhoTelemetry.ObserveRestoreAsync(restore));
        return first.Task;
    }

    static async Task Complete(TaskCompletionSource<KhoRestoreReport> completion, Func<Task<KhoRestoreReport>> work)
    {
        try { completion.SetResult(await work().ConfigureAwait(false)); }
        catch (OperationCanceledException e) { completion.SetCanceled(e.CancellationToken); }
        catch (Exception e) { completion.SetException(e); }
    }

    async Task<KhoRestoreReport> RestoreFromFileAsync(CancellationToken ct)
    {
        if (await Handover.HandoverClient.TryRestoreAsync(this, ct).ConfigureAwait(false) is KhoRestoreReport handedOver)
            return handedOver;
        string path = Path.GetFullPath(Options.ImagePath);
        string folder = Path.GetDirectoryName(path) ?? ".";
        if (!Handover.PrivateFolder.Exists(folder))
            return await ColdStartAllAsync(ct).ConfigureAwait(false);
        if (Handover.PrivateFolder.Problem(folder) is string unsafeFolder)
            return await ColdStartAllAsync(ct).ConfigureAwait(false) with { Refused = unsafeFolder };
        var clock = Stopwatch.StartNew();
        var opened = Handover.PrivateFile.OpenForRead(path);
        if (opened.Missing) return await ColdStartAllAsync(ct).ConfigureAwait(false);
        if (opened.Refusal is string refusal)
            return await ColdStartAllAsync(ct).ConfigureAwait(false) with { Refused = "not this process's private image: " + refusal };
        KhoImage image;
        try { image = KhoImage.ThrowIfInvalid(KhoImage.Map(opened.Handle!, opened.Length, path)); }
        catch (KhoFormatException e) { throw new KhoLiveUpdateException(KhoPhase.Retrieve, $"Restore refused: {e.Message}", null, e); }
        using (image)
        {
            if (NotForThisBuild(image, out bool stale) is string wrong)
            {
                if (stale) ImageWriter.TryDelete(path);
                return await ColdStartAllAsync(ct).ConfigureAwait(false) with { Refused = wrong, Source = path, ImageCreated = image.Created };
            }
            _restoredFrom = path;
            return await RestoreFromImageAsync(image, clock, ct).ConfigureAwait(false) with { Source = path };
        }
    }

    /// <summary>
    /// Why <paramref name="image"/> is not addressed to this process, or null: another service or
    /// instance, negotiated for another build, or too old (<paramref name="stale"/>).
    /// </summary>
    internal string? NotForThisBuild(KhoImage image, out bool stale)
    {
        stale = false;
        if (image.Address != Options.Address)
            return $"{image.Source}: the image holds the state of {image.Address}, not of this process ({Options.Address})";
        ulong mine = CatalogFingerprint;
        if (image.SuccessorFingerprint != mine)
            return $"{image.Source}: the image was negotiated for {image.Successor} (catalog {image.SuccessorFingerprint:x16}), " +
                $"not for this build, {Identity(Catalog)} (catalog {mine:x16})";
        TimeSpan age = DateTimeOffset.UtcNow - image.Created;
        if (Options.MaxImageAge != Timeout.InfiniteTimeSpan && (age > Options.MaxImageAge || age < -Options.MaxImageAge))
        {
            stale = true;
            return $"{image.Source}: the image was written at {image.Created:yyyy-MM-dd HH:mm:ss.fff}Z, {age.TotalSeconds:F0} s ago, " +
                $"beyond MaxImageAge ({Options.MaxImageAge.TotalSeconds:F0} s): it is stale and was deleted";
        }
        return null;
    }

    async Task<KhoRestoreReport> RestoreFromStreamAsync(Stream source, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        KhoImage image;
        try { image = KhoImage.Read(source, Options.MaxImageBytes); }
        catch (KhoFormatException e) { throw new KhoLiveUpdateException(KhoPhase.Retrieve, $"Restore refused: {e.Message}", null, e); }
        using (image)
        {
            if (NotForThisBuild(image, out _) is string wrong)
                return await ColdStartAllAsync(ct).ConfigureAwait(false) with { Refused = wrong, Source = "stream", ImageCreated = image.Created };
            return await RestoreFromImageAsync(image, clock, ct).ConfigureAwait(false) with { Source = "stream" };
        }
    }

    async Task<KhoRestoreReport> ColdStartAllAsync(CancellationToken ct)
    {
        using var session = Enter(KhoPhase.Retrieve);
        var clock = Stopwatch.StartNew();
        var cold = new List<string>();
        foreach (var p in DependencyOrder(KhoPhase.Retrieve))
        {
            try { await p.ColdStartEntryAsync(ct).ConfigureAwait(false); }
            catch (Exception e) { throw new KhoLiveUpdateException(KhoPhase.Retrieve, $"Cold start failed for '{p.Format}': {e.Message}", p.Format, e); }
            cold.Add(p.Format);
        }
        return new KhoRestoreReport(null, Array.Empty<KhoReportEntry>(), cold, Array.Empty<string>(), TimeSpan.Zero, clock.Elapsed);
    }

    internal async Task<KhoRestoreReport> RestoreFromImageAsync(KhoImage image, Stopwatch clock, CancellationToken ct, Regions.RegionDescriptors? regions = null)
    {
        using var session = Enter(KhoPhase.Retrieve);
        var order = DependencyOrder(KhoPhase.Retrieve);
        var byFormat = order.ToDictionary(p => p.Format);

        // 1. Every entry must be one this build reads, with the layout it knows: else nothing is touched.
        var problems = new List<string>();
        var dropped = new List<string>();
        var mine = new Dictionary<string, KhoImageEntry>();
        foreach (var e in image.Entries)
        {
            if (!byFormat.TryGetValue(e.Format, out var p))
            {
                if (Options.DroppableFormats.Contains(e.Format)) dropped.Add(e.Id);
                else problems.Add($"{e.Id}: this build has no participant for format '{e.Format}' (mark it droppable to discard it)");
                continue;
            }
            if (!mine.TryAdd(e.Format, e)) { problems.Add($"{e.Id}: the image holds format '{e.Format}' twice"); continue; }
            string? why = Readable(p, e, image.WriterCatalog!);
            if (why is not null) problems.Add($"{e.Id}: {why}");
        }
        if (problems.Count > 0)
            throw new KhoLiveUpdateException(KhoPhase.Retrieve,
                $"Restore refused before any participant was called; the image from {image.Writer} holds:\n- " + string.Join("\n- ", problems));

        // 2. Read every entry before handing any out, so a bad entry refuses the whole restore.
        var states = new Dictionary<string, object>();
        foreach (var (format, e) in mine)
        {
            try { states[format] = byFormat[format].ReadEntry(image.Payload(e), e.Version, Options.ReadOptions, e.Offset, regions); }
            catch (Exception x) when (x is KhoFormatException or IOException)
            {
                // Regions already mapped or copied are let go: the running build's memfds were only read.
                foreach (var r in states.Values.OfType<Regions.RegionState>()) r.Dispose();
                throw new KhoLiveUpdateException(KhoPhase.Retrieve, $"Restore refused before any participant was called: {x.Message}", format, x);
            }
        }
        var regionReports = states.Values.OfType<Regions.RegionState>().Select(r => r.Report).ToList();
        if (regions is not null)
            lock (_lock) _frozenAdopted.AddRange(states.Values.OfType<Regions.RegionState>().Where(r => r.Region.Memory.IsFrozen).Select(r => r.Region));
        TimeSpan readTime = clock.Elapsed;

        // 3. Hand out the states in dependency order; a participant whose dependency failed is not called.
        clock.Restart();
        var retrieved = new List<KhoReportEntry>();
        var cold = new List<string>();
        var failed = new Dictionary<string, Exception>();
        foreach (var p in order)
        {
            string? brokenDependency = p.DependsOn.FirstOrDefault(failed.ContainsKey);
            if (brokenDependency is not null)
            {
                failed[p.Format] = new InvalidOperationException($"its dependency '{brokenDependency}' failed");
                continue;
            }
            try
            {
                if (states.TryGetValue(p.Format, out object? state))
                {
                    await p.RetrieveEntryAsync(state, ct).ConfigureAwait(false);
                    retrieved.Add(new KhoReportEntry(p.Format, mine[p.Format].Version, mine[p.Format].Length));
                }
                else
                {
                    await p.ColdStartEntryAsync(ct).ConfigureAwait(false);
                    cold.Add(p.Format);
                }
            }
            catch (Exception x)
            {
                failed[p.Format] = x;
            }
        }
        if (failed.Count > 0)
            throw new KhoLiveUpdateException(KhoPhase.Retrieve,
                "Retrieve failed for " + string.Join("; ", failed.Select(f => $"'{f.Key}': {f.Value.Message}")) + ". The image is kept.",
                failed.Keys.First(), failed.Count == 1 ? failed.Values.First() : new AggregateException(failed.Values));
        return new KhoRestoreReport(image.Writer, retrieved, cold, dropped, readTime, clock.Elapsed) { ImageCreated = image.Created, Regions = regionReports };
    }

    readonly List<IKhoRegion> _frozenAdopted = new();

    /// <summary>
    /// The point of no return of a socket handover: the regions adopted in place, read-only until the
    /// running build confirmed (so it could still take them back), become writable.
    /// </summary>
    internal void ThawAdoptedRegions()
    {
        List<IKhoRegion> adopted;
        lock (_lock)
        {
            adopted = new List<IKhoRegion>(_frozenAdopted);
            _frozenAdopted.Clear();
        }
        foreach (var r in adopted)
            if (!r.Memory.IsDisposed) r.Memory.Protect(frozen: false, "adopted");
    }

    /// <summary>Why <paramref name="p"/> cannot read entry <paramref name="e"/>, or null: the one compatibility rule, then the shape.</summary>
    string? Readable(KhoParticipant p, KhoImageEntry e, KhoCatalog writer)
    {
        if (!p.CanRead(e.Version)) return $"this build cannot read it: it reads {p.ReadableIds}";
        KhoVersionEntry? theirs = writer.FindVersion(e.Id);
        KhoVersionEntry? ours = Catalog.FindVersion(e.Id);
        if (theirs is null || ours is null) return "the version is missing from the writer's or this build's catalog";
        var c = LayoutComparer.Compare(theirs.Members, writer, ours.Members, Catalog);
        if (!c.IsCompatible) return "same id, different layout: " + string.Join("; ", c.Changes.Concat(c.EnumLosses));
        if (p.ShapeOf(e.Version) != e.Shape) return "the entry's layout shape differs from this build's";
        return null;
    }

    /// <summary>
    /// Ends the live update once every participant can finish: all finish, then the image is deleted.
    /// Returns false, keeping the image, when some participant cannot finish yet.
    /// </summary>
    /// <exception cref="InvalidOperationException">No successful restore happened.</exception>
    /// <exception cref="KhoLiveUpdateException">A participant failed to finish; the image is kept so finishing can be retried.</exception>
    public async Task<bool> FinishAsync(CancellationToken cancellationToken = default)
    {
        Task<KhoRestoreReport>? restore;
        lock (_lock) restore = _restore;
        if (restore is null || !restore.IsCompletedSuccessfully)
            throw new InvalidOperationException("Finish needs a successful restore first.");
        using var session = Enter(KhoPhase.Finish);
        var order = DependencyOrder(KhoPhase.Finish);
        bool ready = true;
        foreach (var p in order)
        {
            if (_finished.Contains(p.Format)) continue;
            try { ready &= p.CanFinishEntry(); }
            catch (Exception e)
            {
                throw new KhoLiveUpdateException(KhoPhase.Finish, $"Can-finish failed for '{p.Format}': {e.Message}. The image is kept; call FinishAsync again to retry.", p.Format, e);
            }
        }
        if (!ready) return false;
        foreach (var p in order)
        {
            if (_finished.Contains(p.Format)) continue;
            try { await p.FinishEntryAsync(cancellationToken).ConfigureAwait(false); }
            catch (Exception e)
            {
                throw new KhoLiveUpdateException(KhoPhase.Finish, $"Finish failed for '{p.Format}': {e.Message}. The image is kept; call FinishAsync again to retry.", p.Format, e);
            }
            _finished.Add(p.Format);
        }
        string? image;
        lock (_lock) (image, _restoredFrom) = (_restoredFrom, null);
        if (image is not null) File.Delete(image);
        return true;
    }

    /// <summary>This orchestrator committed a new image to <paramref name="path"/>: the restored one there is gone, finish must not delete the new one.</summary>
    internal void Replaced(string path)
    {
        lock (_lock)
            if (_restoredFrom is not null && Path.GetFullPath(_restoredFrom) == Path.GetFullPath(path)) _restoredFrom = null;
    }
}
