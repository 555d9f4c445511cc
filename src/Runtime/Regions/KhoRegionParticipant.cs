using System;
using System.Threading;
using System.Threading.Tasks;
using KhoGen.Regions;

namespace KhoGen;

/// <summary>
/// A participant whose state is one <see cref="KhoRegion{T}"/>. Through the handover socket the
/// region's memfd goes to the next build beside the image and is adopted in place when the next
/// build's layout of <typeparamref name="T"/> is the same, converted element by element when the
/// region holds an older version; through an image file or stream its elements are copied into the
/// image. At freeze the region becomes read-only; a rollback makes it writable again.
/// See docs/regions.md.
/// </summary>
public abstract class KhoRegionParticipant<T> : KhoParticipant where T : unmanaged, IKhoFormat<T>, IKhoPlainLayout
{
    KhoRegion<T>? _handed;

    /// <inheritdoc/>
    public sealed override string Format => T.KhoFormatName;

    /// <summary>Old build: the region to hand over.</summary>
    protected abstract KhoRegion<T> Region { get; }

    /// <summary>Old build, at cut-over, before the region is made read-only: stop the writers.</summary>
    protected virtual ValueTask FreezeAsync(CancellationToken cancellationToken) => default;

    /// <summary>Old build: the cut-over was aborted and the region is writable again.</summary>
    protected virtual ValueTask UnfreezeAsync(CancellationToken cancellationToken) => default;

    /// <summary>
    /// Next build: takes the region over. One adopted through the handover socket stays read-only
    /// (<see cref="KhoRegion{T}.IsFrozen"/>) until the running build confirmed the handover, the
    /// point of no return, so that a handover that fails after this call leaves the running build's
    /// state as it was.
    /// </summary>
    protected abstract ValueTask RetrieveAsync(KhoRegion<T> region, KhoRegionReport report, CancellationToken cancellationToken);

    /// <summary>Next build, when the image holds no region for this format: start empty.</summary>
    protected virtual ValueTask ColdStartAsync(CancellationToken cancellationToken) => default;

    /// <summary>Whether this participant is ready to finish.</summary>
    protected virtual bool CanFinish() => true;

    /// <summary>The live update is over.</summary>
    protected virtual ValueTask FinishAsync(CancellationToken cancellationToken) => default;

    internal sealed override int LatestVersion => T.KhoVersion;
    internal sealed override ulong ShapeOf(int version) => T.KhoShapeOf(version);
    internal sealed override bool CanRead(int version) => T.KhoReadableVersions.Contains(version);
    internal sealed override string ReadableIds => KhoEnvelope.Ids(T.KhoFormatName, T.KhoReadableVersions);

    internal sealed override ValueTask<byte[]?> PreserveEntryAsync(int version, ImageSpool? spool, CancellationToken ct)
    {
        _handed = Region ?? throw new InvalidOperationException($"The participant for '{Format}' returned no region.");
        return new(Array.Empty<byte>());   // the entry is made at commit, when the transport is known (never spooled)
    }

    internal sealed override async ValueTask<byte[]?> FreezeEntryAsync(int version, CancellationToken ct)
    {
        await FreezeAsync(ct).ConfigureAwait(false);
        ((IKhoRegion)_handed!).Memory.Protect(frozen: true, Format);
        return null;
    }

    internal sealed override async ValueTask UnfreezeEntryAsync(CancellationToken ct)
    {
        if (_handed is IKhoRegion r && r.Memory.IsFrozen) r.Memory.Protect(frozen: false, Format);
        await UnfreezeAsync(ct).ConfigureAwait(false);
    }

    internal sealed override ValueTask UnpreserveEntryAsync(CancellationToken ct)
    {
        _handed = null;
        return default;
    }

    internal sealed override RegionEntry? RegionToWrite(int version) => _handed is null ? null
        : new RegionEntry(version == T.KhoVersion ? _handed : null, () => _handed.ToInline(version));

    internal sealed override object ReadEntry(ReadOnlySpan<byte> payload, int version, KhoReadOptions options, long origin, RegionDescriptors? regions = null) =>
        RegionReader.Read<T>(payload, version, options, regions);

    internal sealed override byte[] WriteEntry(object state, int version) => ((KhoRegion<T>)((RegionState)state).Region).ToInline(version);

    internal sealed override ValueTask RetrieveEntryAsync(object state, CancellationToken ct)
    {
        var s = (RegionState)state;
        return RetrieveAsync((KhoRegion<T>)s.Region, s.Report, ct);
    }

    internal sealed override ValueTask ColdStartEntryAsync(CancellationToken ct) => ColdStartAsync(ct);
    internal sealed override bool CanFinishEntry() => CanFinish();
    internal sealed override ValueTask FinishEntryAsync(CancellationToken ct) => FinishAsync(ct);
}
