using System;
using System.Buffers.Binary;

namespace KhoGen.Regions;

/// <summary>
/// The image entry of a region participant (docs/image-format.md#region-entries). Its first byte
/// says where the elements are:
/// <code>
///   1 descriptor | u32 index among the Image message's region descriptors | u64 header checksum | u64 memfd size
///   2 inline     | the 128-byte region header (capacity = count) | count × element size bytes
/// </code>
/// A descriptor entry binds itself to one memfd by its header's checksum and size, so two
/// descriptors swapped, or a memfd changed after the image was written, are refused.
/// </summary>
static class RegionPayload
{
    public const byte Descriptor = 1, Inline = 2;
    public const int DescriptorLength = 1 + 4 + 8 + 8;

    public static byte[] ForDescriptor(uint index, ulong headerChecksum, long size)
    {
        var b = new byte[DescriptorLength];
        b[0] = Descriptor;
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(1), index);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(5), headerChecksum);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(13), (ulong)size);
        return b;
    }

    public static (uint Index, ulong HeaderChecksum, long Size) ReadDescriptor(ReadOnlySpan<byte> payload, string id)
    {
        if (payload.Length != DescriptorLength) throw new KhoFormatException($"entry {id}: a region descriptor entry is {DescriptorLength} bytes, not {payload.Length}", id);
        ulong size = BinaryPrimitives.ReadUInt64LittleEndian(payload.Slice(13));
        if (size > long.MaxValue) throw new KhoFormatException($"entry {id}: region size {size}", id);
        return (BinaryPrimitives.ReadUInt32LittleEndian(payload.Slice(1)), BinaryPrimitives.ReadUInt64LittleEndian(payload.Slice(5)), (long)size);
    }

    public static byte Kind(ReadOnlySpan<byte> payload, string id) =>
        payload.Length > 0 && payload[0] is Descriptor or Inline ? payload[0]
        : throw new KhoFormatException($"entry {id}: not a region entry (kind {(payload.Length == 0 ? "missing" : payload[0].ToString())})", id);
}
