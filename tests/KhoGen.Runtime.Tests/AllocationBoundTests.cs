using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using KhoGen.Runtime.Tests.Formats;

namespace KhoGen.Runtime.Tests;

/// <summary>
/// The two memory bounds of docs/reliability.md, for every supported member type:
/// a collection reserves up front only what the remaining input could fill at the elements'
/// in-memory size, so a forged count or a truncated payload costs about its own length before it is
/// refused; and whatever a read decodes counts against <see cref="KhoReadOptions.MaxDecodedBytes"/>,
/// so a small valid input cannot expand into gigabytes either. Allocation is measured with
/// <see cref="GC.GetAllocatedBytesForCurrentThread"/>.
/// </summary>
public class AllocationBoundTests
{
    /// <summary>One member type: its holder's reader, its element's smallest wire size, and a sample of n realistic elements.</summary>
    sealed record Case(Func<byte[], KhoReadOptions?, object> Read, int MinWire, Func<int, byte[]> Sample);

    static Case Of<T>(int minWire, Func<int, T> sample) where T : IKhoSerializable<T> =>
        new((bytes, options) => KhoSerializer.Deserialize<T>(bytes, options)!, minWire, n => KhoSerializer.Serialize(sample(n)));

    static Wide Full(int i)
    {
        var g = new Guid(i, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        return new Wide { G0 = g, G1 = g, G2 = g, G3 = g, G4 = g, G5 = g, G6 = g, G7 = g, G8 = g, G9 = g, G10 = g, G11 = g, G12 = g, G13 = g, G14 = g, G15 = g };
    }

    static IEnumerable<int> Up(int n) => Enumerable.Range(0, n);
    static Boxed Box(int i) => new(Full(i));
    static Item MakeItem(int i) => new() { Name = "item " + i, Where = new Point(i, -i), Values = new List<int> { i, i + 1 }, Color = new Pixel { R = 1 } };

    static readonly Dictionary<string, Case> Cases = new()
    {
        ["List<Boxed>"] = Of(1, n => new BoxedList(Up(n).Select(Box).ToList())),
        ["Boxed[]"] = Of(1, n => new BoxedArray(Up(n).Select(Box).ToArray())),
        ["IReadOnlyList<Boxed>"] = Of(1, n => new BoxedReadOnlyList(Up(n).Select(Box).ToList())),
        ["ImmutableArray<Boxed>"] = Of(1, n => new BoxedImmutable(Up(n).Select(Box).ToImmutableArray())),
        ["List<List<Boxed>>"] = Of(4, n => new BoxedNested(Up(n).Select(i => new List<Boxed> { Box(i) }).ToList())),
        ["Dictionary<int, Boxed>"] = Of(5, n => new BoxedMap(Up(n).ToDictionary(i => i, Box))),
        ["IReadOnlyDictionary<string, decimal?>"] = Of(5, n => new BoxedReadOnlyMap(Up(n).ToDictionary(i => "k" + i, i => (decimal?)i))),
        ["KhoArray<Boxed>"] = Of(1, n =>
        {
            var a = new KhoArray<Boxed>();
            foreach (int i in Up(n)) a[(ulong)i * 3] = Box(i);
            return new BoxedSparse(a);
        }),
        ["List<decimal?>"] = Of(1, n => new DecimalsList(Up(n).Select(i => (decimal?)i).ToList())),
        ["List<Guid>"] = Of(16, n => new GuidList(Up(n).Select(i => new Guid(i, 0, 0, new byte[8])).ToList())),
        ["List<DateTime>"] = Of(8, n => new DateTimeList(Up(n).Select(i => new DateTime(2026, 1, 1).AddDays(i)).ToList())),
        ["List<DateTimeOffset?>"] = Of(1, n => new OffsetList(Up(n).Select(i => (DateTimeOffset?)new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(1))).ToList())),
        ["long[]"] = Of(8, n => new LongArray(Up(n).Select(i => (long)i).ToArray())),
        ["List<bool>"] = Of(1, n => new BoolList(Up(n).Select(i => i % 2 == 0).ToList())),
        ["List<IntEnum?>"] = Of(1, n => new EnumList(Up(n).Select(i => (IntEnum?)IntEnum.One).ToList())),
        ["List<string>"] = Of(4, n => new StringList(Up(n).Select(i => "s" + i).ToList())),
        ["List<string?>"] = Of(4, n => new NullableStringList(Up(n).Select(i => (string?)("s" + i)).ToList())),
        ["List<byte[]?>"] = Of(4, n => new BlobList(Up(n).Select(i => (byte[]?)new byte[] { 1, 2, 3 }).ToList())),
        ["List<ReadOnlyMemory<byte>>"] = Of(4, n => new MemoryList(Up(n).Select(i => new ReadOnlyMemory<byte>(new byte[] { 1, 2 })).ToList())),
        ["List<Point> (plain layout)"] = Of(8, n => new PlainList(Up(n).Select(i => new Point(i, i)).ToList())),
        ["List<Item> (data class)"] = Of(1, n => new ItemList(Up(n).Select(MakeItem).ToList())),
        ["List<Item?>"] = Of(1, n => new NullableItemList(Up(n).Select(i => (Item?)MakeItem(i)).ToList())),
        ["string"] = Of(1, n => new Text(new string('x', n))),
        ["byte[]"] = Of(1, n => new Blob(new byte[n])),
    };

    public static TheoryData<string> MemberTypes => new(Cases.Keys);

    /// <summary>What one read allocates on this thread, and what it threw (null when it succeeded).</summary>
    static (long Allocated, Exception? Error) Measure(Case c, byte[] input, KhoReadOptions? options = null)
    {
        // Warm up: first calls load types and JIT code.
        try { c.Read(input.AsSpan(0, Math.Min(input.Length, 8)).ToArray(), options); } catch (KhoFormatException) { }
        long before = GC.GetAllocatedBytesForCurrentThread();
        Exception? error = null;
        try { c.Read(input, options); }
        catch (Exception e) { error = e; }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        if (error is not null and not KhoFormatException) Assert.Fail($"{error.GetType().Name} instead of KhoFormatException: {error}");
        return (allocated, error);
    }

    const int Slack = 64 * 1024;

    [Theory]
    [MemberData(nameof(MemberTypes))]
    public void A_forged_count_reserves_no_more_than_the_input_could_fill(string memberType)
    {
        // The largest count the first check lets through (count x smallest wire size = the bytes
        // left), followed by filler: 0x7F bytes are an invalid presence marker, boolean or date, or a
        // length over the limits, so most element types fail at the first element; for those where
        // any bytes are a value (Guid, long, Point) the input is valid and decodes to its own size.
        Case c = Cases[memberType];
        const int payload = 256 * 1024;
        byte[] input = new byte[4 + payload];
        BinaryPrimitives.WriteInt32LittleEndian(input, payload / c.MinWire);
        input.AsSpan(4).Fill(0x7F);

        var (allocated, _) = Measure(c, input);

        // Before the bound, List<Boxed> reserved 65,536 x 264 bytes (17 MB) here.
        Assert.True(allocated <= 2L * input.Length + Slack, $"{memberType}: {allocated} bytes allocated for a {input.Length}-byte input");
    }

    [Theory]
    [MemberData(nameof(MemberTypes))]
    public void A_truncated_payload_costs_its_share_of_what_the_whole_decodes_into_not_what_its_count_claims(string memberType)
    {
        Case c = Cases[memberType];
        byte[] whole = c.Sample(2000);
        var (wholeAllocated, wholeError) = Measure(c, whole);
        Assert.Null(wholeError);
        // Cut at ten places across the payload: each prefix is refused, having allocated at most three
        // times its share of what the whole payload decodes into (the doubling of the collection being
        // filled). Reserving what the count claims, as before the bound, costs the whole at every cut.
        for (int i = 1; i <= 10; i++)
        {
            byte[] prefix = whole.AsSpan(0, whole.Length * i / 11).ToArray();
            var (allocated, error) = Measure(c, prefix);
            Assert.IsType<KhoFormatException>(error);
            double share = (double)prefix.Length / whole.Length;
            Assert.True(allocated <= 3 * wholeAllocated * share + Slack,
                $"{memberType}: {allocated} bytes allocated for a {prefix.Length}-byte prefix of a {whole.Length}-byte payload that decodes with {wholeAllocated}");
        }
    }

    [Theory]
    [MemberData(nameof(MemberTypes))]
    public void Every_prefix_of_a_small_sample_is_refused_and_the_sample_reads(string memberType)
    {
        Case c = Cases[memberType];
        byte[] whole = c.Sample(3);
        Assert.Null(Measure(c, whole).Error);
        for (int length = 0; length < whole.Length; length++)
            Assert.IsType<KhoFormatException>(Measure(c, whole.AsSpan(0, length).ToArray()).Error);
    }

    public static TheoryData<string> Expanding => new()
    {
        "List<Boxed>", "Boxed[]", "ImmutableArray<Boxed>", "Dictionary<int, Boxed>", "KhoArray<Boxed>", "List<decimal?>",
        "List<DateTimeOffset?>", "List<IntEnum?>", "List<string?>", "List<byte[]?>", "List<ReadOnlyMemory<byte>>", "List<Item?>",
    };

    [Theory]
    [MemberData(nameof(Expanding))]
    public void A_small_valid_input_that_expands_past_the_decoded_limit_is_refused(string memberType)
    {
        // 256 KiB of the smallest valid elements (absent values, nulls, empty buffers, zero keys of a
        // sparse array's single run), which decode into several times their size.
        Case c = Cases[memberType];
        int count = 256 * 1024 / c.MinWire, payload = count * c.MinWire;
        byte[] input = new byte[4 + payload];
        BinaryPrimitives.WriteInt32LittleEndian(input, count);
        if (memberType.StartsWith("List<string?>") || memberType.StartsWith("List<byte[]?>") || memberType.StartsWith("List<ReadOnlyMemory"))
            input.AsSpan(4).Fill(0xFF); // every length -1: null (or an empty buffer)
        if (memberType.StartsWith("Dictionary"))
            for (int i = 0; i < count; i++) BinaryPrimitives.WriteInt32LittleEndian(input.AsSpan(4 + 5 * i), i); // distinct keys, absent values
        if (memberType.StartsWith("KhoArray"))
        {
            // One run of count - 2 entries from index 0: start varint 0, then the run length less one as a varint.
            count = payload - 4;
            BinaryPrimitives.WriteInt32LittleEndian(input, count);
            input[4] = 0;
            input[5] = (byte)(0x80 | ((count - 1) & 0x7F));
            input[6] = (byte)(0x80 | (((count - 1) >> 7) & 0x7F));
            input[7] = (byte)((count - 1) >> 14);
        }

        // Without a tight limit it is valid and decodes whole.
        var (_, error) = Measure(c, input);
        Assert.Null(error);

        var tight = new KhoReadOptions { MaxDecodedBytes = 1 << 17 };
        var (allocated, refused) = Measure(c, input, tight);
        var e = Assert.IsType<KhoFormatException>(refused);
        Assert.Contains("MaxDecodedBytes", e.Message);
        Assert.Contains((1 << 17).ToString(), e.Message);
        Assert.True(allocated <= 4L * tight.MaxDecodedBytes + 2L * input.Length + Slack, $"{memberType}: {allocated} bytes allocated");
    }

    [Fact]
    public void A_megabyte_of_absent_boxes_is_refused_by_the_untrusted_preset_before_any_element_is_read()
    {
        // The example, scaled down: List<Boxed> whose boxes are absent, one byte each on the
        // wire and 264 bytes in memory. 1 MB would decode into 264 MB, over Untrusted's 64 MiB.
        const int count = 1_000_000;
        byte[] input = new byte[4 + count];
        BinaryPrimitives.WriteInt32LittleEndian(input, count);
        Case c = Cases["List<Boxed>"];

        var (allocated, error) = Measure(c, input, KhoReadOptions.Untrusted);

        var e = Assert.IsType<KhoFormatException>(error);
        Assert.Contains("MaxDecodedBytes", e.Message);
        Assert.Equal(4, e.Offset); // refused when the count is read, where its elements were to start
        Assert.True(allocated < Slack, $"{allocated} bytes allocated");
    }

    [Fact]
    public void Strings_count_two_bytes_a_UTF8_byte_against_the_decoded_limit()
    {
        byte[] bytes = KhoSerializer.Serialize(new Text(new string('x', 1000)));
        Assert.Equal("x", KhoSerializer.Deserialize<Text>(bytes, new KhoReadOptions { MaxDecodedBytes = 2100 }).Value[..1]);
        var e = Assert.Throws<KhoFormatException>(() => KhoSerializer.Deserialize<Text>(bytes, new KhoReadOptions { MaxDecodedBytes = 1999 }));
        Assert.Contains("MaxDecodedBytes", e.Message);
    }

    [Fact]
    public void The_presets_are_documented_values()
    {
        Assert.Equal(1L << 32, KhoReadOptions.Default.MaxDecodedBytes);
        Assert.Equal(1L << 26, KhoReadOptions.Untrusted.MaxDecodedBytes);
        Assert.Equal(1 << 20, KhoReadOptions.Untrusted.MaxCollectionLength);
        Assert.Equal(1 << 24, KhoReadOptions.Untrusted.MaxStringBytes);
        Assert.Equal(32, KhoReadOptions.Untrusted.MaxDepth);
    }
}
