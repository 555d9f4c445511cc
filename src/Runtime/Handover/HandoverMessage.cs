using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace KhoGen.Handover;

/// <summary>The messages of the handover protocol, version 1 (docs/live-update.md#the-handover-socket).</summary>
enum HandoverMessageType : ushort
{
    /// <summary>Successor to running build: its identity, address and catalog. No descriptors.</summary>
    Hello = 1,
    /// <summary>Running build to successor: the image length; descriptor 0 is the sealed memfd, any others are named in the body.</summary>
    Image = 2,
    /// <summary>Successor to running build: 0 = retrieved, the point of no return; 1 = refused, with why.</summary>
    Ack = 3,
    /// <summary>Running build to successor: the handover is refused (negotiation, preserve or freeze failed), with why.</summary>
    Refused = 4,
}

/// <summary>
/// One message: a 16-byte frame header ("KHOH", u16 protocol version, u16 type, u32 body length,
/// u32 descriptor count), the body, and the descriptors passed with SCM_RIGHTS alongside the header.
/// The body is a sequence of fields (u32-prefixed UTF-8 texts, u8, u64), read in order.
/// </summary>
sealed class HandoverMessage
{
    public const ushort ProtocolVersion = 1;
    public const int FrameHeader = 16;
    public const int MaxBody = 64 << 20;
    public const int MaxDescriptors = 16;
    public static ReadOnlySpan<byte> Magic => "KHOH"u8;

    public HandoverMessage(HandoverMessageType type, byte[] body, IReadOnlyList<int>? descriptors = null)
    {
        Type = type;
        Body = body;
        Descriptors = descriptors ?? Array.Empty<int>();
    }

    public HandoverMessageType Type { get; }
    public byte[] Body { get; }

    /// <summary>Received descriptors are owned by the message's receiver until taken.</summary>
    public IReadOnlyList<int> Descriptors { get; }

    public static HandoverMessage Hello(string identity, string address, string catalogJson) =>
        new(HandoverMessageType.Hello, new Fields().Text(identity).Text(address).Text(catalogJson).ToArray());

    /// <summary>The image: descriptor 0 is the sealed memfd; the listening sockets follow, named in the body in the same order.</summary>
    /// <remarks>
    /// The last field, when the running build stopped accepting (CLOCK_MONOTONIC µs, 0 without
    /// listeners), was added within version 1: a reader that does not know it ignores it, and one
    /// that does reads 0 when it is absent.
    /// <para>
    /// The region memfds (docs/regions.md) follow the listening sockets; their count is the field
    /// after that, also added within version 1. A reader that does not know it sees more
    /// descriptors than listener names and refuses the image, so a build without regions never
    /// takes a state whose regions it would drop.
    /// </para>
    /// </remarks>
    public static HandoverMessage Image(long length, int memfd, IReadOnlyList<(string Name, int Fd)> listeners, long stoppedAcceptingAt,
        IReadOnlyList<int>? regions = null)
    {
        var fields = new Fields().U64((ulong)length).U32((uint)listeners.Count);
        var fds = new List<int> { memfd };
        foreach (var (name, fd) in listeners)
        {
            fields.Text(name);
            fds.Add(fd);
        }
        fields.U64((ulong)stoppedAcceptingAt);
        if (regions is { Count: > 0 })
        {
            fields.U32((uint)regions.Count);
            fds.AddRange(regions);
        }
        return new(HandoverMessageType.Image, fields.ToArray(), fds);
    }

    public static HandoverMessage Ack(bool retrieved, string message) =>
        new(HandoverMessageType.Ack, new Fields().U8(retrieved ? (byte)0 : (byte)1).Text(message).ToArray());

    public static HandoverMessage Refusal(string why) => new(HandoverMessageType.Refused, new Fields().Text(why).ToArray());

    public void WriteFrameHeader(Span<byte> into)
    {
        Magic.CopyTo(into);
        BinaryPrimitives.WriteUInt16LittleEndian(into.Slice(4), ProtocolVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(into.Slice(6), (ushort)Type);
        BinaryPrimitives.WriteUInt32LittleEndian(into.Slice(8), (uint)Body.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(into.Slice(12), (uint)Descriptors.Count);
    }

    /// <summary>Reads a frame header: the type, body length and descriptor count, or why it is not one.</summary>
    public static (HandoverMessageType Type, int BodyLength, int Descriptors) ReadFrameHeader(ReadOnlySpan<byte> header)
    {
        if (!header.Slice(0, 4).SequenceEqual(Magic)) throw new InvalidDataException("handover: the peer does not speak the KhoGen handover protocol (no KHOH magic)");
        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(header.Slice(4));
        if (version != ProtocolVersion) throw new InvalidDataException($"handover: protocol version {version}; this build speaks version {ProtocolVersion}");
        var type = (HandoverMessageType)BinaryPrimitives.ReadUInt16LittleEndian(header.Slice(6));
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(header.Slice(8));
        uint fds = BinaryPrimitives.ReadUInt32LittleEndian(header.Slice(12));
        if (length > MaxBody) throw new InvalidDataException($"handover: a {type} message of {length} bytes is over the limit of {MaxBody}");
        if (fds > MaxDescriptors) throw new InvalidDataException($"handover: a {type} message with {fds} descriptors is over the limit of {MaxDescriptors}");
        return (type, (int)length, (int)fds);
    }

    /// <summary>Reads the body's fields in order.</summary>
    public Reader Read() => new(Body, Type);

    public sealed class Fields
    {
        readonly MemoryStream _bytes = new();
        public Fields Text(string s)
        {
            byte[] b = Encoding.UTF8.GetBytes(s);
            return U32((uint)b.Length).Raw(b);
        }
        public Fields U8(byte v) => Raw(new[] { v });
        public Fields U32(uint v) { Span<byte> b = stackalloc byte[4]; BinaryPrimitives.WriteUInt32LittleEndian(b, v); return Raw(b); }
        public Fields U64(ulong v) { Span<byte> b = stackalloc byte[8]; BinaryPrimitives.WriteUInt64LittleEndian(b, v); return Raw(b); }
        Fields Raw(ReadOnlySpan<byte> b) { _bytes.Write(b); return this; }
        public byte[] ToArray() => _bytes.ToArray();
    }

    public sealed class Reader
    {
        readonly byte[] _body;
        readonly HandoverMessageType _type;
        int _at;
        public Reader(byte[] body, HandoverMessageType type) { _body = body; _type = type; }

        ReadOnlySpan<byte> Take(int n, string what)
        {
            if (n < 0 || _at + n > _body.Length) throw new InvalidDataException($"handover: the {_type} message ends inside its {what}");
            var s = _body.AsSpan(_at, n);
            _at += n;
            return s;
        }
        /// <summary>Whether every field was read (a later field added within the version may be absent).</summary>
        public bool AtEnd => _at == _body.Length;
        public byte U8(string what) => Take(1, what)[0];
        public uint U32(string what) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, what));
        public ulong U64(string what) => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, what));
        public string Text(string what)
        {
            uint n = U32(what);
            try { return Utf8.Strict.GetString(Take(n > int.MaxValue ? -1 : (int)n, what)); }
            catch (DecoderFallbackException) { throw new InvalidDataException($"handover: the {what} of the {_type} message is not UTF-8"); }
        }
    }
}
