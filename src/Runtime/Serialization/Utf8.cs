using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using Transcode = System.Text.Unicode.Utf8;

namespace KhoGen;

/// <summary>Strict UTF-8: invalid bytes and unpaired surrogates throw instead of becoming U+FFFD.</summary>
static class Utf8
{
    public static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static int GetByteCount(string value)
    {
        try { return Strict.GetByteCount(value); }
        catch (EncoderFallbackException e) { throw Unpaired(e); }
    }

    /// <summary>
    /// Encodes <paramref name="value"/> into <paramref name="destination"/> (room for all of it) and returns
    /// the byte count. ASCII goes eight code units at a time, inline, and so do the few two- and
    /// three-byte code points of mostly-Latin text (a dash, an accent), after which the ASCII loop
    /// resumes; surrogates, and text with more than a few such code points, go to the transcoder from
    /// there. For the short strings of typical state, the encoding's layers and the transcoder's
    /// set-up cost more than the encoding itself.
    /// </summary>
    public static int GetBytes(string value, Span<byte> destination)
    {
        int n = value.Length, i = 0, o = 0, inline = 0;
        ref ushort from = ref Unsafe.As<char, ushort>(ref Unsafe.AsRef(in value.GetPinnableReference()));
        ref byte to = ref MemoryMarshal.GetReference(destination);
        while (true)
        {
            // Every code unit takes at least one byte, so eight ASCII bytes at o stay inside the encoding.
            if (Vector128.IsHardwareAccelerated)
            {
                for (; i + 8 <= n; i += 8, o += 8)
                {
                    Vector128<ushort> v = Vector128.LoadUnsafe(ref from, (nuint)i);
                    if ((v & Vector128.Create((ushort)0xFF80)) != Vector128<ushort>.Zero) break;
                    Unsafe.WriteUnaligned(ref Unsafe.Add(ref to, o), Vector128.Narrow(v, v).AsUInt64().ToScalar());
                }
            }
            for (; i < n; i++, o++)
            {
                ushort c = Unsafe.Add(ref from, i);
                if (c >= 0x80) break;
                Unsafe.Add(ref to, o) = (byte)c;
            }
            if (i == n) return o;
            ushort u = Unsafe.Add(ref from, i);
            if (++inline > 8 || (uint)(u - 0xD800) < 0x800) break;
            if (u < 0x800)
            {
                Unsafe.Add(ref to, o) = (byte)(0xC0 | (u >> 6));
                Unsafe.Add(ref to, o + 1) = (byte)(0x80 | (u & 0x3F));
                o += 2;
            }
            else
            {
                Unsafe.Add(ref to, o) = (byte)(0xE0 | (u >> 12));
                Unsafe.Add(ref to, o + 1) = (byte)(0x80 | ((u >> 6) & 0x3F));
                Unsafe.Add(ref to, o + 2) = (byte)(0x80 | (u & 0x3F));
                o += 3;
            }
            i++;
        }
        if (Transcode.FromUtf16(value.AsSpan(i), destination.Slice(o), out _, out int written, replaceInvalidSequences: false) != OperationStatus.Done)
            throw Unpaired(null);
        return o + written;
    }

    static ArgumentException Unpaired(EncoderFallbackException? e) =>
        new("The string holds an unpaired UTF-16 surrogate, which UTF-8 cannot carry: it would not survive the round trip.", e);

    /// <summary>
    /// The string of <paramref name="bytes"/>, or null when they are not valid UTF-8. One validating
    /// transcode into a string allocated at its final length: the length comes from a cheap count of
    /// the bytes that start or continue a sequence (right for valid UTF-8; for anything else the
    /// transcoder refuses the bytes, or the count it produces differs, and the result is null).
    /// </summary>
    public static string? Decode(ReadOnlySpan<byte> bytes)
    {
        int n = bytes.Length;
        if (n == 0) return string.Empty;
        bool ascii;
        int chars = n >= 16 && Vector128.IsHardwareAccelerated ? CountBlocks(bytes, out ascii) : CountWords(bytes, out ascii);
        // Valid UTF-8 has between one code unit a byte (ASCII) and one per three bytes.
        if ((uint)(chars - 1) >= (uint)n) return null;
        string text = new('\0', chars);
        Span<char> to = MemoryMarshal.CreateSpan(ref Unsafe.AsRef(in text.GetPinnableReference()), chars);
        if (ascii)
        {
            Ascii.ToUtf16(bytes, to, out _);
            return text;
        }
        // As many code units as bytes, yet not ASCII: not UTF-8.
        if (chars == n) return null;
        OperationStatus status = Transcode.ToUtf16(bytes, to, out _, out int written, replaceInvalidSequences: false);
        return status == OperationStatus.Done && written == chars ? text : null;
    }

    // The UTF-16 length of valid UTF-8 is its byte count, less one for each continuation byte
    // (10xxxxxx), plus one for each lead byte of a four-byte sequence (11110xxx, whose code point takes
    // a surrogate pair). Nothing is validated here. Both counts below read whole blocks only: the last
    // block overlaps the one before it and the bytes counted already are masked off, so a short string
    // costs one or two blocks and no byte-by-byte tail (which cost as much as the transcode itself).
    // Both are inlined into Decode: one call a string fewer.

    /// <summary>The UTF-16 length of 16 bytes or more, sixteen at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static int CountBlocks(ReadOnlySpan<byte> bytes, out bool ascii)
    {
        ref byte at = ref MemoryMarshal.GetReference(bytes);
        int n = bytes.Length, adjust = 0, i = 0;
        uint high = 0;
        Vector128<sbyte> continuation = Vector128.Create((sbyte)-64), fourByteLead = Vector128.Create((sbyte)-17);
        while (true)
        {
            int skip = 0;
            if (i + 16 > n) { skip = i + 16 - n; i = n - 16; }
            Vector128<sbyte> v = Vector128.LoadUnsafe(ref at, (nuint)i).AsSByte();
            // As signed bytes: continuation bytes are -128..-65; four-byte (and invalid) leads -16..-1.
            uint negative = Vector128.LessThan(v, Vector128<sbyte>.Zero).ExtractMostSignificantBits() >> skip << skip;
            if (negative != 0)
            {
                high |= negative;
                adjust += BitOperations.PopCount(Vector128.LessThan(v, continuation).ExtractMostSignificantBits() & negative)
                    - BitOperations.PopCount(Vector128.GreaterThan(v, fourByteLead).ExtractMostSignificantBits() & negative);
            }
            if (i + 16 >= n) break;
            i += 16;
        }
        ascii = high == 0;
        return n - adjust;
    }

    /// <summary>The UTF-16 length of fewer than 16 bytes (or any, without vectors): eight at a time, the last word overlapping.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static int CountWords(ReadOnlySpan<byte> bytes, out bool ascii)
    {
        ref byte at = ref MemoryMarshal.GetReference(bytes);
        int n = bytes.Length, adjust = 0, i = 0;
        ulong high = 0;
        if (n >= 8)
        {
            while (true)
            {
                int skip = 0;
                if (i + 8 > n) { skip = i + 8 - n; i = n - 8; }
                // Little-endian: the bytes counted already are the word's low ones.
                ulong w = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref at, i));
                if (!BitConverter.IsLittleEndian) w = BinaryPrimitives.ReverseEndianness(w);
                w = skip == 0 ? w : w >> (8 * skip) << (8 * skip);
                high |= w & 0x8080_8080_8080_8080UL;
                adjust += AdjustOf(w);
                if (i + 8 >= n) break;
                i += 8;
            }
        }
        else
        {
            for (; i < n; i++)
            {
                sbyte b = (sbyte)Unsafe.Add(ref at, i);
                high |= (byte)b & 0x80UL;
                if (b < -64) adjust++;
                else if (b < 0 && b > -17) adjust--;
            }
        }
        ascii = high == 0;
        return n - adjust;
    }

    /// <summary>Continuation bytes less four-byte leads in one word: bit 7 of each byte is set for 10xxxxxx, and for 1111xxxx.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static int AdjustOf(ulong w) =>
        BitOperations.PopCount(w & ~(w << 1) & 0x8080_8080_8080_8080UL)
        - BitOperations.PopCount(w & (w << 1) & (w << 2) & (w << 3) & 0x8080_8080_8080_8080UL);
}
