using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace KhoGen;

/// <summary>
/// Writes KhoGen's wire encoding (little-endian, no padding, no tags) into an
/// <see cref="IBufferWriter{T}"/>. Generated serializers call it; see docs/wire-format.md.
/// Call <see cref="Flush"/> when done.
/// </summary>
public ref struct KhoWriter
{
    readonly IBufferWriter<byte> _output;
    Span<byte> _span;
    int _buffered;
    long _flushed;

    /// <summary>Creates a writer over <paramref name="output"/>.</summary>
    public KhoWriter(IBufferWriter<byte> output)
    {
        _output = output ?? throw new ArgumentNullException(nameof(output));
        _span = default;
        _buffered = 0;
        _flushed = 0;
    }

    /// <summary>
    /// The error for a null where <paramref name="member"/> is declared non-nullable: refused when
    /// written, in the build that holds the value, rather than by the reader after the hand-over.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ArgumentException NullError(string member) =>
        new($"{member} is null, but it is declared non-nullable: no reader would accept it");

    /// <summary>The error for a user downgrade that threw (<paramref name="inner"/>) or returned null.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static InvalidOperationException DowngradeError(string from, string to, string conversion, Exception? inner) =>
        new($"The downgrade {from} -> {to} ({conversion}) " + (inner is null ? "returned null." : $"threw {inner.GetType().Name}: {inner.Message}"), inner);

    /// <summary>Bytes written so far, flushed or not.</summary>
    public readonly long BytesWritten => _flushed + _buffered;

    /// <summary>Hands every buffered byte to the underlying buffer writer.</summary>
    public void Flush()
    {
        if (_buffered > 0)
        {
            _output.Advance(_buffered);
            _flushed += _buffered;
        }
        _buffered = 0;
        _span = default;
    }

    /// <summary>A span of at least <paramref name="size"/> bytes to write into; commit with <see cref="Advance"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<byte> GetSpan(int size)
    {
        if (_span.Length - _buffered < size) Grow(size);
        return _span.Slice(_buffered);
    }

    /// <summary>Commits <paramref name="count"/> bytes written into the span from <see cref="GetSpan"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Advance(int count) => _buffered += count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    ref byte Take(int size)
    {
        if (_span.Length - _buffered < size) Grow(size);
        ref byte at = ref Unsafe.Add(ref MemoryMarshal.GetReference(_span), _buffered);
        _buffered += size;
        return ref at;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    void Grow(int size)
    {
        Flush();
        _span = _output.GetSpan(Math.Max(size, 4096));
        if (_span.Length < size) throw new InvalidOperationException("The buffer writer returned a span smaller than requested.");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    void Put<T>(T value) where T : unmanaged
    {
        // Callers pass values already in little-endian order (see the Write methods).
        Unsafe.WriteUnaligned(ref Take(Unsafe.SizeOf<T>()), value);
    }

    /// <summary>Writes a <see cref="bool"/> as one byte, 0 or 1.</summary>
    public void WriteBoolean(bool value) => Put((byte)(value ? 1 : 0));
    /// <summary>Writes one byte.</summary>
    public void WriteByte(byte value) => Put(value);
    /// <summary>Writes one signed byte.</summary>
    public void WriteSByte(sbyte value) => Put(value);
    /// <summary>Writes 2 bytes, little-endian.</summary>
    public void WriteInt16(short value) => Put(BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value));
    /// <summary>Writes 2 bytes, little-endian.</summary>
    public void WriteUInt16(ushort value) => Put(BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value));
    /// <summary>Writes 4 bytes, little-endian.</summary>
    public void WriteInt32(int value) => Put(BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value));
    /// <summary>Writes 4 bytes, little-endian.</summary>
    public void WriteUInt32(uint value) => Put(BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value));
    /// <summary>Writes 8 bytes, little-endian.</summary>
    public void WriteInt64(long value) => Put(BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value));
    /// <summary>Writes 8 bytes, little-endian.</summary>
    public void WriteUInt64(ulong value) => Put(BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value));
    /// <summary>Writes the IEEE 754 bits, little-endian.</summary>
    public void WriteSingle(float value) => WriteUInt32(BitConverter.SingleToUInt32Bits(value));
    /// <summary>Writes the IEEE 754 bits, little-endian.</summary>
    public void WriteDouble(double value) => WriteUInt64(BitConverter.DoubleToUInt64Bits(value));
    /// <summary>Writes a UTF-16 code unit as 2 bytes.</summary>
    public void WriteChar(char value) => WriteUInt16(value);
    /// <summary>Writes a <see cref="TimeSpan"/> as its ticks.</summary>
    public void WriteTimeSpan(TimeSpan value) => WriteInt64(value.Ticks);

    /// <summary>Writes the four 32-bit parts of <see cref="decimal.GetBits(decimal)"/>.</summary>
    public void WriteDecimal(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        WriteInt32(bits[0]);
        WriteInt32(bits[1]);
        WriteInt32(bits[2]);
        WriteInt32(bits[3]);
    }

    /// <summary>Writes the 16 bytes of <see cref="Guid.TryWriteBytes(Span{byte})"/>.</summary>
    public void WriteGuid(Guid value)
    {
        value.TryWriteBytes(MemoryMarshal.CreateSpan(ref Take(16), 16));
    }

    /// <summary>Writes ticks in the low 62 bits and the <see cref="DateTimeKind"/> in the top 2.</summary>
    public void WriteDateTime(DateTime value) => WriteUInt64((ulong)value.Ticks | ((ulong)value.Kind << 62));

    /// <summary>Writes the clock time's ticks, then the offset in minutes (2 bytes).</summary>
    public void WriteDateTimeOffset(DateTimeOffset value)
    {
        WriteInt64(value.Ticks);
        WriteInt16((short)(value.Offset.Ticks / TimeSpan.TicksPerMinute));
    }

    /// <summary>Writes a collection's length prefix, or -1 for null.</summary>
    public void WriteCount(int count) => WriteInt32(count);

    /// <summary>Writes the presence byte of a nullable value: 1 present, 0 null.</summary>
    public void WritePresence(bool present) => Put((byte)(present ? 1 : 0));

    /// <summary>The most bytes an unsigned LEB128 integer takes.</summary>
    internal const int MaxVarUInt64Bytes = 10;

    /// <summary>Writes an unsigned LEB128 integer (1 to 10 bytes).</summary>
    public void WriteVarUInt64(ulong value)
    {
        // GetSpan first: growing the buffer resets _buffered, so it must not be read before.
        ref byte at = ref MemoryMarshal.GetReference(GetSpan(MaxVarUInt64Bytes));
        int length = EncodeVarUInt64(ref at, value);
        _buffered += length;
    }

    /// <summary>Encodes <paramref name="value"/> as unsigned LEB128 at <paramref name="at"/> (room for 10 bytes) and returns its length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int EncodeVarUInt64(ref byte at, ulong value)
    {
        if (value < 0x80)
        {
            at = (byte)value;
            return 1;
        }
        if (BitConverter.IsLittleEndian && value < 1UL << 56)
        {
            // Up to 8 bytes without a data-dependent loop (random gaps made the loop's exit mispredict):
            // spread the 7-bit groups one a byte, set the continuation bit of all but the last, and
            // store one 8-byte word; the bytes past the length are scratch inside the reserved 10.
            int length = (70 - BitOperations.LeadingZeroCount(value)) / 7;
            ulong spread = (value & 0x7F) | ((value << 1) & 0x7F00) | ((value << 2) & 0x7F_0000) | ((value << 3) & 0x7F00_0000)
                | ((value << 4) & 0x7F_0000_0000) | ((value << 5) & 0x7F00_0000_0000)
                | ((value << 6) & 0x7F_0000_0000_0000) | ((value << 7) & 0x7F00_0000_0000_0000);
            ulong continuation = 0x8080_8080_8080_8080UL & ((1UL << (8 * (length - 1))) - 1);
            Unsafe.WriteUnaligned(ref at, spread | continuation);
            return length;
        }
        int i = 0;
        while (value >= 0x80)
        {
            Unsafe.Add(ref at, i++) = (byte)(value | 0x80);
            value >>= 7;
        }
        Unsafe.Add(ref at, i++) = (byte)value;
        return i;
    }

    /// <summary>Writes a string as its UTF-8 byte length (-1 for null) and the bytes.</summary>
    /// <exception cref="ArgumentException">The string holds an unpaired surrogate, which UTF-8 cannot carry.</exception>
    public void WriteString(string? value)
    {
        if (value is null)
        {
            WriteInt32(-1);
            return;
        }
        // Short strings: encode into the worst case (3 bytes a UTF-16 code unit); long ones: count
        // first to avoid a 3x buffer.
        int max = value.Length <= 4096 ? 3 * value.Length : Utf8.GetByteCount(value);
        Span<byte> span = GetSpan(4 + max);
        int length = Utf8.GetBytes(value, span.Slice(4));
        BinaryPrimitives.WriteInt32LittleEndian(span, length);
        _buffered += 4 + length;
    }

    /// <summary>Writes raw bytes with no length prefix.</summary>
    public void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) return;
        BlockCopy.Copy(bytes, MemoryMarshal.CreateSpan(ref Take(bytes.Length), bytes.Length));
    }

    /// <summary>Writes a byte buffer as its length (-1 for null) and the bytes.</summary>
    public void WriteBytes(byte[]? value)
    {
        if (value is null)
        {
            WriteInt32(-1);
            return;
        }
        WriteBytes(value.AsSpan());
    }

    /// <summary>Writes a non-null byte buffer as its length and the bytes.</summary>
    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        WriteInt32(value.Length);
        WriteRaw(value);
    }

    /// <summary>
    /// Reserves and commits <paramref name="size"/> bytes for a run of consecutive fixed-size members,
    /// with one bounds check, and returns a reference to the first: generated code then writes every
    /// one of those bytes with <see cref="KhoFixed"/>.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref byte WriteFixed(int size) => ref Take(size);

    /// <summary>
    /// Writes <paramref name="values"/> in one copy when <see cref="KhoPlainLayout{T}"/> proves that a
    /// <typeparamref name="T"/>'s memory is its wire form; otherwise writes nothing and returns false,
    /// and the caller writes the elements one by one.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryWritePlain<T>(ReadOnlySpan<T> values) where T : struct, IKhoSerializable<T>
    {
        if (!KhoPlainLayout<T>.IsWireForm) return false;
        WriteRaw(MemoryMarshal.AsBytes(values));
        return true;
    }

    /// <summary>
    /// Writes the elements of an unmanaged primitive array in one copy. Valid only on little-endian
    /// machines and for element types whose wire form is their memory form (generated code checks).
    /// </summary>
    public void WriteBlittable<T>(ReadOnlySpan<T> values) where T : unmanaged
    {
        WriteRaw(MemoryMarshal.AsBytes(values));
    }
}
