using System;
using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace KhoGen;

/// <summary>
/// A self-describing blob: a small header (format, version, layout shape, length, checksum) and the
/// version's layout. Readers accept only what they can read and refuse the rest with a
/// <see cref="KhoFormatException"/> that says what was found and what this build reads.
/// The header is described in docs/wire-format.md.
/// </summary>
public static class KhoEnvelope
{
    static ReadOnlySpan<byte> Magic => "KHOE"u8;
    const byte EnvelopeVersion = 1;

    /// <summary>
    /// Writes <paramref name="value"/> as the highest version this type can write that is enabled
    /// for writing (<see cref="KhoRegistry.SetWriteEnabled"/>): normally its own version.
    /// </summary>
    public static byte[] Serialize<T>(T value) where T : IKhoFormat<T> => Serialize(value, DefaultVersion<T>());

    /// <summary>Writes <paramref name="value"/> as <paramref name="version"/>, through the downgrade chain.</summary>
    /// <exception cref="InvalidOperationException">This build cannot write that version, or writing it is switched off.</exception>
    public static byte[] Serialize<T>(T value, int version) where T : IKhoFormat<T>
    {
        using PooledBuffer buffer = PooledBuffer.Rent();
        Serialize(value, buffer, version);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes <paramref name="value"/> as <paramref name="version"/> into <paramref name="output"/>.</summary>
    public static void Serialize<T>(T value, IBufferWriter<byte> output, int version) where T : IKhoFormat<T>
    {
        if (value is null) throw new ArgumentNullException(nameof(value));
        string id = FormatNames.Id(T.KhoFormatName, version);
        if (!T.KhoWritableVersions.Contains(version))
            throw new InvalidOperationException($"{typeof(T).Name} cannot write {id}: it writes {Ids(T.KhoFormatName, T.KhoWritableVersions)}.");
        if (!KhoRegistry.IsWriteEnabled(id))
            throw new InvalidOperationException($"Writing {id} is switched off (KhoRegistry.SetWriteEnabled).");

        using PooledBuffer payload = PooledBuffer.Rent();
        var writer = new KhoWriter(payload);
        T.KhoWriteVersion(ref writer, value, version);
        writer.Flush();

        int nameLength = Encoding.ASCII.GetByteCount(T.KhoFormatName);
        int headerLength = HeaderLength(nameLength);
        Span<byte> header = output.GetSpan(headerLength).Slice(0, headerLength);
        Magic.CopyTo(header);
        header[4] = EnvelopeVersion;
        header[5] = (byte)nameLength;
        Encoding.ASCII.GetBytes(T.KhoFormatName, header.Slice(6));
        int at = 6 + nameLength;
        BinaryPrimitives.WriteUInt32LittleEndian(header.Slice(at), (uint)version);
        BinaryPrimitives.WriteUInt64LittleEndian(header.Slice(at + 4), T.KhoShapeOf(version));
        BinaryPrimitives.WriteInt32LittleEndian(header.Slice(at + 12), payload.WrittenSpan.Length);
        var hash = new XxHash3();
        hash.Append(header.Slice(0, at + 16));
        hash.Append(payload.WrittenSpan);
        BinaryPrimitives.WriteUInt64LittleEndian(header.Slice(at + 16), hash.GetCurrentHashAsUInt64());
        output.Advance(headerLength);
        output.Write(payload.WrittenSpan);
    }

    static int HeaderLength(int nameLength) => 6 + nameLength + 4 + 8 + 4 + 8;

    /// <summary>The format and version of an envelope, from its header alone (the checksum is not verified).</summary>
    /// <exception cref="KhoFormatException">The header is not a KhoGen envelope header.</exception>
    public static (string Format, int Version) Peek(ReadOnlySpan<byte> envelope)
    {
        Header h = ReadHeader(envelope);
        return (h.Format, h.Version);
    }

    /// <summary>
    /// Reads an envelope of any version <typeparamref name="T"/> can read, upgraded to <typeparamref name="T"/>.
    /// </summary>
    /// <exception cref="KhoFormatException">
    /// The envelope is malformed or corrupt, or holds a format or version this build cannot read.
    /// </exception>
    public static T Deserialize<T>(ReadOnlySpan<byte> envelope, KhoReadOptions? options = null) where T : IKhoFormat<T>
    {
        Header h = ReadHeader(envelope);
        string id = FormatNames.Id(h.Format, h.Version);
        if (h.Format != T.KhoFormatName)
            throw new KhoFormatException($"the envelope holds format '{h.Format}' ({id}); {typeof(T).Name} reads {Ids(T.KhoFormatName, T.KhoReadableVersions)}", id, 0);
        if (!T.KhoReadableVersions.Contains(h.Version))
            throw new KhoFormatException($"this build cannot read {id}: it reads {Ids(T.KhoFormatName, T.KhoReadableVersions)}", id, 0);
        if (h.Shape != T.KhoShapeOf(h.Version))
            throw new KhoFormatException($"the layout of {id} in the envelope differs from this build's {id}: the writing build changed a shipped layout without a new version", id, 0);
        ReadOnlySpan<byte> payload = envelope.Slice(h.PayloadOffset);
        var hash = new XxHash3();
        hash.Append(envelope.Slice(0, h.PayloadOffset - 8));
        hash.Append(payload);
        if (hash.GetCurrentHashAsUInt64() != h.Checksum)
            throw new KhoFormatException("checksum mismatch: the envelope is corrupt", id, h.PayloadOffset - 8);
        var reader = new KhoReader(payload, id, options, h.PayloadOffset);
        T value = T.KhoReadVersion(ref reader, h.Version);
        reader.EnsureEnd();
        return value;
    }

    readonly record struct Header(string Format, int Version, ulong Shape, int PayloadOffset, ulong Checksum);

    static Header ReadHeader(ReadOnlySpan<byte> e)
    {
        if (e.Length < 6 || !e.Slice(0, 4).SequenceEqual(Magic))
            throw new KhoFormatException("not a KhoGen envelope (no KHOE magic)", null, 0);
        if (e[4] != EnvelopeVersion)
            throw new KhoFormatException($"unknown envelope version {e[4]}; this build reads version {EnvelopeVersion}", null, 4);
        int n = e[5];
        int headerLength = HeaderLength(n);
        if (e.Length < headerLength)
            throw new KhoFormatException($"truncated envelope header: {headerLength} bytes needed, {e.Length} present", null, e.Length);
        ReadOnlySpan<byte> nameBytes = e.Slice(6, n);
        foreach (byte b in nameBytes)
            if (b < 0x20 || b > 0x7E) throw new KhoFormatException("the format name in the envelope is not ASCII", null, 6);
        string name = Encoding.ASCII.GetString(nameBytes);
        int at = 6 + n;
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(e.Slice(at));
        if (version < 1 || version > int.MaxValue || FormatNames.Validate(name, (int)version) is string why)
            throw new KhoFormatException($"invalid format id in the envelope ('{name}', version {version})", null, 6);
        int length = BinaryPrimitives.ReadInt32LittleEndian(e.Slice(at + 12));
        string id = FormatNames.Id(name, (int)version);
        if (length < 0 || length != e.Length - headerLength)
            throw new KhoFormatException($"the envelope says its payload has {length} bytes, but {e.Length - headerLength} follow the header", id, at + 12);
        return new Header(name, (int)version, BinaryPrimitives.ReadUInt64LittleEndian(e.Slice(at + 4)), headerLength,
            BinaryPrimitives.ReadUInt64LittleEndian(e.Slice(at + 16)));
    }

    static int DefaultVersion<T>() where T : IKhoFormat<T>
    {
        foreach (int v in T.KhoWritableVersions)
            if (KhoRegistry.IsWriteEnabled(FormatNames.Id(T.KhoFormatName, v))) return v;
        throw new InvalidOperationException($"Every version {typeof(T).Name} can write ({Ids(T.KhoFormatName, T.KhoWritableVersions)}) is switched off for writing.");
    }

    internal static string Ids(string format, ReadOnlySpan<int> versions)
    {
        if (versions.IsEmpty) return "no version";
        var sb = new StringBuilder();
        foreach (int v in versions)
        {
            if (sb.Length > 0) sb.Append(", ");
            sb.Append(FormatNames.Id(format, v));
        }
        return sb.ToString();
    }
}
