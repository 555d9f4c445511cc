using System;
using System.Collections.Generic;
using KhoGen.Runtime.Tests.Formats;
using KhoGen.Runtime.Tests.Support;

namespace KhoGen.Runtime.Tests;

/// <summary>
/// docs/reliability.md, "Null handling": a null where a member, element, key or value is declared
/// non-nullable is refused when written (ArgumentException naming it) and when read
/// (KhoFormatException naming it, at the null marker), through bare layouts and envelopes; where the
/// declaration is nullable, a null round-trips.
/// </summary>
public class NullHandlingTests
{
    static Loose Valid() => new("n", new() { "t" }, new LooseOwner { Name = "o" }, new() { ["k"] = "v" }, Sparse("s"), new byte[] { 1 }, new[] { "a" });

    static KhoArray<string?> Sparse(string? value)
    {
        var a = new KhoArray<string?>();
        a[5] = value;
        return a;
    }

    public static TheoryData<string, string> Nulls => new()
    {
        { "Name", "StrictV1.Name" },
        { "Tags", "StrictV1.Tags" },
        { "Tags[0]", "an element of StrictV1.Tags" },
        { "Owner", "StrictV1.Owner" },
        { "Owner.Name", "Owner.Name" },
        { "Notes", "StrictV1.Notes" },
        { "Notes[k]", "a value of StrictV1.Notes" },
        { "Sparse", "StrictV1.Sparse" },
        { "Sparse[5]", "an element of StrictV1.Sparse" },
        { "Blob", "StrictV1.Blob" },
        { "Array", "StrictV1.Array" },
        { "Array[0]", "an element of StrictV1.Array" },
    };

    static Loose WithNull(string where) => where switch
    {
        "Name" => Valid() with { Name = null },
        "Tags" => Valid() with { Tags = null },
        "Tags[0]" => Valid() with { Tags = new() { null } },
        "Owner" => Valid() with { Owner = null },
        "Owner.Name" => Valid() with { Owner = new LooseOwner() },
        "Notes" => Valid() with { Notes = null },
        "Notes[k]" => Valid() with { Notes = new() { ["k"] = null } },
        "Sparse" => Valid() with { Sparse = null },
        "Sparse[5]" => Valid() with { Sparse = Sparse(null) },
        "Blob" => Valid() with { Blob = null },
        "Array" => Valid() with { Array = null },
        _ => Valid() with { Array = new string?[] { null } },
    };

    [Fact]
    public void The_non_nullable_layout_reads_the_same_bytes_as_the_nullable_one_when_nothing_is_null()
    {
        // Nullability is not part of the layout: the same bytes, and the same shape.
        byte[] bytes = KhoSerializer.Serialize(Valid());
        var strict = KhoSerializer.Deserialize<StrictV1>(bytes);
        Assert.Equal("n", strict.Name);
        Assert.Equal("o", strict.Owner.Name);
        Assert.Equal(bytes, KhoSerializer.Serialize(strict));
    }

    [Theory]
    [MemberData(nameof(Nulls))]
    public void A_null_is_refused_when_read_naming_the_member(string where, string named)
    {
        byte[] bytes = KhoSerializer.Serialize(WithNull(where));
        var e = Assert.Throws<KhoFormatException>(() => KhoSerializer.Deserialize<StrictV1>(bytes));
        Assert.Contains($"null in {named}, which is declared non-nullable", e.Message);
        Assert.Equal("strict-v1", e.FormatId);
        // At the null marker: a length or count of -1 (FF FF FF FF) or an absent presence byte (00).
        Assert.True(bytes[e.Offset] is 0xFF or 0x00, $"offset {e.Offset}: byte {bytes[e.Offset]:X2}");
    }

    [Theory]
    [MemberData(nameof(Nulls))]
    public void A_null_is_refused_in_an_envelope_naming_the_member(string where, string named)
    {
        // A valid strict-v1 envelope resealed around a payload with the null: checksum and shape right.
        byte[] envelope = Envelopes.Reseal(KhoEnvelope.Serialize(KhoSerializer.Deserialize<StrictV1>(KhoSerializer.Serialize(Valid()))),
            KhoSerializer.Serialize(WithNull(where)));
        var e = Assert.Throws<KhoFormatException>(() => KhoEnvelope.Deserialize<StrictV1>(envelope));
        Assert.Contains($"null in {named}, which is declared non-nullable", e.Message);
        Assert.Equal("strict-v1", e.FormatId);
    }

    [Fact]
    public void A_null_is_refused_when_written_naming_the_member()
    {
        var valid = KhoSerializer.Deserialize<StrictV1>(KhoSerializer.Serialize(Valid()));
        Assert.Contains("StrictV1.Name is null, but it is declared non-nullable",
            Assert.Throws<ArgumentException>(() => KhoSerializer.Serialize(valid with { Name = null! })).Message);
        Assert.Contains("an element of StrictV1.Tags is null",
            Assert.Throws<ArgumentException>(() => KhoSerializer.Serialize(valid with { Tags = new List<string> { "a", null! } })).Message);
        Assert.Contains("a value of StrictV1.Notes is null",
            Assert.Throws<ArgumentException>(() => KhoEnvelope.Serialize(valid with { Notes = new() { ["k"] = null! } })).Message);
        Assert.Contains("StrictV1.Owner is null",
            Assert.Throws<ArgumentException>(() => KhoEnvelope.Serialize(valid with { Owner = null! })).Message);
        Assert.Contains("Owner.Name is null",
            Assert.Throws<ArgumentException>(() => KhoEnvelope.Serialize(valid with { Owner = new Owner { Name = null! } })).Message);
    }

    [Fact]
    public void Where_the_declaration_is_nullable_a_null_round_trips()
    {
        foreach (object[] row in Nulls)
        {
            Loose value = WithNull((string)row[0]);
            byte[] bytes = KhoSerializer.Serialize(value);
            Assert.Equal(bytes, KhoSerializer.Serialize(KhoSerializer.Deserialize<Loose>(bytes)));
        }
    }
}

/// <summary>
/// docs/reliability.md, "Conversions that throw": an upgrade that throws (or returns null) makes the
/// read a KhoFormatException naming the conversion, with the user's exception inside; a downgrade that
/// throws makes the write an InvalidOperationException naming it.
/// </summary>
public class ConversionFailureTests
{
    [Fact]
    public void An_upgrade_that_throws_is_a_format_error_naming_the_conversion_with_the_users_exception_inside()
    {
        byte[] v1 = KhoEnvelope.Serialize(new ConvertV2(-5), version: 1);
        var e = Assert.Throws<KhoFormatException>(() => KhoEnvelope.Deserialize<ConvertV2>(v1));
        Assert.Contains("the upgrade convert-v1 -> convert-v2 (KhoGen.Runtime.Tests.Formats.ConvertV2.From) threw ArgumentOutOfRangeException: negative", e.Message);
        Assert.Equal("convert-v1", e.FormatId);
        Assert.IsType<ArgumentOutOfRangeException>(e.InnerException);
        // A value the upgrade accepts is read.
        Assert.Equal(new ConvertV2(3), KhoEnvelope.Deserialize<ConvertV2>(KhoEnvelope.Serialize(new ConvertV2(3), version: 1)));
    }

    [Fact]
    public void An_upgrade_that_returns_null_is_a_format_error_naming_the_conversion()
    {
        byte[] v1 = KhoEnvelope.Serialize(new ConvertV2(7), version: 1);
        var e = Assert.Throws<KhoFormatException>(() => KhoEnvelope.Deserialize<ConvertV2>(v1));
        Assert.Contains("the upgrade convert-v1 -> convert-v2 (KhoGen.Runtime.Tests.Formats.ConvertV2.From) returned null", e.Message);
        Assert.Null(e.InnerException);
    }

    [Fact]
    public void A_downgrade_that_throws_is_an_invalid_operation_naming_the_conversion()
    {
        var e = Assert.Throws<InvalidOperationException>(() => KhoEnvelope.Serialize(new ConvertV2(500), version: 1));
        Assert.Equal("The downgrade convert-v2 -> convert-v1 (KhoGen.Runtime.Tests.Formats.ConvertV2.To) threw InvalidOperationException: too big for v1", e.Message);
        Assert.IsType<InvalidOperationException>(e.InnerException);
        Assert.Equal("too big for v1", e.InnerException!.Message);
    }
}
