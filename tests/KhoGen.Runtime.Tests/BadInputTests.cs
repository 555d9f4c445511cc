using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using KhoGen.Runtime.Tests.Formats;
using KhoGen.Runtime.Tests.Support;

namespace KhoGen.Runtime.Tests;

/// <summary>
/// Malformed input of any kind raises <see cref="KhoFormatException"/> (with the format and the
/// byte offset) and nothing else: truncations, corruptions, forged lengths, deep nesting, values
/// out of their domain, trailing bytes.
/// </summary>
public class BadInputTests
{
    // ------------------------------------------------------------------ harness

    /// <summary>Reads <paramref name="input"/>: success or a well-formed KhoFormatException are fine, anything else fails.</summary>
    static KhoFormatException? ReadsOrRejects(Action read, int inputLength, string what, bool formatIdRequired)
    {
        try
        {
            read();
            return null;
        }
        catch (KhoFormatException e)
        {
            if (formatIdRequired && e.FormatId is null) Assert.Fail($"{what}: no format id in \"{e.Message}\"");
            if (e.Offset < 0 || e.Offset > inputLength) Assert.Fail($"{what}: offset {e.Offset} outside the {inputLength}-byte input in \"{e.Message}\"");
            return e;
        }
        catch (Exception e)
        {
            Assert.Fail($"{what}: {e.GetType().Name} instead of KhoFormatException: {e}");
            return null;
        }
    }

    static KhoFormatException? Payload<T>(byte[] input, string what) where T : IKhoSerializable<T>
    {
        var e = ReadsOrRejects(() => KhoSerializer.Deserialize<T>(input), input.Length, what, formatIdRequired: true);
        if (e is not null) Assert.Equal(T.KhoName, e.FormatId);
        return e;
    }

    static KhoFormatException? Envelope<T>(byte[] input, string what) where T : IKhoFormat<T> =>
        ReadsOrRejects(() => KhoEnvelope.Deserialize<T>(input), input.Length, what, formatIdRequired: false);

    /// <summary>One random corruption: bit flips, inserted or deleted bytes, or a 4-byte field forced to -1, 0 or a huge value.</summary>
    static byte[] Mutate(Gen g, byte[] valid, out string how)
    {
        var bytes = new List<byte>(valid);
        switch (g.Int(0, 6))
        {
            case 0:
            {
                int flips = g.Int(1, 4);
                how = "";
                for (int i = 0; i < flips && bytes.Count > 0; i++)
                {
                    int at = g.Int(0, bytes.Count), bit = g.Int(0, 8);
                    bytes[at] ^= (byte)(1 << bit);
                    how += $"flip bit {bit} of byte {at}; ";
                }
                break;
            }
            case 1:
            {
                int at = g.Int(0, bytes.Count + 1), n = g.Int(1, 5);
                for (int i = 0; i < n; i++) bytes.Insert(at, g.Pick((byte)0, (byte)1, (byte)0xFF, (byte)0x80, g.Byte()));
                how = $"insert {n} byte(s) at {at}";
                break;
            }
            case 2:
            {
                if (bytes.Count == 0) goto case 1;
                int at = g.Int(0, bytes.Count), n = Math.Min(g.Int(1, 5), bytes.Count - at);
                bytes.RemoveRange(at, n);
                how = $"delete {n} byte(s) at {at}";
                break;
            }
            case 3:
            {
                if (bytes.Count < 4) goto case 0;
                int at = g.Int(0, bytes.Count - 3);
                uint value = g.Pick(0xFFFF_FFFFu, 0u, 0x7FFF_FFFFu, 0x8000_0000u, 50_000_000u, 1u, 0xFFFF_FFFEu);
                for (int i = 0; i < 4; i++) bytes[at + i] = (byte)(value >> (8 * i));
                how = $"write 0x{value:X8} at {at}";
                break;
            }
            default:
            {
                if (bytes.Count == 0) goto case 1;
                int at = g.Int(0, bytes.Count);
                bytes[at] = g.Byte();
                how = $"set byte {at} to 0x{bytes[at]:X2}";
                break;
            }
        }
        return bytes.ToArray();
    }

    /// <summary>
    /// Every prefix of each value's payload and envelope is rejected, and so is every prefix of the first
    /// value's payload resealed in a valid envelope; thousands of corruptions are read or rejected cleanly.
    /// </summary>
    static void Fuzz<T>(int seed, Func<Gen, T> make, int values = 4, int mutations = 3000) where T : IKhoFormat<T>
    {
        var g = new Gen(seed);
        for (int v = 0; v < values; v++)
        {
            T value = make(g);
            byte[] payload = KhoSerializer.Serialize(value);
            byte[] envelope = KhoEnvelope.Serialize(value, T.KhoVersion);
            int header = Envelopes.PayloadOffset(envelope);

            for (int n = 0; n < payload.Length; n++)
                Assert.NotNull(Payload<T>(payload.AsSpan(0, n).ToArray(), $"{T.KhoName} payload {v} truncated to {n} of {payload.Length}"));
            for (int n = 0; n < envelope.Length; n++)
                Assert.NotNull(Envelope<T>(envelope.AsSpan(0, n).ToArray(), $"{T.KhoName} envelope {v} truncated to {n} of {envelope.Length}"));
            // A truncated payload sealed in an intact envelope reaches the reader, which must stop at the
            // end: every prefix of the first value's payload, 64 evenly spaced prefixes of the others.
            for (int n = 0; n < payload.Length; n += v == 0 ? 1 : Math.Max(1, payload.Length / 64))
            {
                var e = Envelope<T>(Envelopes.Reseal(envelope, payload.AsSpan(0, n)), $"{T.KhoName} resealed payload {v} truncated to {n}");
                Assert.NotNull(e);
                Assert.True(e!.Offset >= header, $"offset {e.Offset} is inside the header: {e.Message}");
                Assert.Equal($"{T.KhoFormatName}-v{T.KhoVersion}", e.FormatId);
            }

            for (int i = 0; i < mutations / values; i++)
            {
                byte[] bad = Mutate(g, payload, out string how);
                Payload<T>(bad, $"{T.KhoName} payload {v}: {how}");

                // The same corruption in an envelope: the checksum catches it.
                byte[] badEnvelope = Mutate(g, envelope, out string howEnvelope);
                if (!badEnvelope.AsSpan().SequenceEqual(envelope))
                    Assert.NotNull(Envelope<T>(badEnvelope, $"{T.KhoName} envelope {v}: {howEnvelope}"));

                // Resealed, it reaches the payload reader through the envelope: read or rejected, never anything else.
                if (i % 4 == 0)
                {
                    var e = Envelope<T>(Envelopes.Reseal(envelope, bad), $"{T.KhoName} resealed envelope {v}: {how}");
                    if (e is not null) Assert.True(e.Offset >= header, $"offset {e.Offset} is inside the header: {e.Message}");
                }
            }
        }
    }

    // ------------------------------------------------------------------ fuzzing

    static MemfdV2 MakeMemfd(Gen g)
    {
        var folios = g.Sparse(() => new Folio(g.UInt64(), g.Flags<FolioFlags>()), 30);
        return new MemfdV2(g.UInt64(), g.UInt64(), folios, g.Flags<Seals>(), g.UInt32());
    }

    [Fact] public void Memfd_truncations_and_corruptions_raise_only_KhoFormatException() => Fuzz(2001, MakeMemfd);

    [Fact]
    public void Memfd_v1_read_as_v2_truncations_and_corruptions_raise_only_KhoFormatException()
    {
        var g = new Gen(2002);
        for (int v = 0; v < 3; v++)
        {
            var value = MakeMemfd(g);
            byte[] envelope = KhoEnvelope.Serialize(value, 1);
            byte[] payload = Envelopes.Payload(envelope);
            for (int i = 0; i < 600; i++)
            {
                byte[] bad = Mutate(g, payload, out string how);
                Envelope<MemfdV2>(Envelopes.Reseal(envelope, bad), $"memfd-v1 as v2, {how}");
            }
        }
    }

    [Fact] public void Collections_truncations_and_corruptions_raise_only_KhoFormatException() => Fuzz(2003, RoundTripTests.MakeCollections, values: 3);

    [Fact] public void Shapes_truncations_and_corruptions_raise_only_KhoFormatException() => Fuzz(2004, RoundTripTests.MakeShapes);

    [Fact] public void Scalars_truncations_and_corruptions_raise_only_KhoFormatException() => Fuzz(2005, RoundTripTests.MakeScalars);

    [Fact] public void Nullables_truncations_and_corruptions_raise_only_KhoFormatException() => Fuzz(2006, RoundTripTests.MakeNullables, mutations: 2000);

    [Fact] public void Enums_truncations_and_corruptions_raise_only_KhoFormatException() => Fuzz(2007, RoundTripTests.MakeEnums, mutations: 2000);

    [Fact]
    public void Every_single_bit_flip_of_an_envelope_is_detected()
    {
        var g = new Gen(2008);
        CheckEveryBit(KhoEnvelope.Serialize(MakeMemfd(g), 2));
        CheckEveryBit(KhoEnvelope.Serialize(MakeMemfd(g), 1));
        CheckEveryBit(KhoEnvelope.Serialize(RoundTripTests.MakeCollections(g), 1));

        static void CheckEveryBit(byte[] envelope)
        {
            (string format, int version) = KhoEnvelope.Peek(envelope);
            for (int i = 0; i < envelope.Length * 8; i++)
            {
                byte[] bad = envelope.ToArray();
                bad[i / 8] ^= (byte)(1 << (i % 8));
                string what = $"{format}-v{version}: bit {i % 8} of byte {i / 8} flipped";
                KhoFormatException? e = format == "memfd"
                    ? Envelope<MemfdV2>(bad, what)
                    : Envelope<Collections>(bad, what);
                Assert.True(e is not null, $"{what}: not detected");
            }
        }
    }

    // ------------------------------------------------------------------ forged lengths

    /// <summary>A 100-byte payload: a forged 4-byte count, then 96 bytes of <paramref name="fill"/>.</summary>
    static byte[] Forged(int count, byte fill = 0)
    {
        var bytes = new byte[100];
        bytes.AsSpan(4).Fill(fill);
        BinaryPrimitives.WriteInt32LittleEndian(bytes, count);
        return bytes;
    }

    static void RejectedWithoutAllocating<T>(byte[] input, string expected) where T : IKhoSerializable<T>
    {
        // Warm up: first calls load types and JIT code.
        try { KhoSerializer.Deserialize<T>(input); } catch (KhoFormatException) { }

        long before = GC.GetAllocatedBytesForCurrentThread();
        KhoFormatException? caught = null;
        try { KhoSerializer.Deserialize<T>(input); }
        catch (KhoFormatException e) { caught = e; }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.NotNull(caught);
        Assert.Contains(expected, caught!.Message);
        Assert.Equal(T.KhoName, caught.FormatId);
        // The count field, or where the bytes it promised were to start.
        Assert.True(caught.Offset is 0 or 4, $"offset {caught.Offset}: {caught.Message}");
        Assert.True(allocated < 16 * 1024, $"{typeof(T).Name}: {allocated} bytes allocated to reject a forged length");
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(50_000_000)]
    [InlineData(13)] // 13 longs need 104 bytes, 96 are left
    public void A_forged_list_length_is_rejected_before_allocating(int count)
    {
        RejectedWithoutAllocating<ListBox>(Forged(count), "length");
        RejectedWithoutAllocating<ItemListBox>(Forged(count == 13 ? 97 : count), "length");
    }

    [Theory]
    [InlineData(int.MaxValue, "over the limit")]
    [InlineData(50_000_000, "truncated")]
    [InlineData(97, "truncated")]
    public void A_forged_string_length_is_rejected_before_allocating(int count, string expected) =>
        RejectedWithoutAllocating<StringBox>(Forged(count, 0x41), expected);

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(50_000_000)]
    [InlineData(97)]
    public void A_forged_byte_buffer_length_is_rejected_before_allocating(int count)
    {
        RejectedWithoutAllocating<BytesBox>(Forged(count), "length");
        RejectedWithoutAllocating<MemoryBox>(Forged(count), "length");
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(50_000_000)]
    [InlineData(9)] // 9 entries of int and long need 108 bytes
    public void A_forged_map_length_is_rejected_before_allocating(int count) =>
        RejectedWithoutAllocating<MapBox>(Forged(count), "length");

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(50_000_000)]
    [InlineData(13)]
    public void A_forged_sparse_array_length_is_rejected_before_allocating(int count) =>
        RejectedWithoutAllocating<SparseBox>(Forged(count), "length");

    [Fact]
    public void Negative_lengths_other_than_null_are_rejected()
    {
        foreach (int n in new[] { -2, int.MinValue })
        {
            Assert.Contains("invalid length", Assert.Throws<KhoFormatException>(() => KhoSerializer.Deserialize<ListBox>(Forged(n))).Message);
            Assert.Contains("invalid string length", Assert.Throws<KhoFormatException>(() => KhoSerializer.Deserialize<StringBox>(Forged(n))).Message);
            Assert.Contains("invalid length", Assert.Throws<KhoFormatException>(() => KhoSerializer.Deserialize<BytesBox>(Forged(n))).Message);
            Assert.Contains("invalid length", Assert.Throws<KhoFormatException>(() => KhoSerializer.Deserialize<MapBox>(Forged(n))).Message);
            Assert.Contains("invalid length", Assert.Throws<KhoFormatException>(() => KhoSerializer.Deserialize<SparseBox>(Forged(n))).Message);
        }
        // -1 is null.
        Assert.Null(KhoSerializer.Deserialize<ListBox>(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF }).Items);
        Assert.Null(KhoSerializer.Deserialize<StringBox>(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF }).Text);
    }

    [Fact]
    public void The_read_limits_apply()
    {
        var options = new KhoReadOptions { MaxCollectionLength = 3, MaxStringBytes = 5 };
        byte[] list = KhoSerializer.Serialize(new ListBox(new List<long> { 1, 2, 3, 4 }));
        Assert.Contains("over the limit of 3", Assert.Throws<KhoFormatException>(() => KhoSerializer.Deserialize<ListBox>(list, options)).Message);
        Assert.Equal(4, KhoSerializer.Deserialize<ListBox>(list).Items!.Count);
        byte[] text = KhoSerializer.Serialize(new StringBox("héllo"));
        Assert.Contains("over the limit of 5", Assert.Throws<KhoFormatException>(() => KhoSerializer.Deserialize<StringBox>(text, options)).Message);
        Assert.Equal("hello", KhoSerializer.Deserialize<StringBox>(KhoSerializer.Serialize(new StringBox("hello")), options).Text);
    }

    // ------------------------------------------------------------------ depth

    [Fact]
    public void Nesting_deeper_than_the_limit_is_rejected()
    {
        var deep = new DeepRoot(new DeepMiddle(new DeepLeaf(7)));
        byte[] bytes = KhoSerializer.Serialize(deep);
        var shallow = new KhoReadOptions { MaxDepth = 2 };
        var e = Assert.Throws<KhoFormatException>(() => KhoSerializer.Deserialize<DeepRoot>(bytes, shallow));
        Assert.Contains("nesting deeper than the limit of 2", e.Message);
        Assert.Equal("deep-v1", e.FormatId);
        Assert.Equal(2, e.Offset); // two presence bytes in: where the leaf starts

        byte[] blob = KhoEnvelope.Serialize(deep);
        Assert.Throws<KhoFormatException>(() => KhoEnvelope.Deserialize<DeepRoot>(blob, shallow));

        Assert.Equal(7, KhoSerializer.Deserialize<DeepRoot>(bytes, new KhoReadOptions { MaxDepth = 3 }).Middle!.Leaf!.X);
        Assert.Equal(7, KhoEnvelope.Deserialize<DeepRoot>(blob, new KhoReadOptions { MaxDepth = 3 }).Middle!.Leaf!.X);
        // Two deep is within the limit of two.
        Assert.Null(KhoSerializer.Deserialize<DeepRoot>(KhoSerializer.Serialize(new DeepRoot(new DeepMiddle(null))), shallow).Middle!.Leaf);
    }

    // ------------------------------------------------------------------ values out of their domain

    static KhoFormatException Rejects<T>(byte[] input, string expected, int offset) where T : IKhoSerializable<T>
    {
        var e = Assert.Throws<KhoFormatException>(() => KhoSerializer.Deserialize<T>(input));
        Assert.Contains(expected, e.Message);
        Assert.Equal(T.KhoName, e.FormatId);
        Assert.Equal(offset, e.Offset);
        return e;
    }

    static byte[] Int32(int value) => BitConverter.GetBytes(value);
    static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    [Fact]
    public void Enum_values_outside_the_enum_are_rejected()
    {
        Rejects<EnumBox>(Int32(5), "value 5 is not a value of enum", 0);
        Rejects<EnumBox>(Int32(-2), "value -2 is not a value of enum", 0);
        Assert.Equal(IntEnum.Min, KhoSerializer.Deserialize<EnumBox>(Int32(int.MinValue)).Value);
        Rejects<FlagsBox>(Int32(2), "is not a combination of the flags of enum", 0);
        Rejects<FlagsBox>(Int32(0x4000_0000), "is not a combination of the flags of enum", 0);
        Assert.Equal(UIntFlags.A | UIntFlags.B | UIntFlags.High, KhoSerializer.Deserialize<FlagsBox>(BitConverter.GetBytes(0x8000_0101u)).Value);
        Rejects<SByteFlagsBox>(new byte[] { 0x40 }, "flags", 0);
        Assert.Equal(SByteFlags.Sign | SByteFlags.A, KhoSerializer.Deserialize<SByteFlagsBox>(new byte[] { 0x81 }).Value);

        // Inside a format, at the member's offset: Enums' first member is an sbyte enum, the second a byte enum.
        byte[] valid = KhoSerializer.Serialize(RoundTripTests.MakeEnums(new Gen(3)));
        byte[] bad = valid.ToArray();
        bad[1] = 2; // ByteEnum has 0, 1, 200, 255
        Rejects<Enums>(bad, "value 2 is not a value of enum KhoGen.Runtime.Tests.Formats.ByteEnum", 1);
    }

    [Fact]
    public void Booleans_and_presence_markers_other_than_0_and_1_are_rejected()
    {
        Rejects<BoolBox>(new byte[] { 2 }, "a boolean must be 0 or 1, found 2", 0);
        Rejects<BoolBox>(new byte[] { 0xFF }, "found 255", 0);
        Assert.True(KhoSerializer.Deserialize<BoolBox>(new byte[] { 1 }).Value);
        Rejects<NullableBox>(new byte[] { 2, 0, 0, 0, 0 }, "a presence marker must be 0 or 1, found 2", 0);
        Rejects<DataBox>(Concat(new byte[8], new byte[] { 7 }), "presence marker", 8);
        byte[] bools = KhoSerializer.Serialize(new Collections { Bools = new[] { true, false } });
        int at = bools.AsSpan().IndexOf(new byte[] { 2, 0, 0, 0, 1, 0 }) + 4; // count 2, then true, false
        bools[at + 1] = 3;
        Rejects<Collections>(bools, "a boolean must be 0 or 1, found 3", at + 1);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("customer-0042@example.com")]
    [InlineData("\u007F\u0000 edges of ASCII")]
    [InlineData("caf\u00E9")]                                               // non-ASCII at the end
    [InlineData("\u00E9 then a long ASCII tail, longer than one vector of bytes")]
    [InlineData("ASCII for more than thirty-two bytes, then \u4E2D\u6587 and \U0001F600")]
    [InlineData("Product 12345 \u2014 Deluxe edition")]                  // one three-byte code point between ASCII runs
    [InlineData("\u00E9\u00E8\u00EA\u00EB\u20AC\u2014\u00E0\u00E2\u00E7\u00F4 more than eight, then ASCII")] // the transcoder takes over
    [InlineData("\u65E5\u672C\u8A9E\u306E\u30C6\u30AD\u30B9\u30C8\u3067\u3059\u3002 \U0001F600")]
    public void Strings_decode_to_the_same_text_and_bytes_whether_ascii_or_not(string text)
    {
        foreach (string t in new[] { text, string.Concat(Enumerable.Repeat(text, 600 / Math.Max(1, text.Length))) + text })
            Decodes(t); // short and long (over 512 bytes) strings
    }

    [Fact]
    public void Strings_decode_whatever_sequence_sits_at_whatever_offset()
    {
        // The decoder sizes the string from a count of continuation and four-byte lead bytes, taken
        // 16, 8 and 1 byte(s) at a time: every sequence length at every offset across those steps.
        foreach (string piece in new[] { "\u00E9", "\u20AC", "\U0001F600", "x" })
            for (int before = 0; before <= 33; before++)
                for (int after = 0; after <= 17; after += 17 - before % 17)
                    Decodes(new string('a', before) + piece + new string('b', after) + piece);
    }

    [Fact]
    public void Strings_of_every_short_length_decode_with_a_sequence_at_every_position()
    {
        // The count reads whole 8- and 16-byte blocks, the last overlapping the one before with the
        // bytes counted already masked off: every length across both block sizes, every position.
        foreach (string piece in new[] { "\u00E9", "\u20AC", "\U0001F600" })
            for (int length = 0; length <= 40; length++)
                for (int at = 0; at <= length; at++)
                    Decodes(new string('a', at) + piece + new string('b', length - at));
    }

    [Fact]
    public void Invalid_utf8_is_rejected_at_every_position_of_every_short_length()
    {
        // A stray continuation byte, and a lead byte with no continuation, in the overlap of two blocks too.
        foreach (byte bad in new byte[] { 0x80, 0xC3, 0xF0 })
            for (int length = 1; length <= 40; length++)
                for (int at = 0; at < length; at++)
                {
                    byte[] utf8 = System.Text.Encoding.ASCII.GetBytes(new string('x', length));
                    utf8[at] = bad;
                    Rejects<StringBox>(Concat(Int32(utf8.Length), utf8), "invalid UTF-8 in a string", 0);
                }
    }

    static void Decodes(string text)
    {
        byte[] utf8 = System.Text.Encoding.UTF8.GetBytes(text);
        byte[] bytes = Concat(Int32(utf8.Length), utf8);
        Assert.Equal(bytes, KhoSerializer.Serialize(new StringBox(text)));
        Assert.Equal(text, KhoSerializer.Deserialize<StringBox>(bytes).Text);
    }

    [Theory]
    [InlineData(new byte[] { 0x41, 0x42, 0x43, 0x80 })]       // ASCII, then a stray continuation byte
    [InlineData(new byte[] { 0xC3, 0x28 })]             // a lead byte without its continuation
    [InlineData(new byte[] { 0xC0, 0xAF })]             // overlong '/'
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]       // an encoded surrogate
    [InlineData(new byte[] { 0xE2, 0x82 })]             // truncated sequence
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })] // above U+10FFFF
    [InlineData(new byte[] { 0x41, 0xFF })]
    [InlineData(new byte[] { 0xF0, 0x80 })]             // counted as many code units as bytes, but not ASCII
    [InlineData(new byte[] { 0x80, 0x80, 0x80 })]       // continuation bytes only: counted as no code unit
    [InlineData(new byte[] { 0xF0, 0x41, 0x41 })]       // counted as more code units than bytes
    public void Invalid_utf8_is_rejected(byte[] utf8)
    {
        // The same refusal after 600 bytes of ASCII.
        byte[] longer = Concat(System.Text.Encoding.ASCII.GetBytes(new string('x', 600)), utf8);
        Rejects<StringBox>(Concat(Int32(longer.Length), longer), "invalid UTF-8 in a string", 0);
        Rejects<StringBox>(Concat(Int32(utf8.Length), utf8), "invalid UTF-8 in a string", 0);
        // Inside a map key, at the key's offset.
        Rejects<StringMapBox>(Concat(Int32(1), Int32(utf8.Length), utf8, Int32(0)), "invalid UTF-8", 4);
    }

    [Theory]
    [InlineData(0x0000_0001)]              // low bits must be zero
    [InlineData(0x001D_0000)]              // scale 29
    [InlineData(0x00FF_0000)]              // scale 255
    [InlineData(0x4000_0000)]              // a bit between the scale and the sign
    [InlineData(unchecked((int)0x8000_8000))]
    public void Invalid_decimal_flags_are_rejected(int flags)
    {
        Rejects<DecimalBox>(Concat(Int32(1), Int32(0), Int32(0), Int32(flags)), "invalid decimal flags", 0);
    }

    [Fact]
    public void Valid_decimal_flags_are_accepted()
    {
        Assert.Equal(-0.0000000000000000000000000001m, KhoSerializer.Deserialize<DecimalBox>(
            Concat(Int32(1), Int32(0), Int32(0), Int32(unchecked((int)0x801C_0000)))).Value);
    }

    [Fact]
    public void Invalid_DateTime_kinds_and_ticks_are_rejected()
    {
        ulong kind3 = 3UL << 62 | 1234;
        Rejects<DateTimeBox>(BitConverter.GetBytes(kind3), "invalid DateTime", 0);
        Rejects<DateTimeBox>(BitConverter.GetBytes((ulong)DateTime.MaxValue.Ticks + 1), "invalid DateTime", 0);
        Assert.Equal(DateTimeKind.Local, KhoSerializer.Deserialize<DateTimeBox>(BitConverter.GetBytes(2UL << 62 | 5)).Value.Kind);

        Rejects<DateTimeOffsetBox>(Concat(BitConverter.GetBytes(0L), BitConverter.GetBytes((short)(15 * 60))), "invalid DateTimeOffset", 0);
        Rejects<DateTimeOffsetBox>(Concat(BitConverter.GetBytes(-1L), BitConverter.GetBytes((short)0)), "invalid DateTimeOffset", 0);
        // Clock time 0 at +01:00 is before year 1 in UTC.
        Rejects<DateTimeOffsetBox>(Concat(BitConverter.GetBytes(0L), BitConverter.GetBytes((short)60)), "out of range in UTC", 0);
    }

    [Fact]
    public void Duplicate_map_keys_are_rejected()
    {
        byte[] ints = Concat(Int32(2), Int32(7), BitConverter.GetBytes(1L), Int32(7), BitConverter.GetBytes(2L));
        Rejects<MapBox>(ints, "duplicate key in a map", 16);
        byte[] strings = Concat(Int32(2), Int32(1), new byte[] { 0x61 }, Int32(1), Int32(1), new byte[] { 0x61 }, Int32(2));
        Rejects<StringMapBox>(strings, "duplicate key in a map", 13);
    }

    [Fact]
    public void Null_map_keys_are_rejected()
    {
        // A string key of length -1 (null): a Dictionary cannot hold it, and the key type is declared non-nullable.
        byte[] strings = Concat(Int32(1), Int32(-1), Int32(5));
        Rejects<StringMapBox>(strings, "null in a key of StringMapBox.Map, which is declared non-nullable", 4);
        // A data class key that is absent.
        byte[] items = Concat(Int32(1), new byte[] { 0 }, Int32(5));
        Rejects<ItemMapBox>(items, "null in a key of ItemMapBox.Map, which is declared non-nullable", 4);
    }

    static byte[] Varint(ulong value)
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

    static byte[] Longs(int n) => new byte[8 * n];

    [Fact]
    public void Malformed_sparse_runs_are_rejected()
    {
        // Valid: 3 entries, a run of 2 at 5 and a run of 1 at 5 + 2 + 1 + 1 = 9.
        byte[] valid = Concat(Int32(3), Varint(5), Varint(1), Longs(2), Varint(1), Varint(0), Longs(1));
        var ok = KhoSerializer.Deserialize<SparseBox>(valid).Items!;
        Assert.Equal(new ulong[] { 5, 6, 9 }, ok.Select(kv => kv.Key));

        // A run longer than the entries that remain.
        Rejects<SparseBox>(Concat(Int32(3), Varint(5), Varint(5), Longs(6)), "a sparse array run of 6 entries, but only 3 remain", 4);
        // A run whose length wraps to zero (length - 1 = 2^64 - 1).
        var zero = Rejects<SparseBox>(Concat(Int32(1), Varint(5), Varint(ulong.MaxValue), Longs(1)), "a sparse array run of", 4);
        Assert.Contains("18446744073709551616 entries", zero.Message);
        // A second run whose start wraps around past the highest index (and would overlap the first).
        Rejects<SparseBox>(Concat(Int32(2), Varint(10), Varint(0), Longs(1), Varint(ulong.MaxValue - 11), Varint(0), Longs(1)),
            "a sparse array run starts past the highest index", 14);
        // A run that passes the highest index.
        Rejects<SparseBox>(Concat(Int32(2), Varint(ulong.MaxValue), Varint(1), Longs(2)), "a sparse array run passes the highest index", 4);
        // Fewer runs than the count says.
        Rejects<SparseBox>(Concat(Int32(3), Varint(5), Varint(1), Longs(2), Enumerable.Repeat((byte)0x80, 6).ToArray()), "truncated", 4 + 2 + 16 + 6);
        // Overlong and over-wide varints.
        Rejects<SparseBox>(Concat(Int32(1), new byte[] { 0x85, 0x00 }, Varint(0), Longs(1)), "overlong variable-length integer", 4);
        Rejects<SparseBox>(Concat(Int32(1), Enumerable.Repeat((byte)0xFF, 9).ToArray(), new byte[] { 0x02 }, Varint(0), Longs(1)), "wider than 64 bits", 4);
        Rejects<SparseBox>(Concat(Int32(1), Enumerable.Repeat((byte)0x80, 11).ToArray()), "", 4);
    }

    [Fact]
    public void Trailing_bytes_after_a_layout_are_rejected()
    {
        byte[] valid = KhoSerializer.Serialize(new MemfdV2(1, 2, new KhoArray<Folio>(), Seals.Grow, 3));
        Rejects<MemfdV2>(Concat(valid, new byte[] { 0 }), "1 unexpected trailing byte(s) after the layout", valid.Length);
        Rejects<MemfdV2>(Concat(valid, new byte[7]), "7 unexpected trailing byte(s)", valid.Length);
        Rejects<Point>(new byte[9], "trailing", 8);

        byte[] envelope = KhoEnvelope.Serialize(new MemfdV2(1, 2, new KhoArray<Folio>(), Seals.Grow, 3), 2);
        byte[] resealed = Envelopes.Reseal(envelope, Concat(Envelopes.Payload(envelope), new byte[] { 0x2A }));
        var e = Assert.Throws<KhoFormatException>(() => KhoEnvelope.Deserialize<MemfdV2>(resealed));
        Assert.Contains("trailing", e.Message);
        Assert.Equal("memfd-v2", e.FormatId);
        Assert.Equal(envelope.Length, e.Offset);
    }

    // ------------------------------------------------------------------ envelope headers

    [Fact]
    public void Malformed_envelope_headers_are_rejected_with_what_was_wrong()
    {
        byte[] good = KhoEnvelope.Serialize(new MemfdV2(1, 2, new KhoArray<Folio>(), Seals.None, 0), 2);

        KhoFormatException Bad(byte[] input, string expected, bool headerProblem = true)
        {
            var e = Assert.Throws<KhoFormatException>(() => KhoEnvelope.Deserialize<MemfdV2>(input));
            Assert.Contains(expected, e.Message);
            Assert.True(e.Offset >= 0 && e.Offset <= input.Length, e.Message);
            // Peek reads the header alone: it sees header problems, not a bad checksum.
            if (headerProblem) Assert.Throws<KhoFormatException>(() => KhoEnvelope.Peek(input));
            else Assert.Equal(("memfd", 2), KhoEnvelope.Peek(input));
            return e;
        }

        Bad(Array.Empty<byte>(), "no KHOE magic");
        Bad(KhoSerializer.Serialize(new MemfdV2(1, 2, new KhoArray<Folio>(), Seals.None, 0)), "no KHOE magic");
        byte[] version = good.ToArray();
        version[4] = 2;
        Bad(version, "unknown envelope version 2");
        Bad(good.AsSpan(0, 12).ToArray(), "truncated envelope header");
        byte[] name = good.ToArray();
        name[6] = 0x01;
        Bad(name, "not ASCII");
        byte[] upper = good.ToArray();
        upper[6] = (byte)'M';
        Bad(upper, "invalid format id");
        byte[] zero = good.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(zero.AsSpan(6 + zero[5]), 0);
        Bad(zero, "invalid format id");
        var length = Bad(Concat(good, new byte[] { 0 }), "payload has");
        Assert.Equal("memfd-v2", length.FormatId);
        byte[] sum = good.ToArray();
        sum[Envelopes.PayloadOffset(sum) - 1] ^= 0x80;
        var checksum = Bad(sum, "checksum mismatch", headerProblem: false);
        Assert.Equal("memfd-v2", checksum.FormatId);
        Assert.Equal(Envelopes.PayloadOffset(sum) - 8, checksum.Offset);
    }
}
