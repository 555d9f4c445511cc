using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.IO.Hashing;
using System.Text;

namespace KhoGen.Fuzz.Forge;

/// <summary>One entry of a handover image: its format id, shape and payload.</summary>
sealed record ImageEntry(string Name, uint Version, ulong Shape, byte[] Payload);

/// <summary>The parts of a handover image, before the checksums.</summary>
sealed record ImageParts(uint ImageVersion, string Writer, string Catalog, string Address, long Created, string Successor, ulong SuccessorFingerprint, List<ImageEntry> Entries);

/// <summary>
/// Builds handover images (docs/image-format.md, image version 2) from parts with every length,
/// offset and checksum right, and splits valid ones back into parts: the checksums then shield
/// nothing, and what is behind them (the catalog, the table, the payloads) meets the input as an
/// attacker shapes it. Written from the documented layout, not from <c>ImageWriter</c>.
/// </summary>
static class ForgedImages
{
    static ReadOnlySpan<byte> Magic => "KHOIMAGE"u8;
    static ReadOnlySpan<byte> CommitMagic => "KHOCOMMT"u8;

    public static byte[] Build(ImageParts parts)
    {
        byte[] writer = Encoding.UTF8.GetBytes(parts.Writer);
        byte[] catalog = Encoding.UTF8.GetBytes(parts.Catalog);
        byte[] address = Encoding.UTF8.GetBytes(parts.Address);
        byte[] successor = Encoding.UTF8.GetBytes(parts.Successor);
        long headerLength = 24 + 4 + writer.Length + 4 + catalog.Length + 4 + address.Length + 8 + 4 + successor.Length + 8 + 8;
        foreach (var e in parts.Entries) headerLength += 1 + Encoding.ASCII.GetByteCount(e.Name) + 36;

        var image = new MemoryStream();
        var w = new BinaryWriter(image);
        w.Write(Magic);
        w.Write(parts.ImageVersion);
        w.Write((uint)parts.Entries.Count);
        w.Write((ulong)headerLength);
        w.Write((uint)writer.Length);
        w.Write(writer);
        w.Write((uint)catalog.Length);
        w.Write(catalog);
        w.Write((uint)address.Length);
        w.Write(address);
        w.Write(parts.Created);
        w.Write((uint)successor.Length);
        w.Write(successor);
        w.Write(parts.SuccessorFingerprint);
        long offset = headerLength;
        foreach (var e in parts.Entries)
        {
            byte[] name = Encoding.ASCII.GetBytes(e.Name);
            w.Write((byte)name.Length);
            w.Write(name);
            w.Write(e.Version);
            w.Write(e.Shape);
            w.Write((ulong)offset);
            w.Write((ulong)e.Payload.Length);
            w.Write(XxHash3.HashToUInt64(e.Payload));
            offset += e.Payload.Length;
        }
        w.Flush();
        ulong headerChecksum = XxHash3.HashToUInt64(image.GetBuffer().AsSpan(0, (int)image.Length));
        w.Write(headerChecksum);
        foreach (var e in parts.Entries) w.Write(e.Payload);
        var commit = new byte[32];
        CommitMagic.CopyTo(commit);
        BinaryPrimitives.WriteUInt64LittleEndian(commit.AsSpan(8), (ulong)(image.Length + 32));
        BinaryPrimitives.WriteUInt64LittleEndian(commit.AsSpan(16), headerChecksum);
        BinaryPrimitives.WriteUInt64LittleEndian(commit.AsSpan(24), XxHash3.HashToUInt64(commit.AsSpan(0, 24)));
        w.Write(commit);
        w.Flush();
        return image.ToArray();
    }

    /// <summary>The parts of a valid image (as the real writer writes it).</summary>
    public static ImageParts Split(byte[] image)
    {
        ReadOnlySpan<byte> s = image;
        if (!s.StartsWith(Magic)) throw new ArgumentException("not an image", nameof(image));
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(s.Slice(8));
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(s.Slice(12));
        int at = 24;
        string writer = Text(s, ref at);
        string catalog = Text(s, ref at);
        string address = Text(s, ref at);
        long created = BinaryPrimitives.ReadInt64LittleEndian(s.Slice(at));
        at += 8;
        string successor = Text(s, ref at);
        ulong successorFingerprint = BinaryPrimitives.ReadUInt64LittleEndian(s.Slice(at));
        at += 8;
        var entries = new List<ImageEntry>();
        for (uint i = 0; i < count; i++)
        {
            int n = s[at++];
            string name = Encoding.ASCII.GetString(s.Slice(at, n));
            at += n;
            uint v = BinaryPrimitives.ReadUInt32LittleEndian(s.Slice(at));
            ulong shape = BinaryPrimitives.ReadUInt64LittleEndian(s.Slice(at + 4));
            long offset = (long)BinaryPrimitives.ReadUInt64LittleEndian(s.Slice(at + 12));
            int length = (int)BinaryPrimitives.ReadUInt64LittleEndian(s.Slice(at + 20));
            at += 36;
            entries.Add(new ImageEntry(name, v, shape, s.Slice((int)offset, length).ToArray()));
        }
        return new ImageParts(version, writer, catalog, address, created, successor, successorFingerprint, entries);
    }

    static string Text(ReadOnlySpan<byte> s, ref int at)
    {
        int n = (int)BinaryPrimitives.ReadUInt32LittleEndian(s.Slice(at));
        string text = Encoding.UTF8.GetString(s.Slice(at + 4, n));
        at += 4 + n;
        return text;
    }
}

/// <summary>The parts of an envelope (docs/wire-format.md), and envelopes built from them with the checksum right.</summary>
sealed record EnvelopeParts(byte EnvelopeVersion, string Name, uint Version, ulong Shape, byte[] Payload)
{
    public byte[] Build()
    {
        byte[] name = Encoding.ASCII.GetBytes(Name);
        var e = new byte[30 + name.Length + Payload.Length];
        "KHOE"u8.CopyTo(e);
        e[4] = EnvelopeVersion;
        e[5] = (byte)name.Length;
        name.CopyTo(e, 6);
        int at = 6 + name.Length;
        BinaryPrimitives.WriteUInt32LittleEndian(e.AsSpan(at), Version);
        BinaryPrimitives.WriteUInt64LittleEndian(e.AsSpan(at + 4), Shape);
        BinaryPrimitives.WriteInt32LittleEndian(e.AsSpan(at + 12), Payload.Length);
        Payload.CopyTo(e, at + 24);
        var hash = new XxHash3();
        hash.Append(e.AsSpan(0, at + 16));
        hash.Append(Payload);
        BinaryPrimitives.WriteUInt64LittleEndian(e.AsSpan(at + 16), hash.GetCurrentHashAsUInt64());
        return e;
    }

    /// <summary>The parts of a valid envelope.</summary>
    public static EnvelopeParts Split(byte[] envelope)
    {
        int n = envelope[5];
        int at = 6 + n;
        return new EnvelopeParts(envelope[4], Encoding.ASCII.GetString(envelope, 6, n),
            BinaryPrimitives.ReadUInt32LittleEndian(envelope.AsSpan(at)), BinaryPrimitives.ReadUInt64LittleEndian(envelope.AsSpan(at + 4)),
            envelope.AsSpan(at + 24).ToArray());
    }
}
