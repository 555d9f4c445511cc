using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using KhoGen.Runtime.Tests.Formats;
using KhoGen.Runtime.Tests.Support;

namespace KhoGen.Runtime.Tests;

/// <summary>The round-trip comparer must see the differences the round trip could introduce.</summary>
public class DeepComparerTests
{
    [Fact]
    public void It_sees_differences_that_Equals_hides()
    {
        Assert.NotNull(Deep.Compare(new DateTime(5, DateTimeKind.Utc), new DateTime(5, DateTimeKind.Local), "v"));
        Assert.NotNull(Deep.Compare(new DateTimeOffset(2000, 1, 1, 1, 0, 0, TimeSpan.FromHours(1)), new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), "v"));
        Assert.NotNull(Deep.Compare(1.0m, 1.00m, "v"));
        Assert.NotNull(Deep.Compare(0f, -0f, "v"));
        Assert.NotNull(Deep.Compare(double.NaN, BitConverter.UInt64BitsToDouble(0x7FF8_0000_0000_0001), "v"));
        Assert.NotNull(Deep.Compare(ImmutableArray<int>.Empty, default(ImmutableArray<int>), "v"));
        Assert.NotNull(Deep.Compare(new List<int>(), null, "v"));
        Assert.NotNull(Deep.Compare(new Dictionary<int, string?> { [1] = "a" }, new Dictionary<int, string?> { [1] = "b" }, "v"));
        var a = new KhoArray<int>();
        a[1] = 1;
        var b = new KhoArray<int>();
        b[2] = 1;
        Assert.NotNull(Deep.Compare(a, b, "v"));
        Assert.NotNull(Deep.Compare(new Item { Where = new Point(1, 2) }, new Item { Where = new Point(1, 3) }, "v"));
        Assert.NotNull(Deep.Compare(new Nullables { Point = new Point(1, 2) }, new Nullables(), "v"));
        Assert.NotNull(Deep.Compare(new Pixel { R = 1 }, new Pixel(), "v"));
        Assert.NotNull(Deep.Compare(new Account(Guid.Empty, "x"), new Account(Guid.Empty, "y"), "v"));
    }

    [Fact]
    public void It_treats_carriers_of_one_wire_type_alike()
    {
        Assert.Null(Deep.Compare(new List<int> { 1, 2 }, new[] { 1, 2 }, "v"));
        Assert.Null(Deep.Compare(new ReadOnlyMemory<byte>(new byte[] { 1, 2, 3 }, 1, 2), new ReadOnlyMemory<byte>(new byte[] { 2, 3 }), "v"));
        Assert.Null(Deep.Compare(double.NaN, double.NaN, "v"));
    }
}
