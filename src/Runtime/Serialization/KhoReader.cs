using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace KhoGen;

/// <summary>
/// Reads KhoGen's wire encoding from a span. Every read is bounds-checked and every length is
/// checked against the bytes that remain and the <see cref="KhoReadOptions"/> limits, so that
/// malformed input raises <see cref="KhoFormatException"/> and nothing else.
/// </summary>
public ref struct KhoReader
{
    readonly ReadOnlySpan<byte> _data;
    readonly KhoReadOptions _options;
    readonly long _origin;
    readonly long _maxDecoded;
    readonly int _maxDepth;
    readonly int _maxStringBytes;
    readonly int _maxCollection;
    int _position;
    int _depth;
    long _decoded;

    /// <summary>Creates a reader over <paramref name="data"/>.</summary>
    /// <param name="data">The bytes to read.</param>
    /// <param name="subject">What is being read (a format id or type name), for error messages.</param>
    /// <param name="options">Limits; <see cref="KhoReadOptions.Default"/> when null.</param>
    /// <param name="origin">The offset of <paramref name="data"/> within a larger input, for error messages.</param>
    public KhoReader(ReadOnlySpan<byte> data, string subject, KhoReadOptions? options = null, long origin = 0)
    {
        _data = data;
        Subject = subject;
        _options = options ?? KhoReadOptions.Default;
        _origin = origin;
        _maxDecoded = _options.MaxDecodedBytes;
        _maxDepth = _options.MaxDepth;
        _maxStringBytes = _options.MaxStringBytes;
        _maxCollection = _options.MaxCollectionLength;
        _position = 0;
        _depth = 0;
        _decoded = 0;
    }

    /// <summary>What is being read, for error messages.</summary>
    public string Subject { get; set; }

    /// <summary>Bytes consumed so far.</summary>
    public readonly int Position => _position;

    /// <summary>Bytes not yet consumed.</summary>
    public readonly int Remaining => _data.Length - _position;

    /// <summary>The limits in force.</summary>
    public readonly KhoReadOptions Options => _options;

    /// <summary>Bytes decoded so far, counted at their in-memory size against <see cref="KhoReadOptions.MaxDecodedBytes"/>.</summary>
    public readonly long Decoded => _decoded;

    /// <summary>An exception for malformed input at <paramref name="position"/> (the current position when -1).</summary>
    public readonly KhoFormatException Error(string message, int position = -1) =>
        new(message, Subject, _origin + (position < 0 ? _position : position));

    /// <summary>Throws unless every byte has been consumed.</summary>
    public readonly void EnsureEnd()
    {
        if (_position != _data.Length)
            throw Error($"{_data.Length - _position} unexpected trailing byte(s) after the layout");
    }

    /// <summary>Enters a nested data type or collection; throws past <see cref="KhoReadOptions.MaxDepth"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Enter()
    {
        // The limit is copied into the reader: entered for every nested value, read from here.
        if (++_depth > _maxDepth) ThrowTooDeep();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    readonly void ThrowTooDeep() => throw Error($"nesting deeper than the limit of {_options.MaxDepth}");

    /// <summary>Leaves what <see cref="Enter"/> entered.</summary>
    public void Exit() => _depth--;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    ref readonly byte Take(int size)
    {
        if ((uint)size > (uint)(_data.Length - _position)) ThrowTruncated(size);
        ref readonly byte at = ref Unsafe.Add(ref MemoryMarshal.GetReference(_data), _position);
        _position += size;
        return ref at;
    }

    /// <summary>Consumes <paramref name="size"/> raw bytes.</summary>
    public ReadOnlySpan<byte> ReadRaw(int size)
    {
        if ((uint)size > (uint)(_data.Length - _position)) ThrowTruncated(size);
        ReadOnlySpan<byte> span = _data.Slice(_position, size);
        _position += size;
        return span;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    readonly void ThrowTruncated(int size) =>
        throw Error($"truncated: {size} byte(s) needed, {_data.Length - _position} left");

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    T Get<T>() where T : unmanaged => Unsafe.ReadUnaligned<T>(in Take(Unsafe.SizeOf<T>()));

    /// <summary>
    /// Consumes <paramref name="size"/> bytes of a run of consecutive fixed-size members, with one
    /// bounds check, and returns a reference to the first: generated code then reads the members with
    /// <see cref="KhoFixed"/> and checks those with a domain (<see cref="ToBoolean"/>, <see cref="ToDateTime"/>).
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref readonly byte ReadFixed(int size) => ref Take(size);

    /// <summary>Reads one byte, 0 or 1.</summary>
    public bool ReadBoolean()
    {
        byte b = Get<byte>();
        return ToBoolean(b, _position - 1);
    }

    /// <summary>The boolean of <paramref name="raw"/>, read at <paramref name="position"/>: 0 or 1, anything else is refused.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly bool ToBoolean(byte raw, int position)
    {
        if (raw > 1) ThrowBadBoolean(raw, position);
        return raw == 1;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    readonly void ThrowBadBoolean(byte raw, int position) => throw Error($"a boolean must be 0 or 1, found {raw}", position);

    /// <summary>Reads a presence byte: true when a value follows.</summary>
    // Inlined into every generated read of a data class; the refusal is kept out of line.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool ReadPresence()
    {
        byte b = Get<byte>();
        if (b > 1) ThrowBadPresence(b);
        return b == 1;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    readonly void ThrowBadPresence(byte b) => throw Error($"a presence marker must be 0 or 1, found {b}", _position - 1);

    /// <summary>Reads one byte.</summary>
    public byte ReadByte() => Get<byte>();
    /// <summary>Reads one signed byte.</summary>
    public sbyte ReadSByte() => Get<sbyte>();
    /// <summary>Reads 2 bytes, little-endian.</summary>
    public short ReadInt16() { short v = Get<short>(); return BitConverter.IsLittleEndian ? v : BinaryPrimitives.ReverseEndianness(v); }
    /// <summary>Reads 2 bytes, little-endian.</summary>
    public ushort ReadUInt16() { ushort v = Get<ushort>(); return BitConverter.IsLittleEndian ? v : BinaryPrimitives.ReverseEndianness(v); }
    /// <summary>Reads 4 bytes, little-endian.</summary>
    public int ReadInt32() { int v = Get<int>(); return BitConverter.IsLittleEndian ? v : BinaryPrimitives.ReverseEndianness(v); }
    /// <summary>Reads 4 bytes, little-endian.</summary>
    public uint ReadUInt32() { uint v = Get<uint>(); return BitConverter.IsLittleEndian ? v : BinaryPrimitives.ReverseEndianness(v); }
    /// <summary>Reads 8 bytes, little-endian.</summary>
    public long ReadInt64() { long v = Get<long>(); return BitConverter.IsLittleEndian ? v : BinaryPrimitives.ReverseEndianness(v); }
    /// <summary>Reads 8 bytes, little-endian.</summary>
    public ulong ReadUInt64() { ulong v = Get<ulong>(); return BitConverter.IsLittleEndian ? v : BinaryPrimitives.ReverseEndianness(v); }
    /// <summary>Reads IEEE 754 bits.</summary>
    public float ReadSingle() => BitConverter.UInt32BitsToSingle(ReadUInt32());
    /// <summary>Reads IEEE 754 bits.</summary>
    public double ReadDouble() => BitConverter.UInt64BitsToDouble(ReadUInt64());
    /// <summary>Reads a UTF-16 code unit.</summary>
    public char ReadChar() => (char)ReadUInt16();
    /// <summary>Reads ticks.</summary>
    public TimeSpan ReadTimeSpan() => new(ReadInt64());

    /// <summary>Reads the four parts of a decimal, checking the sign and scale bits.</summary>
    public decimal ReadDecimal()
    {
        int start = _position;
        int lo = ReadInt32(), mid = ReadInt32(), hi = ReadInt32(), flags = ReadInt32();
        int scale = (flags >> 16) & 0xFF;
        if ((flags & 0x7F00FFFF) != 0 || scale > 28)
            throw Error($"invalid decimal flags 0x{flags:X8}", start);
        return new decimal(lo, mid, hi, flags < 0, (byte)scale);
    }

    /// <summary>Reads 16 bytes.</summary>
    public Guid ReadGuid() => new(ReadRaw(16));

    /// <summary>Reads ticks and kind, checking both.</summary>
    public DateTime ReadDateTime()
    {
        int start = _position;
        return ToDateTime(ReadUInt64(), start);
    }

    /// <summary>The <see cref="DateTime"/> of <paramref name="raw"/> (ticks and kind), read at <paramref name="position"/>; both are checked.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public readonly DateTime ToDateTime(ulong raw, int position)
    {
        long ticks = (long)(raw & 0x3FFF_FFFF_FFFF_FFFF);
        int kind = (int)(raw >> 62);
        if (kind > 2 || ticks > DateTime.MaxValue.Ticks)
            throw Error($"invalid DateTime 0x{raw:X16}", position);
        return new DateTime(ticks, (DateTimeKind)kind);
    }

    /// <summary>Reads clock ticks and an offset in minutes, checking both.</summary>
    public DateTimeOffset ReadDateTimeOffset()
    {
        int start = _position;
        long ticks = ReadInt64();
        short minutes = ReadInt16();
        if (ticks < 0 || ticks > DateTime.MaxValue.Ticks || minutes < -14 * 60 || minutes > 14 * 60)
            throw Error("invalid DateTimeOffset", start);
        long utc = ticks - minutes * TimeSpan.TicksPerMinute;
        if (utc < 0 || utc > DateTime.MaxValue.Ticks)
            throw Error("invalid DateTimeOffset: out of range in UTC", start);
        return new DateTimeOffset(ticks, TimeSpan.FromMinutes(minutes));
    }

    /// <summary>
    /// Reads a collection length: -1 for null, else a count that the remaining bytes can hold at
    /// <paramref name="minElementSize"/> bytes an element and within the collection limit. Checking
    /// before allocating is what keeps a forged count from allocating gigabytes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReadCount(int minElementSize)
    {
        int start = _position;
        int count = ReadInt32();
        // The common case in two comparisons (inlined, with the element size a constant); null and every refusal out of line.
        // (A negative limit refuses every collection but null, as the signed comparison did.)
        if ((uint)count > (uint)_maxCollection || _maxCollection < 0 || (long)count * minElementSize > Remaining)
            return CheckCount(count, minElementSize, start);
        return count;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    readonly int CheckCount(int count, int minElementSize, int start)
    {
        if (count == -1) return -1;
        if (count < 0) throw Error($"invalid length {count}", start);
        if (count > _options.MaxCollectionLength)
            throw Error($"length {count} is over the limit of {_options.MaxCollectionLength}", start);
        if (minElementSize > 0 && (long)count * minElementSize > Remaining)
            throw Error($"length {count} needs at least {(long)count * minElementSize} byte(s), {Remaining} left", start);
        return count;
    }

    // Room a collection may reserve beyond the remaining input, so that small collections near the
    // end of an input are still allocated whole (and filled in place).
    const int ReserveSlack = 1024;

    /// <summary>
    /// Counts <paramref name="bytes"/> more decoded bytes (in-memory size) against
    /// <see cref="KhoReadOptions.MaxDecodedBytes"/>; throws past it.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Account(long bytes)
    {
        _decoded += bytes;
        if (_decoded > _maxDecoded) ThrowTooLarge();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    readonly void ThrowTooLarge() =>
        throw Error($"the decoded value needs more than the limit of {_maxDecoded} bytes (KhoReadOptions.MaxDecodedBytes)");

    /// <summary>
    /// Counts a collection of <paramref name="count"/> elements of <paramref name="elementSize"/>
    /// in-memory bytes against <see cref="KhoReadOptions.MaxDecodedBytes"/>, and returns how many
    /// elements to reserve now: all of them when the remaining input could fill them at their
    /// in-memory size, else only as many as it could (the caller grows as elements arrive). So a
    /// forged or truncated count reserves no more than the input's own size before it is refused.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Reserve(int count, int elementSize)
    {
        long size = (long)count * elementSize;
        Account(size);
        long room = (long)Remaining + ReserveSlack;
        return size <= room ? count : (int)(room / elementSize);
    }

    /// <summary>An array for a sequence of <paramref name="count"/> elements, as long as <see cref="Reserve"/> allows; grow it with <see cref="Grow{T}(T[], int)"/>.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public T[] Allocate<T>(int count) => GC.AllocateUninitializedArray<T>(Reserve(count, Unsafe.SizeOf<T>()));

    /// <summary>A list for a sequence of <paramref name="count"/> elements, its count set to what <see cref="Reserve"/> allows (filled in place); grow it with <see cref="Grow{T}(List{T}, int)"/>.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public List<T> AllocateList<T>(int count)
    {
        int reserved = Reserve(count, Unsafe.SizeOf<T>());
        var list = new List<T>(reserved);
        CollectionsMarshal.SetCount(list, reserved);
        return list;
    }

    /// <summary>A copy of <paramref name="array"/> twice as long (at most <paramref name="count"/>): called when the elements read so far fill it.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static T[] Grow<T>(T[] array, int count)
    {
        T[] grown = GC.AllocateUninitializedArray<T>((int)Math.Min(count, Math.Max(2L * array.Length, 16)));
        array.AsSpan().CopyTo(grown);
        return grown;
    }

    /// <summary>Doubles the count of <paramref name="list"/> (at most <paramref name="count"/>) and returns its elements: called when the elements read so far fill it.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Span<T> Grow<T>(List<T> list, int count)
    {
        CollectionsMarshal.SetCount(list, (int)Math.Min(count, Math.Max(2L * list.Count, 16)));
        return CollectionsMarshal.AsSpan(list);
    }

    /// <summary>The error for a user upgrade that threw (<paramref name="inner"/>) or returned null: the input cannot be read.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public readonly KhoFormatException UpgradeError(string from, string to, string conversion, Exception? inner) =>
        new($"the upgrade {from} -> {to} ({conversion}) " + (inner is null ? "returned null" : $"threw {inner.GetType().Name}: {inner.Message}"),
            Subject, _origin + _position, inner);

    /// <summary>The error for a null where <paramref name="member"/> is declared non-nullable.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public readonly KhoFormatException NullError(string member, int position) =>
        Error($"null in {member}, which is declared non-nullable", position);

    /// <summary>Reads an unsigned LEB128 integer, rejecting overlong and over-wide encodings.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ReadVarUInt64()
    {
        // One byte (run lengths, small gaps) inline; longer ones in the loop.
        int at = _position;
        if ((uint)at < (uint)_data.Length)
        {
            byte first = Unsafe.Add(ref MemoryMarshal.GetReference(_data), at);
            if (first < 0x80)
            {
                _position = at + 1;
                return first;
            }
        }
        return ReadVarUInt64Loop();
    }

    ulong ReadVarUInt64Loop()
    {
        int start = _position;
        ulong result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            byte b = Get<byte>();
            if (shift == 63 && b > 1) break;
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                if (b == 0 && shift > 0) throw Error("overlong variable-length integer", start);
                return result;
            }
        }
        throw Error("variable-length integer wider than 64 bits", start);
    }

    /// <summary>Reads a UTF-8 string written by <see cref="KhoWriter.WriteString"/>.</summary>
    public string? ReadString()
    {
        int start = _position;
        int length = ReadInt32();
        // One comparison for the common case; null, negative and over-long lengths are told apart off it.
        // (A negative limit refuses every string but null, as the signed comparison did.)
        if ((uint)length > (uint)_maxStringBytes || _maxStringBytes < 0)
            return length == -1 ? null : throw BadStringLength(length, start);
        ReadOnlySpan<byte> bytes = ReadRaw(length);
        // At most one UTF-16 code unit per UTF-8 byte.
        Account(2L * length);
        return Utf8.Decode(bytes) ?? throw Error("invalid UTF-8 in a string", start);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    readonly KhoFormatException BadStringLength(int length, int start) => length < 0
        ? Error($"invalid string length {length}", start)
        : Error($"string of {length} bytes is over the limit of {_maxStringBytes}", start);

    /// <summary>Reads a byte buffer written by <see cref="KhoWriter.WriteBytes(byte[])"/>.</summary>
    public byte[]? ReadBytes()
    {
        int count = ReadCount(1);
        if (count < 0) return null;
        ReadOnlySpan<byte> bytes = ReadRaw(count);
        Account(count);
        // Every byte is overwritten at once: no zeroing first (a live update's pages are many and large).
        byte[] result = GC.AllocateUninitializedArray<byte>(count);
        BlockCopy.Copy(bytes, result);
        return result;
    }

    /// <summary>Fills <paramref name="destination"/> with elements of an unmanaged primitive in one copy (little-endian machines).</summary>
    public void ReadBlittable<T>(Span<T> destination) where T : unmanaged
    {
        long size = (long)destination.Length * Unsafe.SizeOf<T>();
        if (size > Remaining) ThrowTruncated(size > int.MaxValue ? int.MaxValue : (int)size);
        BlockCopy.Copy(ReadRaw((int)size), MemoryMarshal.AsBytes(destination));
    }

    /// <summary>
    /// Fills <paramref name="destination"/> in one copy when <see cref="KhoPlainLayout{T}"/> proves that a
    /// <typeparamref name="T"/>'s memory is its wire form; otherwise reads nothing and returns false,
    /// and the caller reads the elements one by one.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadPlain<T>(Span<T> destination) where T : struct, IKhoSerializable<T>
    {
        if (!KhoPlainLayout<T>.IsWireForm) return false;
        long size = (long)destination.Length * Unsafe.SizeOf<T>();
        if (size > Remaining) ThrowTruncated(size > int.MaxValue ? int.MaxValue : (int)size);
        if (destination.Length > 0)
        {
            // The elements are one level deeper, as when they are read one by one.
            Enter();
            Exit();
        }
        BlockCopy.Copy(ReadRaw((int)size), MemoryMarshal.AsBytes(destination));
        return true;
    }

    /// <summary>Reads <paramref name="count"/> elements of an unmanaged primitive in one copy (little-endian machines).</summary>
    public T[] ReadBlittable<T>(int count) where T : unmanaged
    {
        long size = (long)count * Unsafe.SizeOf<T>();
        if (count < 0 || size > Remaining) ThrowTruncated(size > int.MaxValue ? int.MaxValue : (int)size);
        ReadOnlySpan<byte> bytes = ReadRaw((int)size);
        T[] result = GC.AllocateUninitializedArray<T>(count);
        BlockCopy.Copy(bytes, MemoryMarshal.AsBytes(result.AsSpan()));
        return result;
    }
}
