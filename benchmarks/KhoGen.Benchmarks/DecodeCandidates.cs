using System;
using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using Transcode = System.Text.Unicode.Utf8;

namespace KhoGen.Benchmarks;

/// <summary>Ways to decode strict UTF-8 into a string, for <c>--probe-graph strings</c>: measured side by side before one goes into the runtime.</summary>
static class DecodeCandidates
{
    /// <summary>An ASCII check, then a widening copy; else a transcode into a stack buffer and one copy into the string.</summary>
    public static string? StackTranscode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) return string.Empty;
        if (Ascii.IsValid(bytes))
        {
            string s = new('\0', bytes.Length);
            Ascii.ToUtf16(bytes, MemoryMarshal.CreateSpan(ref Unsafe.AsRef(in s.GetPinnableReference()), s.Length), out _);
            return s;
        }
        if (bytes.Length > 256) return null;
        Span<char> buffer = stackalloc char[256];
        if (Transcode.ToUtf16(bytes, buffer, out _, out int written, replaceInvalidSequences: false) != OperationStatus.Done) return null;
        return new string(buffer.Slice(0, written));
    }

    /// <summary>The count with whole vector blocks only: the last block overlaps the one before (strings of 16 bytes and more).</summary>
    public static string? OverlapCount(ReadOnlySpan<byte> bytes)
    {
        int n = bytes.Length;
        if (n == 0) return string.Empty;
        int chars;
        bool ascii;
        if (n >= 16) chars = CountLong(bytes, out ascii);
        else chars = CountShort(bytes, out ascii);
        if ((uint)(chars - 1) >= (uint)n) return null;
        string text = new('\0', chars);
        Span<char> to = MemoryMarshal.CreateSpan(ref Unsafe.AsRef(in text.GetPinnableReference()), chars);
        if (ascii)
        {
            Ascii.ToUtf16(bytes, to, out _);
            return text;
        }
        if (chars == n) return null;
        OperationStatus status = Transcode.ToUtf16(bytes, to, out _, out int written, replaceInvalidSequences: false);
        return status == OperationStatus.Done && written == chars ? text : null;
    }

    static int CountLong(ReadOnlySpan<byte> bytes, out bool ascii)
    {
        ref byte at = ref MemoryMarshal.GetReference(bytes);
        int n = bytes.Length, adjust = 0;
        uint high = 0;
        Vector128<sbyte> continuation = Vector128.Create((sbyte)-64), fourByteLead = Vector128.Create((sbyte)-17);
        int i = 0;
        for (; ; i += 16)
        {
            uint skip = 0;
            if (i + 16 > n) { skip = (uint)(i + 16 - n); i = n - 16; }
            Vector128<sbyte> v = Vector128.LoadUnsafe(ref at, (nuint)i).AsSByte();
            uint negative = Vector128.LessThan(v, Vector128<sbyte>.Zero).ExtractMostSignificantBits() >> (int)skip << (int)skip;
            if (negative != 0)
            {
                high |= negative;
                adjust += BitOperations.PopCount(Vector128.LessThan(v, continuation).ExtractMostSignificantBits() & negative)
                    - BitOperations.PopCount(Vector128.GreaterThan(v, fourByteLead).ExtractMostSignificantBits() & negative);
            }
            if (i + 16 >= n) break;
        }
        ascii = high == 0;
        return n - adjust;
    }

    static int CountShort(ReadOnlySpan<byte> bytes, out bool ascii)
    {
        ref byte at = ref MemoryMarshal.GetReference(bytes);
        int n = bytes.Length, adjust = 0;
        ulong high = 0;
        if (n >= 8)
        {
            // Two words, the second overlapping the first: the overlap is shifted out of the second.
            ulong a = Unsafe.ReadUnaligned<ulong>(ref at);
            ulong b = n == 8 ? 0 : Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref at, n - 8)) >> (8 * (16 - n)) << (8 * (16 - n));
            adjust = Adjust(a) + Adjust(b);
            high = (a | b) & 0x8080_8080_8080_8080UL;
        }
        else
        {
            for (int i = 0; i < n; i++)
            {
                sbyte c = (sbyte)Unsafe.Add(ref at, i);
                high |= (byte)c & 0x80UL;
                if (c < -64) adjust++;
                else if (c < 0 && c > -17) adjust--;
            }
        }
        ascii = high == 0;
        return n - adjust;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static int Adjust(ulong w) =>
        BitOperations.PopCount(w & ~(w << 1) & 0x8080_8080_8080_8080UL)
        - BitOperations.PopCount(w & (w << 1) & (w << 2) & (w << 3) & 0x8080_8080_8080_8080UL);
}
