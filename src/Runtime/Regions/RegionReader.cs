using System;
using Microsoft.Win32.SafeHandles;

namespace KhoGen.Regions;

/// <summary>
/// Reads a region entry in the next build: checks the header against the entry, then adopts the
/// memfd in place (same version, same element size), or converts or copies its elements into a
/// new region. Nothing is changed when anything is wrong: the received memfd is only ever read.
/// </summary>
static unsafe class RegionReader
{
    public static RegionState Read<T>(ReadOnlySpan<byte> payload, int version, KhoReadOptions options, RegionDescriptors? regions)
        where T : unmanaged, IKhoFormat<T>, IKhoPlainLayout
    {
        string id = FormatNames.Id(T.KhoFormatName, version);
        if (RegionPayload.Kind(payload, id) == RegionPayload.Inline)
        {
            var rest = payload.Slice(1);
            if (rest.Length < RegionHeader.Length) throw new KhoFormatException($"entry {id}: an inline region of {rest.Length} bytes has no room for its header", id);
            long dataBytes = rest.Length - RegionHeader.Length;
            var header = Expect<T>(RegionHeader.Read(rest, RegionHeader.DataOffset + dataBytes, $"entry {id}"), id, version);
            if (header.Count != header.Capacity) throw new KhoFormatException($"entry {id}: region header: an inline region holds count {header.Count} but capacity {header.Capacity}", id);
            fixed (byte* data = rest.Slice(RegionHeader.Length))
            {
                var copy = KhoRegion<T>.CopyFrom(data, header, options);
                return new RegionState(copy, new KhoRegionReport(id, KhoRegionHandover.Copied, header.Count, dataBytes, ((IKhoRegion)copy).Memory.Facts(id).Inode));
            }
        }
        if (regions is null)
            throw new KhoFormatException($"entry {id}: the region was passed as a descriptor, and this image came without any (only the handover socket carries them)", id);
        var (index, checksum, size) = RegionPayload.ReadDescriptor(payload, id);
        SafeFileHandle fd = regions.Take(index, size, id);
        return Map<T>(fd, size, id, version, checksum, frozen: true, options);
    }

    /// <summary>
    /// Maps a checked memfd and adopts or converts it: <paramref name="version"/> and
    /// <paramref name="checksum"/> are what the image says (null from the fd store, where the header
    /// alone says it); read-only (<paramref name="frozen"/>) until the point of no return of a handover.
    /// </summary>
    public static RegionState Map<T>(SafeFileHandle fd, long size, string id, int? version, ulong? checksum, bool frozen, KhoReadOptions options)
        where T : unmanaged, IKhoFormat<T>, IKhoPlainLayout
    {
        RegionMemory memory;
        try { memory = RegionMemory.Adopt(fd, size, frozen, id); }
        catch
        {
            fd.Dispose();
            throw;
        }
        try
        {
            var headerBytes = new ReadOnlySpan<byte>(memory.Base, RegionHeader.Length);
            var header = RegionHeader.Read(headerBytes, size, $"entry {id}");
            if (version is null && !T.KhoReadableVersions.Contains(header.Version))
                throw new KhoFormatException($"entry {id}: region header: the region holds {header.Id}; this build reads {KhoEnvelope.Ids(T.KhoFormatName, T.KhoReadableVersions)}", id);
            int v = version ?? header.Version;
            Expect<T>(header, id, v);
            if (checksum is ulong named && RegionHeader.ChecksumOf(headerBytes) != named)
                throw new KhoFormatException($"entry {id}: region header: not the header the image was written with (another region, or changed since)", id);
            ulong inode = memory.Facts(id).Inode;
            if (v == T.KhoVersion && header.ElementSize == sizeof(T))
                return new RegionState(KhoRegion<T>.Adopted(memory, header.Count), new KhoRegionReport(header.Id, KhoRegionHandover.Adopted, header.Count, 0, inode));
            var converted = KhoRegion<T>.CopyFrom(memory.Base + RegionHeader.DataOffset, header, options);
            memory.Dispose();
            return new RegionState(converted, new KhoRegionReport(header.Id, KhoRegionHandover.Converted, header.Count,
                header.Count * (long)header.ElementSize, ((IKhoRegion)converted).Memory.Facts(id).Inode));
        }
        catch
        {
            memory.Dispose();
            throw;
        }
    }

    /// <summary>The header must say what the image entry says: format, version, and this build's shape of that version.</summary>
    static RegionHeader Expect<T>(RegionHeader header, string id, int version) where T : unmanaged, IKhoFormat<T>, IKhoPlainLayout
    {
        if (header.Format != T.KhoFormatName || header.Version != version)
            throw new KhoFormatException($"entry {id}: region header: the region holds {header.Id}", id);
        if (header.Shape != T.KhoShapeOf(version))
            throw new KhoFormatException($"entry {id}: region header: layout shape {header.Shape:x16}, this build's is {T.KhoShapeOf(version):x16}", id);
        if (version == T.KhoVersion && header.ElementSize != sizeof(T))
            throw new KhoFormatException($"entry {id}: region header: element size {header.ElementSize}, this build's is {sizeof(T)}", id);
        return header;
    }
}
