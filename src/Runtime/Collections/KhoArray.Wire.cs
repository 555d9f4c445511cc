using System;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
                    // in a tight loop: the header in one store, the value in another.
                    ref ulong k = ref MemoryMarshal.GetArrayDataReference(keys);
                    ref T v = ref MemoryMarshal.GetArrayDataReference(values);
                    while (i + 1 < n)
                    {
                        ulong key = Unsafe.Add(ref k, i);
                        ulong loneGap = key - last - 2;
                        if (Unsafe.Add(ref k, i + 1) == unchecked(key + 1) || loneGap >= LoneGapLimit) break;
                        offset += WriteLoneHeader(ref Unsafe.Add(ref at, offset), loneGap);
                        Unsafe.WriteUnaligned(ref Unsafe.Add(ref at, offset), Unsafe.Add(ref v, i));
                        offset += size;
                        last = key;
                        i++;
                    }
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
    /// gap's 7-bit groups are spread one a byte, continuation bits set below the last; the byte after
    /// the last group is zero, which is the length's varint.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static int WriteLoneHeader(ref byte at, ulong gap)
    {
        int length = (70 - System.Numerics.BitOperations.LeadingZeroCount(gap | 1)) / 7;
        ulong spread = (gap & 0x7F) | ((gap << 1) & 0x7F00) | ((gap << 2) & 0x7F_0000) | ((gap << 3) & 0x7F00_0000)
            | ((gap << 4) & 0x7F_0000_0000) | ((gap << 5) & 0x7F00_0000_0000) | ((gap << 6) & 0x7F_0000_0000_0000);
        ulong continuation = 0x0080_8080_8080_8080UL & ((1UL << (8 * (length - 1))) - 1);
        Unsafe.WriteUnaligned(ref at, BitConverter.IsLittleEndian ? spread | continuation : BinaryPrimitives.ReverseEndianness(spread | continuation));
        return length + 1;
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
