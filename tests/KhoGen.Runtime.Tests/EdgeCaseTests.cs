using System;
using System.Collections.Generic;
using System.Linq;
using KhoGen.Runtime.Tests.Formats;

namespace KhoGen.Runtime.Tests;

public class EdgeCaseTests
{
    [Fact]
    public void A_list_of_empty_data_round_trips()
    {
        var box = new EmptyListBox(Enumerable.Repeat(new Empty(), 1000).ToList());
        byte[] bytes = KhoSerializer.Serialize(box);
        Assert.Equal(4 + 1000, bytes.Length); // the count, then one zero byte per element
        Assert.Equal(1000, KhoSerializer.Deserialize<EmptyListBox>(bytes).Items!.Count);
    }

    [Fact]
    public void A_forged_count_of_empty_elements_is_refused_without_allocating()
    {
        byte[] forged = new byte[100];
        BitConverter.GetBytes(50_000_000).CopyTo(forged, 0);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<KhoFormatException>(() => KhoSerializer.Deserialize<EmptyListBox>(forged));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains("50000000", e.Message);
        Assert.True(allocated < 16 * 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public void An_empty_layout_must_be_a_zero_byte()
    {
        byte[] bytes = KhoSerializer.Serialize(new EmptyListBox(new List<Empty> { new() }));
        bytes[^1] = 7;
        var e = Assert.Throws<KhoFormatException>(() => KhoSerializer.Deserialize<EmptyListBox>(bytes));
        Assert.Contains("empty layout", e.Message);
    }

    [Fact]
    public void An_undefined_enum_value_is_refused_when_written_not_after_the_hand_over()
    {
        var e = Assert.Throws<ArgumentException>(() => KhoSerializer.Serialize(new ColorBox((Color)5, Perm.Read)));
        Assert.Contains("value 5", e.Message);
        Assert.Contains(nameof(Color), e.Message);
        var flags = Assert.Throws<ArgumentException>(() => KhoSerializer.Serialize(new ColorBox(Color.Red, (Perm)4)));
        Assert.Contains("combination of the flags", flags.Message);
        // Defined values and flag combinations are written and read back.
        var ok = new ColorBox(Color.Green, Perm.Read | Perm.Write);
        Assert.Equal(ok, KhoSerializer.Deserialize<ColorBox>(KhoSerializer.Serialize(ok)));
    }

    [Fact]
    public void Member_names_that_are_keywords_round_trip()
    {
        var value = new Keywords(3, "c") { @event = 9 };
        Assert.Equal(value, KhoSerializer.Deserialize<Keywords>(KhoSerializer.Serialize(value)));
    }
}
