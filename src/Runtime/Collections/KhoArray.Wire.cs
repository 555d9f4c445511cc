using System;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace KhoGen;

public sealed partial class KhoArray<T>
{
    /// <summary>
    /// Writes the runs of docs/wire-format.md (the same bytes as <see cref="KhoSparseWriter{T}"/>)
    /// straight from the leaves, copying each leaf's piece of a run as one block. Only for element
    /// types whose memory is their wire form (<see cref="KhoSparse"/> checks): no user code runs, so
    /// the array cannot change during the walk.
    /// </summary>
    internal void WritePlainRuns(ref KhoWriter writer)
    {
        int size = Unsafe.SizeOf<T>();
        ulong last = 0;
        bool started = false;
        int runLeft = 0;
        for (Leaf? leaf = _count == 0 ? null : _first; leaf != null; leaf = leaf.Next)
        {
            ulong[] keys = leaf.Keys;
            T[] values = leaf.Values;
            int n = leaf.Count;
            PrefetchAhead(leaf);
            // One reservation for the whole leaf when its worst case is small (every entry a run of its
            // own: two varints and the value), else one per piece: no writer bookkeeping per entry.
            int worst = n * (2 * KhoWriter.MaxVarUInt64Bytes + size);
            bool perLeaf = worst <= 1 << 16;
            ref byte at = ref perLeaf ? ref MemoryMarshal.GetReference(writer.GetSpan(worst)) : ref Unsafe.NullRef<byte>();
            int offset = 0;
            int i = 0;
            while (i < n)
            {
                if (perLeaf && started && runLeft == 0)
                {
                    // Scattered data's usual case, a lone entry inside the leaf (its successor not adjacent),
                    // in a tight loop: the header in one store, the value in another. Native-width offsets
                    // (no sign extension), the gap's groups spread in one step (GroupSpread), and the
                    // header's length and continuation bits from one count of the spread word's zeros.
                    ref ulong k = ref MemoryMarshal.GetArrayDataReference(keys);
                    ref T v = ref MemoryMarshal.GetArrayDataReference(values);
                    nint o = offset;
                    nint j = i;
                    nint end = n - 1;
                    ulong previous = last;
                    for (; j < end; j++)
                    {
                        ulong key = Unsafe.Add(ref k, j);
                        ulong loneGap = key - previous - 2;
                        if (Unsafe.Add(ref k, j + 1) == unchecked(key + 1) || loneGap >= LoneGapLimit) break;
                        o += WriteLoneHeader(ref Unsafe.Add(ref at, o), loneGap);
                        Unsafe.WriteUnaligned(ref Unsafe.Add(ref at, o), Unsafe.Add(ref v, j));
                        o += size;
                        previous = key;
                    }
                    offset = (int)o;
                    i = (int)j;
                    last = previous;
                }
                bool header = runLeft == 0;
                ulong gap = 0;
                if (header)
                {
                    // The header carries the whole run's length, which may go on in the next leaves.
                    // Scattered data's usual case, a lone entry inside the leaf, without the call.
                    runLeft = i + 1 < n && keys[i + 1] != unchecked(keys[i] + 1) ? 1 : RunLength(leaf, i);
                    gap = started ? keys[i] - last - 2 : keys[i];
                    started = true;
                }
                int piece = Math.Min(runLeft, n - i);
                int bytes = piece * size;
                if (!perLeaf)
                {
                    at = ref MemoryMarshal.GetReference(writer.GetSpan(2 * KhoWriter.MaxVarUInt64Bytes + bytes));
                    offset = 0;
                }
                if (header)
                {
                    offset += KhoWriter.EncodeVarUInt64(ref Unsafe.Add(ref at, offset), gap);
                    offset += KhoWriter.EncodeVarUInt64(ref Unsafe.Add(ref at, offset), (ulong)(runLeft - 1));
                }
                // A lone entry (sparse data's usual run) is one fixed-size store, not a call to memmove.
                if (piece == 1) Unsafe.WriteUnaligned(ref Unsafe.Add(ref at, offset), values[i]);
                else Unsafe.CopyBlockUnaligned(ref Unsafe.Add(ref at, offset), ref Unsafe.As<T, byte>(ref values[i]), (uint)bytes);
                offset += bytes;
                if (!perLeaf) writer.Advance(offset);
                runLeft -= piece;
                i += piece;
                last = keys[i - 1];
            }
            if (perLeaf) writer.Advance(offset);
        }
    }

    // Gaps below 2^49 take at most 7 bytes, so the header of a lone entry fits one 8-byte store.
    const ulong LoneGapLimit = 1UL << 49;

    /// <summary>
    /// Writes the header of a run of one entry (the gap's varint, then 0 for the length less one) in one
    /// 8-byte store at <paramref name="at"/> (room for 20 bytes reserved) and returns its length. The
    /// gap's 7-bit groups are spread one a byte; the spread word's highest non-zero byte h (from its
    /// leading zeros, 8(7 − h) to 8(7 − h) + 7 of them) ends the varint, so the continuation bits are the
    /// seven of bytes 0 to 6 shifted right by 8(7 − h), and the length is h + 1. The byte after the last
    /// group is zero, which is the length's varint.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static nint WriteLoneHeader(ref byte at, ulong gap)
    {
        ulong spread = GroupSpread.Spread49(gap);
        int zeros = System.Numerics.BitOperations.LeadingZeroCount(spread | 1);
        ulong word = spread | (0x0080_8080_8080_8080UL >> (zeros & 56));
        Unsafe.WriteUnaligned(ref at, BitConverter.IsLittleEndian ? word : BinaryPrimitives.ReverseEndianness(word));
        return 9 - (zeros >> 3);
    }

    /// <summary>The most of each of the next leaf's arrays that <see cref="PrefetchAhead"/> asks for.</summary>
    const int PrefetchSpan = 4096;

    /// <summary>
    /// Asks the processor for the next leaf's keys and values, and for the leaf object after it, while
    /// this leaf is written. The leaves are separate objects: each one's first lines missed the caches
    /// (the profile's largest stall after the stores, docs/benchmarks.md, "Issue 16, sixth part").
    /// Addresses are read as numbers, not dereferenced, so nothing waits on the lines being fetched; a
    /// prefetch of an address the garbage collector has since moved only wastes the fetch.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe void PrefetchAhead(Leaf leaf)
    {
        if (!Sse.IsSupported) return;
        Leaf? next = leaf.Next;
        if (next is null) return;
        // The object after next was asked for one leaf ago, so reading its fields now does not wait.
        byte* after = (byte*)Unsafe.As<Leaf?, nint>(ref next.Next);
        if (after != null) Sse.Prefetch0(after);
        byte* keys = (byte*)Unsafe.As<ulong[], nint>(ref next.Keys);
        byte* values = (byte*)Unsafe.As<T[], nint>(ref next.Values);
        int count = next.Count;
        // From the array header on (the method table and length precede the elements), one line a step,
        // at most PrefetchSpan bytes an array: a whole leaf of small values (128 keys take 1 KiB, 128
        // values of 16 bytes 2 KiB), and only the start of large ones, whose sequential stream the
        // hardware prefetcher then follows, so the next leaf never crowds this one out of the L1 cache.
        int keyBytes = Math.Min(16 + count * sizeof(ulong), PrefetchSpan);
        int valueBytes = (int)Math.Min(16 + (long)count * Unsafe.SizeOf<T>(), PrefetchSpan);
        for (int o = 0; o < keyBytes; o += 64) Sse.Prefetch0(keys + o);
        for (int o = 0; o < valueBytes; o += 64) Sse.Prefetch0(values + o);
    }

    /// <summary>The number of adjacent indexes from entry <paramref name="i"/> of <paramref name="leaf"/> on, across leaves.</summary>
    static int RunLength(Leaf leaf, int i)
    {
        ulong at = leaf.Keys[i];
        int length = 1;
        int j = i + 1;
        for (Leaf? l = leaf; ; j++)
        {
            while (j == l.Count)
            {
                l = l.Next;
                if (l == null) return length;
                j = 0;
            }
            // Keys are sorted and distinct: at + 1 cannot wrap to a later key.
            if (l.Keys[j] != unchecked(at + 1)) return length;
            at++;
            length++;
        }
    }
}
