using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using KhoGen.Runtime.Tests.Formats;
using KhoGen.Runtime.Tests.Support;

namespace KhoGen.Runtime.Tests;

/// <summary>
/// Property tests: random values of every supported member type survive the bare layout and the
/// envelope exactly (bits of floats and decimals, DateTime kinds, DateTimeOffset offsets, null
/// versus empty), and writing what was read gives the same bytes.
/// </summary>
public class RoundTripTests
{
    const int Iterations = 300;

    static void RoundTrip<T>(T value, int iteration) where T : IKhoSerializable<T>
    {
        byte[] bytes = KhoSerializer.Serialize(value);
        T back = KhoSerializer.Deserialize<T>(bytes);
        string? difference = Deep.Compare(value, back, typeof(T).Name);
        if (difference is not null) Assert.Fail($"iteration {iteration}: {difference}");
        byte[] again = KhoSerializer.Serialize(back);
        Assert.True(bytes.AsSpan().SequenceEqual(again), $"iteration {iteration}: writing what was read gave different bytes");
    }

    static void EnvelopeRoundTrip<T>(T value, int iteration) where T : IKhoFormat<T>
    {
        byte[] blob = KhoEnvelope.Serialize(value, T.KhoVersion);
        Assert.Equal((T.KhoFormatName, T.KhoVersion), KhoEnvelope.Peek(blob));
        T back = KhoEnvelope.Deserialize<T>(blob);
        string? difference = Deep.Compare(value, back, typeof(T).Name);
        if (difference is not null) Assert.Fail($"iteration {iteration} (envelope): {difference}");
    }

    static void Property<T>(int seed, Func<Gen, T> make) where T : IKhoFormat<T>
    {
        var g = new Gen(seed);
        for (int i = 0; i < Iterations; i++)
        {
            T value = make(g);
            RoundTrip(value, i);
            if (i % 10 == 0) EnvelopeRoundTrip(value, i);
        }
    }

    // ------------------------------------------------------------------ makers

    internal static Scalars MakeScalars(Gen g) => new()
    {
        Bool = g.Bool(),
        U8 = g.Byte(),
        I8 = g.SByte(),
        I16 = g.Int16(),
        U16 = g.UInt16(),
        I32 = g.Int32(),
        U32 = g.UInt32(),
        I64 = g.Int64(),
        U64 = g.UInt64(),
        F32 = g.Single(),
        F64 = g.Double(),
        Dec = g.Decimal(),
        Char = g.Char(),
        Str = g.String(),
        NonNullStr = g.NonNullString(200),
        Guid = g.Guid(),
        Time = g.DateTime(),
        Offset = g.DateTimeOffset(),
        Span = g.TimeSpan(),
    };

    internal static Nullables MakeNullables(Gen g) => new()
    {
        Bool = g.Maybe(g.Bool),
        U8 = g.Maybe(g.Byte),
        I8 = g.Maybe(g.SByte),
        I16 = g.Maybe(g.Int16),
        U16 = g.Maybe(g.UInt16),
        I32 = g.Maybe(g.Int32),
        U32 = g.Maybe(g.UInt32),
        I64 = g.Maybe(g.Int64),
        U64 = g.Maybe(g.UInt64),
        F32 = g.Maybe(g.Single),
        F64 = g.Maybe(g.Double),
        Dec = g.Maybe(g.Decimal),
        Char = g.Maybe(g.Char),
        Guid = g.Maybe(g.Guid),
        Time = g.Maybe(g.DateTime),
        Offset = g.Maybe(g.DateTimeOffset),
        Span = g.Maybe(g.TimeSpan),
        Enum = g.Maybe(g.Enum<IntEnum>),
        Flags = g.Maybe(g.Flags<UIntFlags>),
        Point = g.Maybe(() => MakePoint(g)),
    };

    internal static Enums MakeEnums(Gen g) => new(
        g.Enum<SByteEnum>(), g.Enum<ByteEnum>(), g.Enum<ShortEnum>(), g.Flags<UShortFlags>(), g.Enum<IntEnum>(),
        g.Flags<UIntFlags>(), g.Enum<LongEnum>(), g.Flags<ULongFlags>(), g.Flags<SByteFlags>(), g.Enum<ULongEnum>(),
        g.Flags<ShortFlags>(), g.Flags<ByteFlags>(), g.Maybe(g.Enum<SByteEnum>), g.Maybe(g.Flags<ULongFlags>));

    internal static Point MakePoint(Gen g) => new(g.Int32(), g.Int32());

    internal static Pixel MakePixel(Gen g) => new() { R = g.Byte(), G = g.Byte(), B = g.Byte(), Alpha = g.Single() };

    internal static Item MakeItem(Gen g) => new()
    {
        Name = g.String(),
        Where = MakePoint(g),
        Values = g.MaybeRef(() => g.List(g.Int32)),
        Color = g.Maybe(() => MakePixel(g)),
    };

    internal static Collections MakeCollections(Gen g)
    {
        byte[] memory = g.Bytes(), readOnly = g.Bytes();
        return new Collections
        {
            Bytes = g.MaybeRef(() => g.Bytes(300)),
            // Memory<byte> has no null: default and empty read back as empty. Slices must survive.
            Memory = g.Chance(10) ? default : memory.AsMemory(0, g.Int(0, memory.Length + 1)),
            ReadOnlyMemory = g.Chance(10) ? default : new ReadOnlyMemory<byte>(readOnly, readOnly.Length / 2, readOnly.Length - readOnly.Length / 2),
            Ints = g.MaybeRef(() => g.Array(g.Int32, 40)),
            Doubles = g.MaybeRef(() => g.Array(g.Double)),
            Chars = g.MaybeRef(() => g.Array(g.Char)),
            Bools = g.MaybeRef(() => g.Array(g.Bool)),
            Strings = g.MaybeRef(() => g.List(() => g.String())),
            Guids = g.MaybeRef(() => (IReadOnlyList<Guid>)(g.Bool() ? g.Array(g.Guid) : g.List(g.Guid))),
            Longs = g.Chance(15) ? default : ImmutableArray.Create(g.Array(g.Int64)),
            ImmutableStrings = g.Chance(15) ? default : ImmutableArray.Create(g.Array(() => g.NonNullString())),
            MaybeDecimals = g.MaybeRef(() => g.List(() => g.Maybe(g.Decimal))),
            EnumArray = g.MaybeRef(() => g.Array(g.Enum<IntEnum>)),
            Map = g.MaybeRef(() => g.Map(() => g.NonNullString(8), g.Int32)),
            Points = g.MaybeRef(() => (IReadOnlyDictionary<long, Point>)g.Map(g.Int64, () => MakePoint(g))),
            ByPoint = g.MaybeRef(() => g.Map(() => MakePoint(g), () => g.String())),
            ByFlags = g.MaybeRef(() => g.Map(g.Flags<UIntFlags>, () => g.MaybeRef(() => g.List(g.DateTime, 4)))),
            Sparse = g.MaybeRef(() => g.Sparse(() => g.String())),
            SparsePoints = g.MaybeRef(() => g.Sparse(() => MakePoint(g))),
            MaybePoints = g.MaybeRef(() => g.List(() => g.Maybe(() => MakePoint(g)))),
            Items = g.MaybeRef(() => g.Array(() => g.MaybeRef(() => MakeItem(g)), 5)),
            Nested = g.MaybeRef(() => g.List(() => g.MaybeRef(() => g.List(g.Int32, 5)), 5)),
            Jagged = g.MaybeRef(() => g.Array(() => g.Array(g.Int32, 5), 5)),
            Blobs = g.MaybeRef(() => g.List(() => g.MaybeRef(() => g.Bytes(16)), 5)),
            SparseOfSparse = g.MaybeRef(() => g.Sparse(() => g.MaybeRef(() => g.Sparse(g.UInt16, 4)), 4)),
        };
    }

    internal static Account MakeAccount(Gen g) => new(g.Guid(), g.String())
    {
        Balance = g.Decimal(),
        Notes = g.MaybeRef(() => g.List(() => g.NonNullString(), 4)),
    };

    internal static Outer.Inner MakeInner(Gen g) => new(g.NonNullString(), g.Int32());

    internal static Shapes MakeShapes(Gen g) => new(
        MakePoint(g), MakePixel(g), g.MaybeRef(() => MakeAccount(g)), g.MaybeRef(() => MakeInner(g)),
        g.MaybeRef(() => new Mixed(g.Int32(), g.String()) { Extra = g.Int64(), When = g.Maybe(g.DateTime) }),
        g.MaybeRef(() => MakeItem(g)), g.Maybe(() => MakePixel(g)));

    // ------------------------------------------------------------------ properties

    [Fact] public void Scalars_round_trip() => Property(1001, MakeScalars);

    [Fact] public void Nullable_scalars_round_trip() => Property(1002, MakeNullables);

    [Fact] public void Enums_of_every_underlying_type_round_trip() => Property(1003, MakeEnums);

    [Fact] public void Collections_maps_and_sparse_arrays_round_trip() => Property(1004, MakeCollections);

    [Fact] public void Every_construction_style_round_trips() => Property(1005, MakeShapes);

    [Fact]
    public void Types_nested_in_a_containing_class_round_trip() => Property(1006, g => new Outer.Holder(
        MakeInner(g), g.MaybeRef(() => MakeInner(g)), g.MaybeRef(() => g.List(() => MakeInner(g), 6))));

    [Fact]
    public void Three_deep_data_nesting_round_trips() => Property(1007, g => new DeepRoot(
        g.MaybeRef(() => new DeepMiddle(g.MaybeRef(() => new DeepLeaf(g.Int32()))))));

    [Fact]
    public void Data_types_round_trip_through_the_bare_layout_on_their_own()
    {
        var g = new Gen(1008);
        for (int i = 0; i < Iterations; i++)
        {
            RoundTrip(MakePoint(g), i);
            RoundTrip(MakePixel(g), i);
            RoundTrip(MakeItem(g), i);
            RoundTrip(MakeAccount(g), i);
            RoundTrip(MakeInner(g), i);
        }
    }

    // ------------------------------------------------------------------ edges

    [Fact]
    public void Extreme_values_round_trip_exactly()
    {
        var values = new[]
        {
            new Scalars
            {
                Bool = true, U8 = byte.MaxValue, I8 = sbyte.MinValue, I16 = short.MinValue, U16 = ushort.MaxValue,
                I32 = int.MinValue, U32 = uint.MaxValue, I64 = long.MinValue, U64 = ulong.MaxValue,
                F32 = float.NaN, F64 = double.NegativeInfinity, Dec = decimal.MinValue, Char = '\uD800',
                Str = "\U0001F600 e\u0301 \u4E2D\0", NonNullStr = "", Guid = Guid.AllBitsSet,
                Time = new DateTime(DateTime.MaxValue.Ticks, DateTimeKind.Local),
                Offset = DateTimeOffset.MaxValue, Span = TimeSpan.MinValue,
            },
            new Scalars
            {
                F32 = -0f, F64 = -0d, Dec = new decimal(0, 0, 0, true, 28), Time = DateTime.MinValue,
                Offset = new DateTimeOffset(DateTime.MinValue.Ticks + TimeSpan.TicksPerHour * 14, TimeSpan.FromHours(14)),
                Span = TimeSpan.MaxValue, Str = null,
            },
            new Scalars
            {
                F32 = float.PositiveInfinity, F64 = BitConverter.UInt64BitsToDouble(0x7FF0_0000_0000_0001), // a signalling NaN
                Dec = 1.000m, Time = new DateTime(2024, 2, 29, 23, 59, 59, DateTimeKind.Utc).AddTicks(9_999_999),
                Offset = new DateTimeOffset(DateTime.MaxValue.Ticks - TimeSpan.TicksPerHour * 14, TimeSpan.FromHours(-14)),
            },
        };
        for (int i = 0; i < values.Length; i++)
        {
            RoundTrip(values[i], i);
            EnvelopeRoundTrip(values[i], i);
        }
        // The scale of a decimal is kept: 1.000m reads back as 1.000m, not 1m.
        Assert.Equal("1.000", KhoSerializer.Deserialize<Scalars>(KhoSerializer.Serialize(values[2])).Dec.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Ignored_members_are_not_written()
    {
        var a = new Scalars { I32 = 5, NotSerialized = 42 };
        var back = KhoSerializer.Deserialize<Scalars>(KhoSerializer.Serialize(a));
        Assert.Equal(5, back.I32);
        Assert.Equal(0, back.NotSerialized);
        Assert.Equal(KhoSerializer.Serialize(a), KhoSerializer.Serialize(new Scalars { I32 = 5 }));
    }

    [Fact]
    public void Null_and_empty_collections_stay_distinct()
    {
        var nulls = new Collections();
        var empties = new Collections
        {
            Bytes = Array.Empty<byte>(), Ints = Array.Empty<int>(), Doubles = Array.Empty<double>(), Chars = Array.Empty<char>(),
            Bools = Array.Empty<bool>(), Strings = new(), Guids = new List<Guid>(), Longs = ImmutableArray<long>.Empty,
            ImmutableStrings = ImmutableArray<string>.Empty, MaybeDecimals = new(), EnumArray = Array.Empty<IntEnum>(),
            Map = new(), Points = new Dictionary<long, Point>(), ByPoint = new(), ByFlags = new(), Sparse = new(),
            SparsePoints = new(), MaybePoints = new(), Items = Array.Empty<Item?>(), Nested = new(), Jagged = Array.Empty<int[]>(),
            Blobs = new(), SparseOfSparse = new(),
        };
        var n = KhoSerializer.Deserialize<Collections>(KhoSerializer.Serialize(nulls));
        Assert.Null(n.Bytes);
        Assert.Null(n.Ints);
        Assert.Null(n.Strings);
        Assert.Null(n.Guids);
        Assert.True(n.Longs.IsDefault);
        Assert.True(n.ImmutableStrings.IsDefault);
        Assert.Null(n.Map);
        Assert.Null(n.Points);
        Assert.Null(n.Sparse);
        Assert.Null(n.Jagged);
        Assert.Null(n.SparseOfSparse);
        Assert.True(n.Memory.IsEmpty);

        var e = KhoSerializer.Deserialize<Collections>(KhoSerializer.Serialize(empties));
        Deep.AssertEqual(empties, e);
        Assert.NotNull(e.Bytes);
        Assert.False(e.Longs.IsDefault);
        Assert.True(e.Longs.IsEmpty);
        Assert.NotNull(e.Sparse);
        Assert.Empty(e.Sparse!);
        Assert.NotNull(e.Points);
    }

    [Fact]
    public void Sparse_arrays_keep_the_extreme_indexes()
    {
        var sparse = new KhoArray<string?>();
        sparse[0] = "zero";
        sparse[1] = null;
        sparse[(1UL << 63) - 1] = "below";
        sparse[1UL << 63] = "half";
        sparse[ulong.MaxValue - 1] = "penultimate";
        sparse[ulong.MaxValue] = "last";
        var points = new KhoArray<Point>();
        points[ulong.MaxValue] = new Point(1, 2);
        var value = new Collections { Sparse = sparse, SparsePoints = points };
        var back = KhoSerializer.Deserialize<Collections>(KhoSerializer.Serialize(value));
        Assert.Equal(sparse.Select(kv => kv.Key), back.Sparse!.Select(kv => kv.Key));
        Assert.Equal(sparse.Select(kv => kv.Value), back.Sparse!.Select(kv => kv.Value));
        Assert.Equal("last", back.Sparse![ulong.MaxValue]);
        Assert.Equal(new Point(1, 2), back.SparsePoints![ulong.MaxValue]);
        Assert.Single(back.SparsePoints);
    }

    [Fact]
    public void Large_collections_round_trip()
    {
        const int n = 100_000;
        var g = new Gen(1009);
        var longs = new List<long>(n);
        var strings = new string?[n];
        var sparse = new KhoArray<int>();
        var map = new Dictionary<int, string>(n);
        for (int i = 0; i < n; i++)
        {
            longs.Add(g.Int64());
            strings[i] = i % 1000 == 0 ? null : "s" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            // Runs of adjacent indexes with gaps, spread over 2^40, and the very last index.
            sparse[i == n - 1 ? ulong.MaxValue : (ulong)(i / 7) * 1_000_003UL * 1_000 + (ulong)(i % 7)] = i;
            map[i * 31] = strings[i] ?? "";
        }
        var bytes = new byte[n];
        g.Random.NextBytes(bytes);
        var big = new Big(longs, strings, sparse, map, bytes);
        byte[] wire = KhoSerializer.Serialize(big);
        var back = KhoSerializer.Deserialize<Big>(wire);
        Assert.Equal(longs, back.Longs);
        Assert.Equal(strings, back.Strings);
        Assert.Equal(n, back.Sparse!.Count);
        Assert.True(sparse.SequenceEqual(back.Sparse));
        Assert.Equal(n, back.Map!.Count);
        Assert.All(map, kv => Assert.Equal(kv.Value, back.Map[kv.Key]));
        Assert.Equal(bytes, back.Bytes);

        // Strings past the writer's short-string path (4096 chars), multi-byte all the way.
        string longText = string.Concat(Enumerable.Repeat("é\U0001F600中a", 30_000));
        var texts = new Big(null, new[] { longText, new string('x', 4097), new string('\u20AC', 4096) }, null, null, null);
        Deep.AssertEqual(texts, KhoSerializer.Deserialize<Big>(KhoSerializer.Serialize(texts)));

        var empty = new Big(new(), Array.Empty<string?>(), new(), new(), Array.Empty<byte>());
        Deep.AssertEqual(empty, KhoSerializer.Deserialize<Big>(KhoSerializer.Serialize(empty)));
        // An empty collection costs its 4-byte count only.
        Assert.Equal(5 * 4, KhoSerializer.Serialize(empty).Length);
    }

    [Fact]
    public void A_sparse_array_costs_what_its_populated_entries_cost()
    {
        // Sparse over 2^40: a few thousand entries, mostly in runs; the size must not depend on the span.
        var a = new KhoArray<int>();
        for (int i = 0; i < 4000; i++) a[(((ulong)i / 4) << 30) + (ulong)(i % 4)] = i;
        byte[] wire = KhoSerializer.Serialize(new Big(null, null, a, null, null));
        Assert.True(wire.Length < 4000 * 4 + 1000 * 12, $"{wire.Length} bytes for 4000 entries");
        Assert.True(a.SequenceEqual(KhoSerializer.Deserialize<Big>(wire).Sparse!));
    }

    [Fact]
    public void The_envelope_round_trips_every_format_in_this_assembly()
    {
        var g = new Gen(1010);
        EnvelopeRoundTrip(MakeScalars(g), 0);
        EnvelopeRoundTrip(MakeNullables(g), 0);
        EnvelopeRoundTrip(MakeEnums(g), 0);
        EnvelopeRoundTrip(MakeCollections(g), 0);
        EnvelopeRoundTrip(MakeShapes(g), 0);
        EnvelopeRoundTrip(new DeepRoot(new DeepMiddle(new DeepLeaf(3))), 0);
    }

    [Fact]
    public void Serializing_into_a_buffer_writer_gives_the_same_bytes()
    {
        var g = new Gen(1011);
        for (int i = 0; i < 20; i++)
        {
            var value = MakeCollections(g);
            var output = new System.Buffers.ArrayBufferWriter<byte>(1); // grows many times
            KhoSerializer.Serialize(value, output);
            Assert.Equal(KhoSerializer.Serialize(value), output.WrittenSpan.ToArray());
        }
    }
}
