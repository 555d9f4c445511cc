using System;
using System.Runtime.CompilerServices;
using KhoGen.Regions;

namespace KhoGen;

public sealed unsafe partial class KhoRegion<T>
{
    /// <summary>
    /// A new region holding <paramref name="header"/>.Count elements read from <paramref name="data"/>:
    /// one block copy when they are this build's version, else each element read with its version's
    /// reader (which must consume exactly the element size) and upgraded through the version chain.
    /// </summary>
    internal static KhoRegion<T> CopyFrom(byte* data, RegionHeader header, KhoReadOptions options)
    {
        var region = Create(header.Count);
        try
        {
            region._count = header.Count;
            byte* into = (byte*)region.Data;
            if (header.Version == T.KhoVersion && header.ElementSize == ElementSize)
                Buffer.MemoryCopy(data, into, header.Count * (long)ElementSize, header.Count * (long)ElementSize);
            else
                for (long i = 0; i < header.Count; i++)
                {
                    long at = RegionHeader.DataOffset + i * header.ElementSize;
                    var reader = new KhoReader(new ReadOnlySpan<byte>(data + i * header.ElementSize, header.ElementSize), header.Id, options, at);
                    T value = T.KhoReadVersion(ref reader, header.Version);
                    reader.EnsureEnd();
                    region.Data[i] = value;
                }
            region.WriteHeader();
            return region;
        }
        catch
        {
            region.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The region's elements as one inline image entry in <paramref name="version"/> (the copying
    /// mode): the header with capacity = count, then the elements, downgraded when older.
    /// </summary>
    internal byte[] ToInline(int version)
    {
        string id = FormatNames.Id(T.KhoFormatName, version);
        int size = version == T.KhoVersion ? ElementSize : Encode(default, version).Length;
        long total = 1 + RegionHeader.Length + _count * (long)size;
        if (total > int.MaxValue)
            throw new InvalidOperationException($"The region of {id} holds {_count * (long)size} bytes: over the 2 GiB an image entry may hold in copying mode; hand it over through the handover socket, which passes the memfd itself.");
        var bytes = new byte[total];
        bytes[0] = RegionPayload.Inline;
        new RegionHeader(T.KhoFormatName, version, T.KhoShapeOf(version), size, _count, _count).Write(bytes.AsSpan(1));
        var into = bytes.AsSpan(1 + RegionHeader.Length);
        if (version == T.KhoVersion)
            new ReadOnlySpan<byte>(Data, (int)(_count * size)).CopyTo(into);
        else
            for (long i = 0; i < _count; i++)
            {
                byte[] one = Encode(Data[i], version);
                if (one.Length != size) throw new InvalidOperationException($"{id}: an element downgraded to {one.Length} bytes, another to {size}: that version is not a plain layout and cannot be a region");
                one.CopyTo(into.Slice((int)(i * size)));
            }
        return bytes;
    }

    static byte[] Encode(T value, int version)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(ElementSize);
        var writer = new KhoWriter(buffer);
        T.KhoWriteVersion(ref writer, value, version);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The checksum of the header as it is now (binds a descriptor entry to this memfd).</summary>
    internal ulong HeaderChecksum => RegionHeader.ChecksumOf(new ReadOnlySpan<byte>(_memory.Base, RegionHeader.Length));
}
