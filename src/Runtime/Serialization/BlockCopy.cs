using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace KhoGen;

/// <summary>
/// The one block copy of the bulk paths (plain struct and primitive sequences, byte buffers): a
/// plain copy for small blocks, and for blocks far larger than the caches a copy whose stores bypass
/// them (non-temporal stores).
/// </summary>
/// <remarks>
/// An ordinary copy of a block larger than the caches reads every destination line before it writes
/// it (the store's read for ownership) and later writes it back: three passes over memory where two
/// would do. .NET's copy hands large blocks to the C library's <c>memmove</c>, which switches to
/// non-temporal stores only from a fraction of the whole last-level cache — on a server, hundreds of
/// MiB — so a 24 MB block was copied with ordinary stores (docs/benchmarks.md, "Issue 16: 1M
/// structs"). The price of streaming is that the destination is not left in the cache, which for a
/// block of this size it would mostly not be anyway.
/// </remarks>
static class BlockCopy
{
    /// <summary>
    /// From this size on, stores stream past the caches: above the share of last-level cache a core
    /// can count on (a few MiB) on current processors, so smaller blocks keep the cache's help.
    /// </summary>
    internal const int StreamingThreshold = 8 << 20;

    /// <summary>Copies <paramref name="source"/> into the start of <paramref name="destination"/>, which must be at least as long.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Copy(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (source.Length >= StreamingThreshold && Avx.IsSupported && !source.Overlaps(destination)) Stream(source, destination);
        else source.CopyTo(destination);
    }

    /// <summary>The streaming copy, for any length and alignment (tests call it directly on small blocks).</summary>
    internal static unsafe void Stream(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (destination.Length < source.Length) throw new ArgumentException("The destination is shorter than the source.", nameof(destination));
        fixed (byte* from = source)
        fixed (byte* to = destination)
        {
            byte* s = from, d = to;
            nuint left = (nuint)source.Length;
            // Ordinary stores up to the destination's first 32-byte boundary (aligned stores need it).
            nuint head = Math.Min((nuint)(-(nint)d & 31), left);
            Buffer.MemoryCopy(s, d, head, head);
            s += head; d += head; left -= head;
            for (; left >= 128; s += 128, d += 128, left -= 128)
            {
                Vector256<byte> a = Avx.LoadVector256(s), b = Avx.LoadVector256(s + 32);
                Vector256<byte> c = Avx.LoadVector256(s + 64), e = Avx.LoadVector256(s + 96);
                Avx.StoreAlignedNonTemporal(d, a);
                Avx.StoreAlignedNonTemporal(d + 32, b);
                Avx.StoreAlignedNonTemporal(d + 64, c);
                Avx.StoreAlignedNonTemporal(d + 96, e);
            }
            // Non-temporal stores are weakly ordered: fence them before anything reads or publishes the block.
            Sse.StoreFence();
            Buffer.MemoryCopy(s, d, left, left);
        }
    }
}
