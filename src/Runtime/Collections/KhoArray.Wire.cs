using System;
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
            int n = leaf.Count;
            int i = 0;
            while (i < n)
            {
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
                ref byte at = ref MemoryMarshal.GetReference(writer.GetSpan(2 * KhoWriter.MaxVarUInt64Bytes + bytes));
                int written = 0;
                if (header)
                {
                    written = KhoWriter.EncodeVarUInt64(ref at, gap);
                    written += KhoWriter.EncodeVarUInt64(ref Unsafe.Add(ref at, written), (ulong)(runLeft - 1));
                }
                // A lone entry (sparse data's usual run) is one fixed-size store, not a call to memmove.
                if (piece == 1) Unsafe.WriteUnaligned(ref Unsafe.Add(ref at, written), leaf.Values[i]);
                else Unsafe.CopyBlockUnaligned(ref Unsafe.Add(ref at, written), ref Unsafe.As<T, byte>(ref leaf.Values[i]), (uint)bytes);
                writer.Advance(written + bytes);
                runLeft -= piece;
                i += piece;
                last = keys[i - 1];
            }
        }
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
