using System;
using System.Buffers.Binary;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace KhoGen;

/// <summary>
/// Reads and writes fixed-size values at an offset from a reference, with no bounds check: generated
/// code reserves a run of consecutive fixed-size members once (<see cref="KhoWriter.WriteFixed"/>,
/// <see cref="KhoReader.ReadFixed"/>) and then moves each member with these. The encodings are those
/// of <see cref="KhoWriter"/> and <see cref="KhoReader"/> (docs/wire-format.md); values with a domain
/// (booleans, enums, dates) are checked by the caller.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class KhoFixed
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static ref byte At(ref byte start, int offset) => ref Unsafe.Add(ref start, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static ref byte AtIn(in byte start, int offset) => ref Unsafe.Add(ref Unsafe.AsRef(in start), offset);

    /// <summary>Writes 0 or 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteBoolean(ref byte start, int offset, bool value) => At(ref start, offset) = value ? (byte)1 : (byte)0;
    /// <summary>Writes one byte.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteByte(ref byte start, int offset, byte value) => At(ref start, offset) = value;
    /// <summary>Writes one signed byte.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteSByte(ref byte start, int offset, sbyte value) => At(ref start, offset) = (byte)value;
    /// <summary>Writes 2 bytes, little-endian.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteInt16(ref byte start, int offset, short value) =>
        Unsafe.WriteUnaligned(ref At(ref start, offset), BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value));
    /// <summary>Writes 2 bytes, little-endian.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteUInt16(ref byte start, int offset, ushort value) =>
        Unsafe.WriteUnaligned(ref At(ref start, offset), BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value));
    /// <summary>Writes 4 bytes, little-endian.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteInt32(ref byte start, int offset, int value) =>
        Unsafe.WriteUnaligned(ref At(ref start, offset), BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value));
    /// <summary>Writes 4 bytes, little-endian.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteUInt32(ref byte start, int offset, uint value) =>
        Unsafe.WriteUnaligned(ref At(ref start, offset), BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value));
    /// <summary>Writes 8 bytes, little-endian.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteInt64(ref byte start, int offset, long value) =>
        Unsafe.WriteUnaligned(ref At(ref start, offset), BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value));
    /// <summary>Writes 8 bytes, little-endian.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteUInt64(ref byte start, int offset, ulong value) =>
        Unsafe.WriteUnaligned(ref At(ref start, offset), BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value));
    /// <summary>Writes the IEEE 754 bits, little-endian.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteSingle(ref byte start, int offset, float value) => WriteUInt32(ref start, offset, BitConverter.SingleToUInt32Bits(value));
    /// <summary>Writes the IEEE 754 bits, little-endian.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteDouble(ref byte start, int offset, double value) => WriteUInt64(ref start, offset, BitConverter.DoubleToUInt64Bits(value));
    /// <summary>Writes a UTF-16 code unit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteChar(ref byte start, int offset, char value) => WriteUInt16(ref start, offset, value);
    /// <summary>Writes ticks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteTimeSpan(ref byte start, int offset, TimeSpan value) => WriteInt64(ref start, offset, value.Ticks);
    /// <summary>Writes ticks in the low 62 bits and the kind in the top 2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteDateTime(ref byte start, int offset, DateTime value) =>
        WriteUInt64(ref start, offset, (ulong)value.Ticks | ((ulong)value.Kind << 62));
    /// <summary>Writes the 16 bytes of <see cref="Guid.TryWriteBytes(Span{byte})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteGuid(ref byte start, int offset, Guid value) =>
        value.TryWriteBytes(MemoryMarshal.CreateSpan(ref At(ref start, offset), 16));

    /// <summary>Reads one byte (a boolean's, checked by <see cref="KhoReader.ToBoolean"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte ReadByte(in byte start, int offset) => AtIn(in start, offset);
    /// <summary>Reads one signed byte.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static sbyte ReadSByte(in byte start, int offset) => (sbyte)AtIn(in start, offset);
    /// <summary>Reads 2 bytes, little-endian.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static short ReadInt16(in byte start, int offset)
    {
        short v = Unsafe.ReadUnaligned<short>(ref AtIn(in start, offset));
        return BitConverter.IsLittleEndian ? v : BinaryPrimitives.ReverseEndianness(v);
    }
    /// <summary>Reads 2 bytes, little-endian.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort ReadUInt16(in byte start, int offset)
    {
        ushort v = Unsafe.ReadUnaligned<ushort>(ref AtIn(in start, offset));
        return BitConverter.IsLittleEndian ? v : BinaryPrimitives.ReverseEndianness(v);
    }
    /// <summary>Reads 4 bytes, little-endian.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ReadInt32(in byte start, int offset)
    {
        int v = Unsafe.ReadUnaligned<int>(ref AtIn(in start, offset));
        return BitConverter.IsLittleEndian ? v : BinaryPrimitives.ReverseEndianness(v);
    }
    /// <summary>Reads 4 bytes, little-endian.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint ReadUInt32(in byte start, int offset)
    {
        uint v = Unsafe.ReadUnaligned<uint>(ref AtIn(in start, offset));
        return BitConverter.IsLittleEndian ? v : BinaryPrimitives.ReverseEndianness(v);
    }
    /// <summary>Reads 8 bytes, little-endian.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long ReadInt64(in byte start, int offset)
    {
        long v = Unsafe.ReadUnaligned<long>(ref AtIn(in start, offset));
        return BitConverter.IsLittleEndian ? v : BinaryPrimitives.ReverseEndianness(v);
    }
    /// <summary>Reads 8 bytes, little-endian.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ReadUInt64(in byte start, int offset)
    {
        ulong v = Unsafe.ReadUnaligned<ulong>(ref AtIn(in start, offset));
        return BitConverter.IsLittleEndian ? v : BinaryPrimitives.ReverseEndianness(v);
    }
    /// <summary>Reads IEEE 754 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ReadSingle(in byte start, int offset) => BitConverter.UInt32BitsToSingle(ReadUInt32(in start, offset));
    /// <summary>Reads IEEE 754 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double ReadDouble(in byte start, int offset) => BitConverter.UInt64BitsToDouble(ReadUInt64(in start, offset));
    /// <summary>Reads a UTF-16 code unit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static char ReadChar(in byte start, int offset) => (char)ReadUInt16(in start, offset);
    /// <summary>Reads ticks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TimeSpan ReadTimeSpan(in byte start, int offset) => new(ReadInt64(in start, offset));
    /// <summary>Reads 16 bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Guid ReadGuid(in byte start, int offset) => new(MemoryMarshal.CreateReadOnlySpan(ref AtIn(in start, offset), 16));
}
