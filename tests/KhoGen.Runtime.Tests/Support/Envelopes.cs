using System;
using System.Buffers.Binary;
using System.IO.Hashing;

namespace KhoGen.Runtime.Tests.Support;

/// <summary>Takes envelopes apart and reseals forged ones (docs/wire-format.md, "Envelope").</summary>
static class Envelopes
{
    /// <summary>The offset of the payload: magic, envelope version, name length, name, version, shape, length, checksum.</summary>
    public static int PayloadOffset(byte[] envelope) => 6 + envelope[5] + 4 + 8 + 4 + 8;

    public static byte[] Payload(byte[] envelope) => envelope.AsSpan(PayloadOffset(envelope)).ToArray();

    /// <summary>A valid envelope with the header of <paramref name="envelope"/> around another payload: length and checksum recomputed.</summary>
    public static byte[] Reseal(byte[] envelope, ReadOnlySpan<byte> payload)
    {
        int header = PayloadOffset(envelope);
        var result = new byte[header + payload.Length];
        envelope.AsSpan(0, header).CopyTo(result);
        payload.CopyTo(result.AsSpan(header));
        int at = 6 + envelope[5];
        BinaryPrimitives.WriteInt32LittleEndian(result.AsSpan(at + 12), payload.Length);
        var hash = new XxHash3();
        hash.Append(result.AsSpan(0, at + 16));
        hash.Append(payload);
        BinaryPrimitives.WriteUInt64LittleEndian(result.AsSpan(at + 16), hash.GetCurrentHashAsUInt64());
        return result;
    }
}
