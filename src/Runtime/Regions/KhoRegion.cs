using System;
using System.Runtime.CompilerServices;
using KhoGen.Regions;

namespace KhoGen;

/// <summary>
/// Bulk state that is handed over, not copied: an array of a plain-layout format version
/// <typeparamref name="T"/> living in a memfd mapped into the process, outside the GC heap, with a
/// header naming its format, version, layout shape and count (docs/regions.md). Through the
/// handover socket the next build receives the memfd itself and adopts it in place.
/// </summary>
/// <remarks>
/// Linux, 64-bit only (<see cref="PlatformNotSupportedException"/> elsewhere). Not thread-safe: one
/// writer at a time, as for an array. Spans are valid until the region grows or is disposed.
/// After <see cref="IsFrozen"/> becomes true (the live update froze it), every write through this
/// API throws <see cref="KhoRegionFrozenException"/>, and a write through a span taken earlier
/// faults (the mapping is read-only): the process dies rather than change state already handed over.
/// </remarks>
public sealed unsafe partial class KhoRegion<T> : IDisposable, IKhoRegion where T : unmanaged, IKhoFormat<T>, IKhoPlainLayout
{
    readonly RegionMemory _memory;
    long _count;

    KhoRegion(RegionMemory memory, long count)
    {
        _memory = memory;
        _count = count;
    }

    static int ElementSize => Unsafe.SizeOf<T>();

    static string Name => FormatNames.Id(T.KhoFormatName, T.KhoVersion);

    /// <summary>A new, empty region with room for <paramref name="capacity"/> elements (memory is taken by the kernel as pages are touched).</summary>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/>'s memory is not its wire form on this machine.</exception>
    /// <exception cref="PlatformNotSupportedException">Not 64-bit Linux.</exception>
    public static KhoRegion<T> Create(long capacity = 0)
    {
        if (capacity < 0) throw new ArgumentOutOfRangeException(nameof(capacity));
        if (!KhoPlainLayout<T>.IsWireForm)
            throw new NotSupportedException($"{typeof(T)}'s memory is not its wire form on this machine (KhoPlainLayout), so it cannot live in a region.");
        var header = new RegionHeader(T.KhoFormatName, T.KhoVersion, T.KhoShapeOf(T.KhoVersion), ElementSize, 0, capacity);
        var region = new KhoRegion<T>(RegionMemory.Create(Name, header.FileSize), 0);
        region.WriteHeader();
        return region;
    }

    internal static KhoRegion<T> Adopted(RegionMemory memory, long count) => new(memory, count);

    /// <summary>
    /// Takes over a region's memfd that came from outside a handover, e.g. systemd's file descriptor
    /// store (<see cref="KhoFdStore.Listened"/>): checked as a handover checks it (a memfd of this
    /// uid, sealed against shrinking, whose header names <typeparamref name="T"/>'s format in a
    /// version this build reads, with this build's shape of it, and whose size is what the header
    /// says), then adopted in place, or converted into a new region when it holds an older version.
    /// The descriptor is owned by the result (or closed when refused).
    /// </summary>
    /// <exception cref="KhoFormatException">The memfd or its header is not such a region; nothing was changed.</exception>
    public static KhoRegion<T> Adopt(Microsoft.Win32.SafeHandles.SafeFileHandle memfd, out KhoRegionReport report)
    {
        ArgumentNullException.ThrowIfNull(memfd);
        string id = T.KhoFormatName + " region";
        var facts = Handover.Native.FileFacts.OfDescriptor((int)memfd.DangerousGetHandle(), id);
        var descriptors = new RegionDescriptors(new[] { (int)memfd.DangerousGetHandle() }, Handover.Native.LibC.geteuid());
        Microsoft.Win32.SafeHandles.SafeFileHandle checkedFd;
        try { checkedFd = descriptors.Take(0, facts.Size, id); }
        catch
        {
            memfd.Dispose();
            throw;
        }
        memfd.SetHandleAsInvalid();   // one owner of the descriptor from here: checkedFd
        var state = RegionReader.Map<T>(checkedFd, facts.Size, id, null, null, frozen: false, KhoReadOptions.Default);
        report = state.Report;
        return (KhoRegion<T>)state.Region;
    }

    /// <summary>The number of elements.</summary>
    public long Count => _count;

    /// <summary>The number of elements the memfd has room for.</summary>
    public long Capacity => (_memory.Length - RegionHeader.DataOffset) / ElementSize;

    /// <summary>True once the live update froze the region (read-only) until the successor takes it or the update is rolled back.</summary>
    public bool IsFrozen => _memory.IsFrozen;

    /// <summary>The memfd's inode: the region's identity, the same in the build that made it and in one that adopted it in place.</summary>
    public ulong Inode => _memory.Facts(Name).Inode;

    T* Data => (T*)(_memory.Base + RegionHeader.DataOffset);

    /// <summary>The element at <paramref name="index"/>; setting it throws <see cref="KhoRegionFrozenException"/> once frozen.</summary>
    public T this[long index]
    {
        get => Data[Check(index)];
        set
        {
            EnsureWritable();
            Data[Check(index)] = value;
        }
    }

    long Check(long index) => (ulong)index < (ulong)_count ? index : throw new ArgumentOutOfRangeException(nameof(index), $"index {index}, count {_count}");

    /// <summary>Elements [<paramref name="start"/>, <paramref name="start"/> + <paramref name="length"/>), read-only.</summary>
    public ReadOnlySpan<T> AsReadOnlySpan(long start, int length) => new(Data + CheckRange(start, length), length);

    /// <summary>Elements [<paramref name="start"/>, <paramref name="start"/> + <paramref name="length"/>), writable until the region is frozen or grows.</summary>
    public Span<T> AsSpan(long start, int length)
    {
        EnsureWritable();
        return new(Data + CheckRange(start, length), length);
    }

    long CheckRange(long start, int length) =>
        start >= 0 && length >= 0 && start <= _count - length ? start : throw new ArgumentOutOfRangeException(nameof(start), $"[{start}, +{length}) of {_count}");

    /// <summary>Appends an element, growing the memfd (doubling) when it is full.</summary>
    public void Add(T value)
    {
        EnsureWritable();
        if (_count == Capacity) Reserve(Math.Max(_count * 2, 1024));
        Data[_count] = value;
        SetCount(_count + 1);
    }

    /// <summary>Sets the count; new elements are zero (the memfd's pages are zero-filled; shrinking then growing zeroes again).</summary>
    public void Resize(long count)
    {
        EnsureWritable();
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count));
        if (count > Capacity) Reserve(count);
        for (long i = _count; i < count; i += int.MaxValue / ElementSize)
            new Span<byte>((byte*)(Data + i), (int)(Math.Min(count - i, int.MaxValue / ElementSize) * ElementSize)).Clear();
        SetCount(count);
    }

    /// <summary>Grows the memfd to hold at least <paramref name="capacity"/> elements (spans taken before are invalid).</summary>
    public void Reserve(long capacity)
    {
        EnsureWritable();
        if (capacity <= Capacity) return;
        long bytes = new RegionHeader(T.KhoFormatName, T.KhoVersion, 0, ElementSize, 0, capacity).FileSize;
        if (bytes < 0) throw new ArgumentOutOfRangeException(nameof(capacity));
        _memory.Grow(bytes, Name);
        WriteHeader();
    }

    void SetCount(long count)
    {
        _count = count;
        WriteHeader();
    }

    void EnsureWritable()
    {
        if (_memory.IsDisposed) throw new ObjectDisposedException(nameof(KhoRegion<T>));
        if (_memory.IsFrozen) throw new KhoRegionFrozenException(Name);
    }

    void WriteHeader() =>
        new RegionHeader(T.KhoFormatName, T.KhoVersion, T.KhoShapeOf(T.KhoVersion), ElementSize, _count, Capacity)
            .Write(new Span<byte>(_memory.Base, RegionHeader.Length));

    RegionMemory IKhoRegion.Memory => _memory;
    ulong IKhoRegion.HeaderChecksum => HeaderChecksum;

    /// <summary>Unmaps the region and closes its memfd (a successor that adopted it keeps its own mapping).</summary>
    public void Dispose() => _memory.Dispose();
}

/// <summary>The format-agnostic view the live update needs of a region.</summary>
interface IKhoRegion : IDisposable
{
    RegionMemory Memory { get; }
    ulong HeaderChecksum { get; }
}

/// <summary>
/// A write to a region that the live update froze: the state is being handed to the next build,
/// and until the update is rolled back (or the successor, after the point of no return, owns it)
/// nobody may change it.
/// </summary>
public sealed class KhoRegionFrozenException : InvalidOperationException
{
    /// <summary>Creates the exception for the region of <paramref name="id"/>.</summary>
    public KhoRegionFrozenException(string id)
        : base($"The region of {id} is frozen for a live update: it is read-only until the update is rolled back, or the next build owns it.") => Id = id;

    /// <summary>The format id of the region's elements.</summary>
    public string Id { get; }
}
