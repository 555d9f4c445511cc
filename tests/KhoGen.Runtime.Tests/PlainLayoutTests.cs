using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.InteropServices;
using KhoGen;

namespace KhoGen.Runtime.Tests;

// The fast paths of generated code (benchmarks/, docs/benchmarks.md): runs of fixed-size members moved
// with one bounds check, sequences of plain data structs copied in one block when the runtime proves
// that their memory form is their wire form, sparse arrays read run by run. All must give exactly the
// bytes and the checks of the member-by-member encoding.

/// <summary>24 bytes, no padding: its memory form is its wire form.</summary>
[KhoData] public partial record struct PlainSample(long Time, double Value, int Id, float Quality);

/// <summary>9 bytes on the wire, 16 in memory (padding): copied element by element.</summary>
[KhoData] public partial record struct PaddedSample(byte Tag, long Value);

/// <summary>The right size, members swapped in memory: the proof fails, copied element by element.</summary>
[StructLayout(LayoutKind.Explicit)]
[KhoData] public partial record struct SwappedSample([field: FieldOffset(4)] int A, [field: FieldOffset(0)] int B);

/// <summary>A boolean must be checked on read: never marked plain.</summary>
[KhoData] public partial record struct CheckedSample(int A, bool B, byte C, short D);

public enum RunKind : byte { Zero = 0, One = 1 }

/// <summary>A run of fixed-size members with checked ones inside, between variable-size members.</summary>
[KhoData] public partial record RunBox(string? Before, int A, bool B, RunKind Kind, DateTime When, long C, string? After);

[KhoFormat("plain-arrays", 1)]
public partial record PlainArrays(
    PlainSample[]? Samples, List<PlainSample>? List, ImmutableArray<PlainSample> Immutable,
    PaddedSample[]? Padded, SwappedSample[]? Swapped, CheckedSample[]? Checked);

public class PlainLayoutTests
{
    static PlainArrays Make(int n, int seed)
    {
        var g = new Random(seed);
        PlainSample Sample() => new(g.NextInt64(long.MinValue, long.MaxValue), BitConverter.Int64BitsToDouble(g.NextInt64()), g.Next(int.MinValue, int.MaxValue), BitConverter.Int32BitsToSingle(g.Next()));
        return new PlainArrays(
            Enumerable.Range(0, n).Select(_ => Sample()).ToArray(),
            Enumerable.Range(0, n).Select(_ => Sample()).ToList(),
            Enumerable.Range(0, n).Select(_ => Sample()).ToImmutableArray(),
            Enumerable.Range(0, n).Select(_ => new PaddedSample((byte)g.Next(256), g.NextInt64())).ToArray(),
            Enumerable.Range(0, n).Select(_ => new SwappedSample(g.Next(), g.Next())).ToArray(),
            Enumerable.Range(0, n).Select(_ => new CheckedSample(g.Next(), g.Next(2) == 1, (byte)g.Next(256), (short)g.Next(short.MinValue, short.MaxValue))).ToArray());
    }

    /// <summary>The member-by-member encoding of <see cref="PlainArrays"/>, written by hand.</summary>
    static byte[] Expected(PlainArrays v)
    {
        var bytes = new List<byte>();
        void Int32(int x) => bytes.AddRange(BitConverter.GetBytes(x));
        void Int64(long x) => bytes.AddRange(BitConverter.GetBytes(x));
        void Samples(IReadOnlyCollection<PlainSample> s)
        {
            Int32(s.Count);
            foreach (var x in s)
            {
                Int64(x.Time);
                Int64(BitConverter.DoubleToInt64Bits(x.Value));
                Int32(x.Id);
                Int32(BitConverter.SingleToInt32Bits(x.Quality));
            }
        }
        Samples(v.Samples!);
        Samples(v.List!);
        Samples(v.Immutable);
        Int32(v.Padded!.Length);
        foreach (var x in v.Padded) { bytes.Add(x.Tag); Int64(x.Value); }
        Int32(v.Swapped!.Length);
        foreach (var x in v.Swapped) { Int32(x.A); Int32(x.B); }
        Int32(v.Checked!.Length);
        foreach (var x in v.Checked) { Int32(x.A); bytes.Add(x.B ? (byte)1 : (byte)0); bytes.Add(x.C); bytes.AddRange(BitConverter.GetBytes(x.D)); }
        return bytes.ToArray();
    }

    [Fact]
    public void Only_a_struct_whose_memory_form_is_its_wire_form_is_copied_in_one_block()
    {
        Assert.True(KhoPlainLayout<PlainSample>.IsWireForm);
        Assert.False(KhoPlainLayout<PaddedSample>.IsWireForm);
        Assert.False(KhoPlainLayout<SwappedSample>.IsWireForm);
        Assert.False(KhoPlainLayout<CheckedSample>.IsWireForm);
        Assert.False(typeof(IKhoPlainLayout).IsAssignableFrom(typeof(CheckedSample)));
        Assert.True(typeof(IKhoPlainLayout).IsAssignableFrom(typeof(SwappedSample)));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(1000, 3)]
    public void Block_copies_write_and_read_the_member_by_member_bytes(int n, int seed)
    {
        if (!BitConverter.IsLittleEndian) return;
        PlainArrays value = Make(n, seed);
        byte[] bytes = KhoSerializer.Serialize(value);
        Assert.Equal(Expected(value), bytes);
        PlainArrays back = KhoSerializer.Deserialize<PlainArrays>(bytes);
        Assert.Equal(value.Samples, back.Samples);
        Assert.Equal(value.List, back.List);
        Assert.Equal(value.Immutable.ToArray(), back.Immutable.ToArray());
        Assert.Equal(value.Padded, back.Padded);
        Assert.Equal(value.Swapped, back.Swapped);
        Assert.Equal(value.Checked, back.Checked);
        Assert.Equal(bytes, KhoSerializer.Serialize(back));
    }

    [Fact]
    public void Null_and_empty_sequences_stay_apart()
    {
        var value = new PlainArrays(null, new List<PlainSample>(), default, Array.Empty<PaddedSample>(), null, null);
        PlainArrays back = KhoSerializer.Deserialize<PlainArrays>(KhoSerializer.Serialize(value));
        Assert.Null(back.Samples);
        Assert.NotNull(back.List);
        Assert.Empty(back.List!);
        Assert.True(back.Immutable.IsDefault);
        Assert.Empty(back.Padded!);
        Assert.Null(back.Swapped);
    }

    [Fact]
    public void A_copied_block_is_as_deep_as_its_elements()
    {
        byte[] bytes = KhoSerializer.Serialize(Make(2, 4));
        var flat = new KhoReadOptions { MaxDepth = 1 };
        Assert.Contains("nesting deeper", Assert.Throws<KhoFormatException>(() => KhoSerializer.Deserialize<PlainArrays>(bytes, flat)).Message);
        Assert.Equal(2, KhoSerializer.Deserialize<PlainArrays>(bytes, new KhoReadOptions { MaxDepth = 2 }).Samples!.Length);
    }

    [Fact]
    public void A_truncated_or_forged_block_is_rejected()
    {
        byte[] bytes = KhoSerializer.Serialize(Make(3, 5));
        for (int n = 0; n < bytes.Length; n++)
            Assert.Throws<KhoFormatException>(() => KhoSerializer.Deserialize<PlainArrays>(bytes.AsSpan(0, n).ToArray()));
        byte[] forged = (byte[])bytes.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(forged, 1_000_000);
        Assert.Contains("length 1000000", Assert.Throws<KhoFormatException>(() => KhoSerializer.Deserialize<PlainArrays>(forged)).Message);
    }

    [Fact]
    public void A_run_of_fixed_size_members_writes_each_at_its_offset()
    {
        var when = new DateTime(2024, 2, 29, 12, 0, 0, DateTimeKind.Utc);
        byte[] bytes = KhoSerializer.Serialize(new RunBox("a", -5, true, RunKind.One, when, long.MinValue, null));
        var expected = new List<byte>();
        expected.AddRange(BitConverter.GetBytes(1)); expected.Add((byte)'a');
        expected.AddRange(BitConverter.GetBytes(-5)); expected.Add(1); expected.Add(1);
        expected.AddRange(BitConverter.GetBytes((ulong)when.Ticks | (1UL << 62)));
        expected.AddRange(BitConverter.GetBytes(long.MinValue));
        expected.AddRange(BitConverter.GetBytes(-1));
        Assert.Equal(expected.ToArray(), bytes);
        Assert.Equal(new RunBox("a", -5, true, RunKind.One, when, long.MinValue, null), KhoSerializer.Deserialize<RunBox>(bytes));
    }

    [Fact]
    public void A_run_checks_each_member_at_its_own_offset()
    {
        byte[] good = KhoSerializer.Serialize(new RunBox(null, 1, false, RunKind.Zero, new DateTime(1), 2, null));
        // The run starts at 4 (after the null string): A at 4, B at 8, Kind at 9, When at 10, C at 18.
        byte[] badBool = (byte[])good.Clone();
        badBool[8] = 2;
        var e = Assert.Throws<KhoFormatException>(() => KhoSerializer.Deserialize<RunBox>(badBool));
        Assert.Contains("a boolean must be 0 or 1, found 2", e.Message);
        Assert.Equal(8, e.Offset);

        byte[] badEnum = (byte[])good.Clone();
        badEnum[9] = 7;
        e = Assert.Throws<KhoFormatException>(() => KhoSerializer.Deserialize<RunBox>(badEnum));
        Assert.Contains("value 7 is not a value of enum", e.Message);
        Assert.Equal(9, e.Offset);

        byte[] badDate = (byte[])good.Clone();
        badDate[17] = 0xC0; // kind 3
        e = Assert.Throws<KhoFormatException>(() => KhoSerializer.Deserialize<RunBox>(badDate));
        Assert.Contains("invalid DateTime", e.Message);
        Assert.Equal(10, e.Offset);

        e = Assert.Throws<KhoFormatException>(() => KhoSerializer.Deserialize<RunBox>(good.AsSpan(0, 12).ToArray()));
        Assert.Contains("truncated", e.Message);
        Assert.Equal(4, e.Offset);
    }

    [Fact]
    public void A_run_refuses_an_undefined_enum_before_writing_anything()
    {
        var writer = new System.Buffers.ArrayBufferWriter<byte>();
        Assert.Throws<ArgumentException>(() => KhoSerializer.Serialize(new RunBox("x", 1, true, (RunKind)9, default, 0, null), writer));
        Assert.Equal(0, writer.WrittenCount);
    }
}

[KhoData] public partial record SparseLongs(KhoArray<long>? Values);
[KhoData] public partial record SparseSamples(KhoArray<PlainSample>? Values);
[KhoData] public partial record SparseStrings(KhoArray<string?>? Values);
[KhoData] public partial record SparsePadded(KhoArray<PaddedSample>? Values);
/// <summary>512 bytes: a full leaf's worst case passes 64 KiB, so the leaf walk reserves piece by piece.</summary>
[KhoData] public partial record struct BigPlain(long A0, long A1, long A2, long A3, long A4, long A5, long A6, long A7, long A8, long A9, long A10, long A11, long A12, long A13, long A14, long A15, long A16, long A17, long A18, long A19, long A20, long A21, long A22, long A23, long A24, long A25, long A26, long A27, long A28, long A29, long A30, long A31, long A32, long A33, long A34, long A35, long A36, long A37, long A38, long A39, long A40, long A41, long A42, long A43, long A44, long A45, long A46, long A47, long A48, long A49, long A50, long A51, long A52, long A53, long A54, long A55, long A56, long A57, long A58, long A59, long A60, long A61, long A62, long A63);
[KhoData] public partial record SparseBig(KhoArray<BigPlain>? Values);

/// <summary>
/// Generated code reads sparse arrays run by run (KhoSparseReader.MoveNextRun): whatever the shape of
/// the tree, the bytes are those of the entry-by-entry encoding and read back to the same entries.
/// </summary>
public class SparseRunTests
{
    delegate void WriteOne<T>(ref KhoWriter writer, T value);

    /// <summary>The entry-by-entry encoding, written through KhoSparseWriter by hand.</summary>
    static byte[] EntryByEntry<T>(KhoArray<T> array, WriteOne<T> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new KhoWriter(buffer);
        var cursor = KhoSparseWriter<T>.Start(ref writer, array);
        while (cursor.MoveNext(ref writer)) write(ref writer, cursor.Current);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    static IEnumerable<ulong> Pattern(int kind, Random g) => kind switch
    {
        0 => Enumerable.Range(0, 1000).Select(i => (ulong)i),                                   // one dense run over many leaves
        1 => Enumerable.Range(0, 2000).Select(i => (ulong)(i / 3 * 4 + i % 3)),                 // runs of 3 with gaps
        2 => Enumerable.Range(0, 600).Select(i => ulong.MaxValue - (ulong)i),                   // a run ending at the last index
        3 => Enumerable.Range(0, 3000).Select(_ => (ulong)g.NextInt64(0, 5000)).Distinct(),     // random, inserted out of order
        4 => Enumerable.Range(0, 500).Select(i => i < 250 ? (ulong)i : (ulong)i + 1),           // two runs, one gap of one
        6 => GapsOfEveryWidth(),                                                                // lone entries, gaps of 1 to 8 varint bytes
        _ => Enumerable.Range(0, 1000).Select(_ => (ulong)g.NextInt64()).Distinct(),            // scattered
    };

    /// <summary>Lone entries after gaps just under, at and over each power of two up to 2^52 (the one-store header stops at 2^49).</summary>
    static IEnumerable<ulong> GapsOfEveryWidth()
    {
        ulong at = 0;
        for (int i = 0; i < 1600; i++)
        {
            at += 2 + (1UL << (i % 53)) + (ulong)(i % 3) - 1;
            yield return at;
        }
    }

    static KhoArray<T> Build<T>(IEnumerable<ulong> indexes, Func<ulong, T> value)
    {
        var a = new KhoArray<T>();
        foreach (ulong i in indexes) a[i] = value(i);
        return a;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Runs_round_trip_with_the_bytes_of_the_entry_by_entry_encoding(int kind)
    {
        var indexes = Pattern(kind, new Random(kind)).ToList();

        var longs = Build(indexes, i => (long)(i * 31));
        byte[] bytes = KhoSerializer.Serialize(new SparseLongs(longs));
        Assert.Equal(EntryByEntry(longs, (ref KhoWriter w, long v) => w.WriteInt64(v)), bytes);
        Assert.Equal(longs.ToList(), KhoSerializer.Deserialize<SparseLongs>(bytes).Values!.ToList());

        var samples = Build(indexes, i => new PlainSample((long)i, i * 0.5, (int)(i & 0xFFFF), 1.5f));
        bytes = KhoSerializer.Serialize(new SparseSamples(samples));
        Assert.Equal(EntryByEntry(samples, (ref KhoWriter w, PlainSample v) => PlainSample.KhoWrite(ref w, v)), bytes);
        Assert.Equal(samples.ToList(), KhoSerializer.Deserialize<SparseSamples>(bytes).Values!.ToList());

        // Padding keeps this struct's memory from being its wire form: entry by entry, the same bytes.
        var padded = Build(indexes, i => new PaddedSample((byte)i, (long)i * 3));
        bytes = KhoSerializer.Serialize(new SparsePadded(padded));
        Assert.Equal(EntryByEntry(padded, (ref KhoWriter w, PaddedSample v) => PaddedSample.KhoWrite(ref w, v)), bytes);
        Assert.Equal(padded.ToList(), KhoSerializer.Deserialize<SparsePadded>(bytes).Values!.ToList());

        var big = Build(indexes, i => new BigPlain((long)i, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31,
            32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, -(long)i));
        Assert.True(KhoPlainLayout<BigPlain>.IsWireForm == BitConverter.IsLittleEndian);
        bytes = KhoSerializer.Serialize(new SparseBig(big));
        Assert.Equal(EntryByEntry(big, (ref KhoWriter w, BigPlain v) => BigPlain.KhoWrite(ref w, v)), bytes);
        Assert.Equal(big.ToList(), KhoSerializer.Deserialize<SparseBig>(bytes).Values!.ToList());

        var strings = Build(indexes, i => i % 7 == 0 ? null : i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        bytes = KhoSerializer.Serialize(new SparseStrings(strings));
        Assert.Equal(EntryByEntry(strings, (ref KhoWriter w, string? v) => w.WriteString(v)), bytes);
        Assert.Equal(strings.ToList(), KhoSerializer.Deserialize<SparseStrings>(bytes).Values!.ToList());
    }

    /// <summary>
    /// Appended entries fill whole leaves (the benchmark's shape): lone entries after gaps of every
    /// varint width, crossing from leaf to leaf (where the next leaf is prefetched), with short runs,
    /// some of them across a leaf's end.
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1000)]
    public void Appended_entries_over_many_full_leaves_have_the_bytes_of_the_entry_by_entry_encoding(int capacityHint)
    {
        var g = new Random(1616 + capacityHint);
        var longs = new KhoArray<long>(capacityHint);
        var samples = new KhoArray<PlainSample>(capacityHint);
        ulong at = 0;
        for (int i = 0; i < 5000; i++)
        {
            at += i % 97 < 5 || i % 128 == 127 ? 1 : 2 + ((ulong)g.NextInt64(0, 1L << 48) >> g.Next(0, 48));
            longs.Append(at, (long)(at * 31));
            samples.Append(at, new PlainSample((long)at, at * 0.5, i, 1.5f));
        }

        byte[] bytes = KhoSerializer.Serialize(new SparseLongs(longs));
        Assert.Equal(EntryByEntry(longs, (ref KhoWriter w, long v) => w.WriteInt64(v)), bytes);
        Assert.Equal(longs.ToList(), KhoSerializer.Deserialize<SparseLongs>(bytes).Values!.ToList());
        bytes = KhoSerializer.Serialize(new SparseSamples(samples));
        Assert.Equal(EntryByEntry(samples, (ref KhoWriter w, PlainSample v) => PlainSample.KhoWrite(ref w, v)), bytes);
        Assert.Equal(samples.ToList(), KhoSerializer.Deserialize<SparseSamples>(bytes).Values!.ToList());
    }

    [Fact]
    public void Null_and_empty_sparse_arrays_stay_apart()
    {
        Assert.Null(KhoSerializer.Deserialize<SparseLongs>(KhoSerializer.Serialize(new SparseLongs(null))).Values);
        Assert.Empty(KhoSerializer.Deserialize<SparseLongs>(KhoSerializer.Serialize(new SparseLongs(new KhoArray<long>()))).Values!);
    }
}

/// <summary>The varint fast paths (one byte inline, the loop otherwise) write and read exactly the reference LEB128.</summary>
public class VarintTests
{
    static byte[] Reference(ulong value)
    {
        var bytes = new List<byte>();
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }
        bytes.Add((byte)value);
        return bytes.ToArray();
    }

    static IEnumerable<ulong> Values()
    {
        for (ulong v = 0; v < 70_000; v++) yield return v;
        for (int bits = 0; bits < 64; bits++)
        {
            ulong p = 1UL << bits;
            yield return p - 1;
            yield return p;
            yield return p + 1;
        }
        yield return ulong.MaxValue;
        var g = new Random(7);
        for (int i = 0; i < 20_000; i++) yield return (ulong)g.NextInt64() >> g.Next(64);
    }

    [Fact]
    public void Every_width_round_trips_with_the_reference_bytes()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        foreach (ulong v in Values())
        {
            buffer.ResetWrittenCount();
            var writer = new KhoWriter(buffer);
            writer.WriteVarUInt64(v);
            writer.Flush();
            byte[] expected = Reference(v);
            Assert.Equal(expected, buffer.WrittenSpan.ToArray());
            // Read alone and followed by more bytes.
            foreach (byte[] input in new[] { expected, expected.Concat(new byte[8]).ToArray() })
            {
                var reader = new KhoReader(input, "varint");
                Assert.Equal(v, reader.ReadVarUInt64());
                Assert.Equal(expected.Length, reader.Position);
            }
        }
    }

    [Fact]
    public void Overlong_and_too_wide_encodings_are_rejected_either_way()
    {
        for (int length = 2; length <= 10; length++)
        {
            byte[] overlong = Enumerable.Repeat((byte)0x80, length - 1).Append((byte)0).ToArray();
            foreach (byte[] input in new[] { overlong, overlong.Concat(new byte[8]).ToArray() })
                Assert.Contains("overlong", Assert.Throws<KhoFormatException>(() => new KhoReader(input, "varint").ReadVarUInt64()).Message);
        }
        byte[] wide = Enumerable.Repeat((byte)0xFF, 9).Append((byte)0x02).ToArray();
        Assert.Contains("wider than 64 bits", Assert.Throws<KhoFormatException>(() => new KhoReader(wide.Concat(new byte[8]).ToArray(), "varint").ReadVarUInt64()).Message);
    }
}

/// <summary>
/// The lone-entry header's spread of a gap's 7-bit groups (GroupSpread): the bit-deposit instruction
/// where it is fast, shifts elsewhere; both must put group g in byte g.
/// </summary>
public class GroupSpreadTests
{
    static ulong Reference(ulong value)
    {
        ulong spread = 0;
        for (int g = 0; g < 7; g++) spread |= ((value >> (7 * g)) & 0x7F) << (8 * g);
        return spread;
    }

    [Fact]
    public void Both_spreads_put_each_7_bit_group_in_its_own_byte()
    {
        var g = new Random(49);
        var values = new List<ulong> { 0, 1, 0x7F, 0x80, (1UL << 49) - 1 };
        for (int bit = 0; bit < 49; bit++) values.AddRange(new[] { 1UL << bit, (1UL << bit) - 1, (1UL << bit) + 1 });
        for (int i = 0; i < 10_000; i++) values.Add((ulong)g.NextInt64(0, 1L << 49) >> g.Next(0, 49));
        foreach (ulong value in values)
        {
            Assert.Equal(Reference(value), GroupSpread.Spread49ByShifts(value));
            Assert.Equal(Reference(value), GroupSpread.Spread49(value));
        }
    }
}
