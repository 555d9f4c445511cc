using System;
using System.Buffers;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace KhoGen;

/// <summary>
/// Marks a <c>[KhoData]</c> struct whose layout is only integers, floating-point numbers and chars:
/// members with no value to check, so its wire form can be its memory form. Implemented by the
/// generator; whether the memory form really is the wire form is proven at run time by
/// <see cref="KhoPlainLayout{T}"/> before any bulk copy.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IKhoPlainLayout
{
}

/// <summary>
/// Whether sequences of <typeparamref name="T"/> may be copied as one block: proven once per type,
/// then a constant the JIT folds away.
/// </summary>
/// <remarks>
/// The proof: the machine is little-endian; <typeparamref name="T"/> is a struct the generator marked
/// <see cref="IKhoPlainLayout"/> (no member needs checking on read); it holds no references; its size
/// (<see cref="Unsafe.SizeOf{T}"/>, padding included) equals its wire size; and for three byte
/// patterns that tell every byte position apart, reading the pattern with the generated reader gives
/// a value whose memory is the pattern, and writing that value with the generated writer gives the
/// pattern back. So every member lies at its wire offset, in wire byte order, with nothing around it:
/// the struct's bytes are its layout. Anything else (auto layout, padding, a reordering, a member
/// that changes its value) fails the proof and the generated code goes element by element.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class KhoPlainLayout<T> where T : IKhoSerializable<T>
{
    /// <summary>True when a <typeparamref name="T"/>'s memory is exactly its wire form.</summary>
    public static readonly bool IsWireForm = Prove();

    static bool Prove()
    {
        if (!BitConverter.IsLittleEndian || !typeof(T).IsValueType || RuntimeHelpers.IsReferenceOrContainsReferences<T>()) return false;
        if (!typeof(IKhoPlainLayout).IsAssignableFrom(typeof(T))) return false;
        int size = Unsafe.SizeOf<T>();
        if (size != T.KhoMinSize || size > ushort.MaxValue) return false;
        var pattern = new byte[size];
        var output = new ArrayBufferWriter<byte>(size);
        for (int p = 0; p < 3; p++)
        {
            for (int k = 0; k < size; k++)
                pattern[k] = p switch { 0 => (byte)(k + 1), 1 => (byte)((k >> 8) + 1), _ => (byte)~(k + 1) };
            T value;
            try
            {
                var reader = new KhoReader(pattern, T.KhoName);
                value = T.KhoRead(ref reader);
                if (reader.Remaining != 0) return false;
            }
            catch (KhoFormatException)
            {
                return false;
            }
            if (!MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<T, byte>(ref value), size).SequenceEqual(pattern)) return false;
            output.ResetWrittenCount();
            var writer = new KhoWriter(output);
            T.KhoWrite(ref writer, value);
            writer.Flush();
            if (!output.WrittenSpan.SequenceEqual(pattern)) return false;
        }
        return true;
    }
}
