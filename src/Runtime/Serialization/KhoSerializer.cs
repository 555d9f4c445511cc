using System;
using System.Buffers;

namespace KhoGen;

/// <summary>
/// The bare layout of one format or data type, with no header: the building block of envelopes
/// and images. Generated code does the work; nothing here uses reflection.
/// </summary>
public static class KhoSerializer
{
    /// <summary>Writes the layout of <paramref name="value"/>.</summary>
    public static byte[] Serialize<T>(T value) where T : IKhoSerializable<T>
    {
        using PooledBuffer buffer = PooledBuffer.Rent();
        Serialize(value, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes the layout of <paramref name="value"/> into <paramref name="output"/>.</summary>
    public static void Serialize<T>(T value, IBufferWriter<byte> output) where T : IKhoSerializable<T>
    {
        if (value is null) throw new ArgumentNullException(nameof(value));
        var writer = new KhoWriter(output);
        T.KhoWrite(ref writer, value);
        writer.Flush();
    }

    /// <summary>Reads a layout written by <see cref="Serialize{T}(T)"/>; every byte must belong to it.</summary>
    /// <exception cref="KhoFormatException">The bytes are not a valid layout of <typeparamref name="T"/>.</exception>
    public static T Deserialize<T>(ReadOnlySpan<byte> bytes, KhoReadOptions? options = null) where T : IKhoSerializable<T>
    {
        var reader = new KhoReader(bytes, T.KhoName, options);
        T value = T.KhoRead(ref reader);
        reader.EnsureEnd();
        return value;
    }
}
