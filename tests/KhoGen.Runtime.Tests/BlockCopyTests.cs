using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Linq;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using KhoGen;

namespace KhoGen.Runtime.Tests;

/// <summary>Primitive sequences and a byte buffer: the blittable bulk paths.</summary>
[KhoData] public partial record BulkPrimitives(long[] Longs, byte[] Bytes);

// Blocks from BlockCopy.StreamingThreshold on are copied with stores that bypass the caches
// (docs/benchmarks.md, "Issue 16: 1M structs"): the bytes must be exactly those of the ordinary copy,
// at every alignment of the destination and every length around the loop's steps.
public class BlockCopyTests
{
    static readonly int[] Lengths = { 0, 1, 2, 31, 32, 33, 63, 64, 127, 128, 129, 159, 160, 161, 255, 256, 257, 1000, 4099 };

    [Fact]
    public void The_streaming_copy_writes_exactly_the_source_at_every_alignment_and_length()
    {
        var g = new Random(16);
        byte[] source = new byte[4099 + 64];
        g.NextBytes(source);
        foreach (int length in Lengths)
            for (int at = 0; at <= 33; at++)
                for (int from = 0; from < 3; from++)
                {
                    byte[] destination = Enumerable.Repeat((byte)0xEE, at + length + 40).ToArray();
                    ReadOnlySpan<byte> block = source.AsSpan(from, length);
                    // Without AVX the streaming copy is never taken; the ordinary one must then do.
                    if (Avx.IsSupported) BlockCopy.Stream(block, destination.AsSpan(at));
                    else BlockCopy.Copy(block, destination.AsSpan(at));
                    Assert.True(block.SequenceEqual(destination.AsSpan(at, length)), $"length {length} at {at} from {from}");
                    Assert.All(destination.Take(at).Concat(destination.Skip(at + length)), b => Assert.Equal(0xEE, b));
                }
    }

    [Fact]
    public void The_streaming_copy_refuses_a_short_destination()
    {
        if (!Avx.IsSupported) return;
        Assert.Throws<ArgumentException>(() => BlockCopy.Stream(new byte[100], new byte[99]));
    }

    [Fact]
    public void A_plain_sequence_past_the_threshold_has_the_member_by_member_bytes_at_any_offset()
    {
        if (!BitConverter.IsLittleEndian) return;
        var g = new Random(17);
        int n = BlockCopy.StreamingThreshold / 24 + 37;
        var samples = new PlainSample[n];
        for (int i = 0; i < n; i++) samples[i] = new(g.NextInt64(), g.NextDouble(), g.Next(), (float)g.NextDouble());
        PlainArrays value = new(samples, new(), ImmutableArrayOf(), Array.Empty<PaddedSample>(), Array.Empty<SwappedSample>(), Array.Empty<CheckedSample>());
        byte[] expected = new byte[4 + 24 * n + 5 * 4];
        BinaryPrimitives.WriteInt32LittleEndian(expected, n);
        for (int i = 0; i < n; i++)
        {
            Span<byte> at = expected.AsSpan(4 + 24 * i);
            BinaryPrimitives.WriteInt64LittleEndian(at, samples[i].Time);
            BinaryPrimitives.WriteDoubleLittleEndian(at.Slice(8), samples[i].Value);
            BinaryPrimitives.WriteInt32LittleEndian(at.Slice(16), samples[i].Id);
            BinaryPrimitives.WriteSingleLittleEndian(at.Slice(20), samples[i].Quality);
        }
        Assert.Equal(expected, KhoSerializer.Serialize(value));
        // After 1 to 3 bytes already written, the block lands at every alignment modulo 4.
        for (int prefix = 1; prefix <= 3; prefix++)
        {
            var output = new ArrayBufferWriter<byte>();
            output.Write(new byte[prefix]);
            KhoSerializer.Serialize(value, output);
            Assert.True(output.WrittenSpan.Slice(prefix).SequenceEqual(expected), $"after {prefix} byte(s)");
        }
        PlainArrays back = KhoSerializer.Deserialize<PlainArrays>(expected);
        Assert.True(back.Samples.AsSpan().SequenceEqual(samples));
    }

    [Fact]
    public void Primitives_and_bytes_past_the_threshold_round_trip_exactly()
    {
        if (!BitConverter.IsLittleEndian) return;
        var g = new Random(18);
        long[] longs = Enumerable.Range(0, BlockCopy.StreamingThreshold / 8 + 5).Select(_ => g.NextInt64()).ToArray();
        byte[] raw = new byte[BlockCopy.StreamingThreshold + 3];
        g.NextBytes(raw);
        byte[] bytes = KhoSerializer.Serialize(new BulkPrimitives(longs, raw));
        Assert.Equal(4 + 8 * longs.Length + 4 + raw.Length, bytes.Length);
        Assert.Equal(longs.Length, BinaryPrimitives.ReadInt32LittleEndian(bytes));
        Assert.True(MemoryMarshal.AsBytes(longs.AsSpan()).SequenceEqual(bytes.AsSpan(4, 8 * longs.Length)));
        Assert.True(raw.AsSpan().SequenceEqual(bytes.AsSpan(8 + 8 * longs.Length)));
        BulkPrimitives back = KhoSerializer.Deserialize<BulkPrimitives>(bytes);
        Assert.True(back.Longs.AsSpan().SequenceEqual(longs));
        Assert.True(back.Bytes.AsSpan().SequenceEqual(raw));
    }

    [Theory]
    [InlineData(BlockCopy.StreamingThreshold / 24 + 1)]
    [InlineData(100_000_000)]
    [InlineData(int.MaxValue)]
    public void A_forged_count_past_the_input_is_refused_before_any_block_is_allocated(int count)
    {
        byte[] forged = new byte[4 + 24 * 10 + 5 * 4];
        BinaryPrimitives.WriteInt32LittleEndian(forged, count);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<KhoFormatException>(() => KhoSerializer.Deserialize<PlainArrays>(forged));
        Assert.Contains($"length {count}", error.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20, "no block was allocated for the forged count");
    }

    static System.Collections.Immutable.ImmutableArray<PlainSample> ImmutableArrayOf() => System.Collections.Immutable.ImmutableArray<PlainSample>.Empty;
}
