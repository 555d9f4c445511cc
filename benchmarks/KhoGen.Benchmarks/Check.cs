using System;
using System.Buffers;
using MemoryPack;
using MessagePack;

namespace KhoGen.Benchmarks;

/// <summary>Setup checks: every contender must read back what it wrote, or its numbers mean nothing.</summary>
static class Check
{
    /// <summary>The KhoGen layout of <paramref name="value"/>: a canonical form to compare values read by any contender.</summary>
    public static byte[] Canonical<T>(T value) where T : IKhoSerializable<T> => KhoSerializer.Serialize(value);

    public static void Same<T>(T expected, T actual, string who) where T : IKhoSerializable<T>
    {
        if (!Canonical(expected).AsSpan().SequenceEqual(Canonical(actual)))
            throw new InvalidOperationException($"{who} did not read back the value it wrote ({typeof(T).Name}).");
    }

    public static byte[] KhoGen<T>(T value) where T : IKhoSerializable<T>
    {
        byte[] bytes = KhoSerializer.Serialize(value);
        Same(value, KhoSerializer.Deserialize<T>(bytes), "KhoGen");
        return bytes;
    }

    public static byte[] MemoryPack<T>(T value) where T : IKhoSerializable<T>
    {
        byte[] bytes = MemoryPackSerializer.Serialize(value);
        Same(value, MemoryPackSerializer.Deserialize<T>(bytes)!, "MemoryPack");
        return bytes;
    }

    public static byte[] MessagePack<T>(T value) where T : IKhoSerializable<T>
    {
        byte[] bytes = MessagePackSerializer.Serialize(value);
        Same(value, MessagePackSerializer.Deserialize<T>(bytes), "MessagePack");
        return bytes;
    }

    public static byte[] Protobuf<T>(T value) where T : IKhoSerializable<T>
    {
        var buffer = new ArrayBufferWriter<byte>();
        ProtoBuf.Serializer.Serialize(buffer, value);
        byte[] bytes = buffer.WrittenSpan.ToArray();
        Same(value, ProtoBuf.Serializer.Deserialize<T>(new ReadOnlySpan<byte>(bytes)), "protobuf-net");
        return bytes;
    }
}
