using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace KhoGen;

/// <summary>
/// A subsystem of the service that hands one format's state to the next build: a LUO file
/// handler. Derive from <see cref="KhoParticipant{T}"/>, or use <see cref="Create"/>.
/// </summary>
public abstract class KhoParticipant
{
    private protected KhoParticipant() { }

    /// <summary>The format this participant owns.</summary>
    public abstract string Format { get; }

    /// <summary>Formats whose participants must be retrieved before this one.</summary>
    public virtual IReadOnlyCollection<string> DependsOn => Array.Empty<string>();

    /// <summary>A participant from delegates, for state that is a single value.</summary>
    /// <param name="preserve">Returns the state to hand over (called while the service still runs).</param>
    /// <param name="retrieve">Takes the state over in the next build.</param>
    /// <param name="coldStart">Called in the next build when the image holds no state for this format.</param>
    public static KhoParticipant<T> Create<T>(Func<T> preserve, Action<T> retrieve, Action? coldStart = null)
        where T : IKhoFormat<T> => new DelegateParticipant<T>(preserve, retrieve, coldStart);

    // The orchestrator's view: format-agnostic steps; the typed subclass does the serialization.
    internal abstract int LatestVersion { get; }
    internal abstract ulong ShapeOf(int version);
    internal abstract bool CanRead(int version);
    internal abstract string ReadableIds { get; }
    /// <summary>Preserves and serializes the state: into <paramref name="spool"/> when given (returns null), else into the returned array.</summary>
    internal abstract ValueTask<byte[]?> PreserveEntryAsync(int version, ImageSpool? spool, CancellationToken ct);
    internal abstract ValueTask<byte[]?> FreezeEntryAsync(int version, CancellationToken ct);
    internal abstract ValueTask UnpreserveEntryAsync(CancellationToken ct);
    internal abstract ValueTask UnfreezeEntryAsync(CancellationToken ct);
    internal abstract object ReadEntry(ReadOnlySpan<byte> payload, int version, KhoReadOptions options, long origin, Regions.RegionDescriptors? regions = null);
    /// <summary>A region participant's region to write at commit (by descriptor or inline); null for every other participant.</summary>
    internal virtual Regions.RegionEntry? RegionToWrite(int version) => null;
    /// <summary>Writes a state read by <see cref="ReadEntry"/> back as <paramref name="version"/> (downgrading): verification.</summary>
    internal abstract byte[] WriteEntry(object state, int version);
    internal abstract ValueTask RetrieveEntryAsync(object state, CancellationToken ct);
    internal abstract ValueTask ColdStartEntryAsync(CancellationToken ct);
    internal abstract bool CanFinishEntry();
    internal abstract ValueTask FinishEntryAsync(CancellationToken ct);
}

/// <summary>
/// A participant whose state is <typeparamref name="T"/>, the latest version of its format. The
/// orchestrator writes it in the version the plan chose (through the downgrade chain) and, in the
/// next build, reads whichever version was written (through the upgrade chain).
/// </summary>
public abstract class KhoParticipant<T> : KhoParticipant where T : IKhoFormat<T>
{
    T? _preserved;

    /// <inheritdoc/>
    public sealed override string Format => T.KhoFormatName;

    /// <summary>
    /// Heavy, while the service still runs: returns the state to hand over. It is serialized right
    /// away, so the cut-over only pays for what changes afterwards.
    /// </summary>
    protected abstract ValueTask<T> PreserveAsync(CancellationToken cancellationToken);

    /// <summary>Undoes <see cref="PreserveAsync"/> when the live update is abandoned.</summary>
    protected virtual ValueTask UnpreserveAsync(CancellationToken cancellationToken) => default;

    /// <summary>
    /// Cheap, at cut-over: the final state. Return <paramref name="preserved"/> itself when nothing
    /// changed (the bytes written at preserve time are kept), or a new state to write instead.
    /// </summary>
    protected virtual ValueTask<T> FreezeAsync(T preserved, CancellationToken cancellationToken) => new(preserved);

    /// <summary>Undoes <see cref="FreezeAsync"/> when the cut-over is aborted.</summary>
    protected virtual ValueTask UnfreezeAsync(CancellationToken cancellationToken) => default;

    /// <summary>In the next build: takes over the state, already upgraded to the latest version.</summary>
    protected abstract ValueTask RetrieveAsync(T state, CancellationToken cancellationToken);

    /// <summary>In the next build, when the image holds no state for this format: start empty.</summary>
    protected virtual ValueTask ColdStartAsync(CancellationToken cancellationToken) => default;

    /// <summary>Whether this participant is ready to finish (every participant must be before any finishes).</summary>
    protected virtual bool CanFinish() => true;

    /// <summary>The live update is over: release what was kept for it.</summary>
    protected virtual ValueTask FinishAsync(CancellationToken cancellationToken) => default;

    internal sealed override int LatestVersion => T.KhoVersion;
    internal sealed override ulong ShapeOf(int version) => T.KhoShapeOf(version);
    internal sealed override bool CanRead(int version) => T.KhoReadableVersions.Contains(version);
    internal sealed override string ReadableIds => KhoEnvelope.Ids(T.KhoFormatName, T.KhoReadableVersions);

    internal sealed override async ValueTask<byte[]?> PreserveEntryAsync(int version, ImageSpool? spool, CancellationToken ct)
    {
        _preserved = await PreserveAsync(ct).ConfigureAwait(false);
        if (spool is null) return Serialize(_preserved, version);
        Serialize(_preserved, version, spool);
        return null;
    }

    internal sealed override async ValueTask<byte[]?> FreezeEntryAsync(int version, CancellationToken ct)
    {
        T preserved = _preserved!;
        T final = await FreezeAsync(preserved, ct).ConfigureAwait(false);
        bool unchanged = !typeof(T).IsValueType && ReferenceEquals(final, preserved);
        return unchanged ? null : Serialize(final, version);
    }

    static byte[] Serialize(T state, int version)
    {
        using var buffer = PooledBuffer.Rent();
        Serialize(state, version, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    static void Serialize(T state, int version, System.Buffers.IBufferWriter<byte> output)
    {
        if (state is null) throw new InvalidOperationException($"The participant for '{T.KhoFormatName}' returned no state.");
        var writer = new KhoWriter(output);
        T.KhoWriteVersion(ref writer, state, version);
        writer.Flush();
    }

    internal sealed override ValueTask UnpreserveEntryAsync(CancellationToken ct)
    {
        _preserved = default;
        return UnpreserveAsync(ct);
    }

    internal sealed override ValueTask UnfreezeEntryAsync(CancellationToken ct) => UnfreezeAsync(ct);

    internal sealed override object ReadEntry(ReadOnlySpan<byte> payload, int version, KhoReadOptions options, long origin, Regions.RegionDescriptors? regions = null)
    {
        var reader = new KhoReader(payload, FormatNames.Id(T.KhoFormatName, version), options, origin);
        T state = T.KhoReadVersion(ref reader, version);
        reader.EnsureEnd();
        return state!;
    }

    internal sealed override byte[] WriteEntry(object state, int version)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new KhoWriter(buffer);
        T.KhoWriteVersion(ref writer, (T)state, version);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    internal sealed override ValueTask RetrieveEntryAsync(object state, CancellationToken ct) => RetrieveAsync((T)state, ct);
    internal sealed override ValueTask ColdStartEntryAsync(CancellationToken ct) => ColdStartAsync(ct);
    internal sealed override bool CanFinishEntry() => CanFinish();
    internal sealed override ValueTask FinishEntryAsync(CancellationToken ct) => FinishAsync(ct);
}

sealed class DelegateParticipant<T> : KhoParticipant<T> where T : IKhoFormat<T>
{
    readonly Func<T> _preserve;
    readonly Action<T> _retrieve;
    readonly Action? _coldStart;

    public DelegateParticipant(Func<T> preserve, Action<T> retrieve, Action? coldStart)
    {
        _preserve = preserve ?? throw new ArgumentNullException(nameof(preserve));
        _retrieve = retrieve ?? throw new ArgumentNullException(nameof(retrieve));
        _coldStart = coldStart;
    }

    protected override ValueTask<T> PreserveAsync(CancellationToken cancellationToken) => new(_preserve());

    protected override ValueTask RetrieveAsync(T state, CancellationToken cancellationToken)
    {
        _retrieve(state);
        return default;
    }

    protected override ValueTask ColdStartAsync(CancellationToken cancellationToken)
    {
        _coldStart?.Invoke();
        return default;
    }
}
