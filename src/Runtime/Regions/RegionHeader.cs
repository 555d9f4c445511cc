using System;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace KhoGen.Regions;

/// <summary>
/// The header at the start of every region (docs/regions.md#header): what the elements are (format
/// name, version, layout shape, element size) and how many there are. Written by KhoGen whenever the
/// count or capacity changes, checked on every adoption. All integers little-endian.
/// </summary>
/// <remarks>
/// <code>
///   0  8  magic "KHOREGON"          48  1  n, format name length (1..64)
///   8  4  header version, 1         49 64  format name, ASCII, zero-padded
///  12  4  data offset, 4096        113  7  zero
///  16  4  format version           120  8  XxHash3 of bytes [0, 120)
///  20  4  element size
///  24  8  layout shape
///  32  8  count
///  40  8  capacity
/// </code>
/// The memfd is exactly data offset + capacity × element size bytes. The elements are not
/// checksummed: a plain layout has no invalid value, and hashing gigabytes would make adoption as
/// slow as copying.
/// </remarks>
readonly record struct RegionHeader(string Format, int Version, ulong Shape, int ElementSize, long Count, long Capacity)
{
    public static ReadOnlySpan<byte> Magic => "KHOREGON"u8;
    public const uint HeaderVersion = 1;
    public const int DataOffset = 4096;
    public const int Length = 128;
    const int NameAt = 49, NameMax = 64, ChecksumAt = 120;

    public string Id => FormatNames.Id(Format, Version);

    /// <summary>The memfd's exact size for this header; -1 when it would overflow.</summary>
    public long FileSize => Capacity < 0 || ElementSize <= 0 || Capacity > (long.MaxValue - DataOffset) / ElementSize
        ? -1 : DataOffset + Capacity * ElementSize;

    public void Write(Span<byte> into)
    {
        into.Slice(0, Length).Clear();
        Magic.CopyTo(into);
        BinaryPrimitives.WriteUInt32LittleEndian(into.Slice(8), HeaderVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(into.Slice(12), DataOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(into.Slice(16), (uint)Version);
        BinaryPrimitives.WriteUInt32LittleEndian(into.Slice(20), (uint)ElementSize);
        BinaryPrimitives.WriteUInt64LittleEndian(into.Slice(24), Shape);
        BinaryPrimitives.WriteUInt64LittleEndian(into.Slice(32), (ulong)Count);
        BinaryPrimitives.WriteUInt64LittleEndian(into.Slice(40), (ulong)Capacity);
        into[48] = (byte)Format.Length;
        Encoding.ASCII.GetBytes(Format, into.Slice(NameAt, NameMax));
        Seal(into);
    }

    /// <summary>Writes the checksum of bytes [0, 120) at 120 (also used by tests that forge headers).</summary>
    public static void Seal(Span<byte> header) =>
        BinaryPrimitives.WriteUInt64LittleEndian(header.Slice(ChecksumAt), XxHash3.HashToUInt64(header.Slice(0, ChecksumAt)));

    /// <summary>The header's checksum as written (an image entry binds itself to its region with it).</summary>
    public static ulong ChecksumOf(ReadOnlySpan<byte> header) => BinaryPrimitives.ReadUInt64LittleEndian(header.Slice(ChecksumAt));

    /// <summary>
    /// Reads and checks a header against the size of what holds it (<paramref name="size"/>: the
    /// memfd's size, or for an inline copy the data offset plus the bytes that follow the header).
    /// </summary>
    /// <exception cref="KhoFormatException">Anything in it is wrong, named with <paramref name="source"/>.</exception>
    public static RegionHeader Read(ReadOnlySpan<byte> header, long size, string source)
    {
        KhoFormatException Bad(string why) => new($"region {source}: header: {why}");
        if (header.Length < Length || size < DataOffset) throw Bad($"the region holds {size} bytes, less than its {DataOffset}-byte header page");
        if (!header.Slice(0, 8).SequenceEqual(Magic)) throw Bad("no KHOREGON magic: not a KhoGen region");
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(header.Slice(8));
        if (version != HeaderVersion) throw Bad($"header version {version}; this build reads version {HeaderVersion}");
        if (XxHash3.HashToUInt64(header.Slice(0, ChecksumAt)) != ChecksumOf(header)) throw Bad("the header checksum does not match");
        uint dataOffset = BinaryPrimitives.ReadUInt32LittleEndian(header.Slice(12));
        if (dataOffset != DataOffset) throw Bad($"data offset {dataOffset}; regions put their data at {DataOffset}");
        uint formatVersion = BinaryPrimitives.ReadUInt32LittleEndian(header.Slice(16));
        uint elementSize = BinaryPrimitives.ReadUInt32LittleEndian(header.Slice(20));
        ulong count = BinaryPrimitives.ReadUInt64LittleEndian(header.Slice(32));
        ulong capacity = BinaryPrimitives.ReadUInt64LittleEndian(header.Slice(40));
        int n = header[48];
        if (n is 0 or > NameMax) throw Bad($"format name length {n} (1 to {NameMax})");
        if (header.Slice(NameAt + n, ChecksumAt - NameAt - n).IndexOfAnyExcept((byte)0) >= 0) throw Bad("bytes after the format name are not zero");
        string name = Encoding.ASCII.GetString(header.Slice(NameAt, n));
        if (formatVersion is 0 or > int.MaxValue) throw Bad($"format version {formatVersion}");
        if (FormatNames.Validate(name, (int)formatVersion) is string bad) throw Bad($"not a format name: {bad}");
        if (elementSize is 0 or > ushort.MaxValue) throw Bad($"element size {elementSize} (1 to {ushort.MaxValue})");
        if (capacity > long.MaxValue || count > capacity) throw Bad($"count {count} over capacity {capacity}");
        var h = new RegionHeader(name, (int)formatVersion, BinaryPrimitives.ReadUInt64LittleEndian(header.Slice(24)), (int)elementSize, (long)count, (long)capacity);
        if (h.FileSize != size) throw Bad($"capacity {capacity} of {elementSize}-byte elements needs {(h.FileSize < 0 ? "more than 2^63" : h.FileSize.ToString())} bytes; the region holds {size}");
        return h;
    }
}
