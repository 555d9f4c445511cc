using System;
using System.Linq;
using KhoGen.Handover.Native;
using KhoGen.Regions;
using KhoGen.Runtime.Tests.Formats;

namespace KhoGen.Runtime.Tests;

/// <summary>KhoRegion&lt;T&gt;: a memfd mapped into the process, its header, growth, freeze and thaw (Linux).</summary>
public unsafe class RegionTests
{
    internal static KhoRegion<PageV1> Filled(int count)
    {
        var region = KhoRegion<PageV1>.Create();
        for (int i = 0; i < count; i++) region.Add(new PageV1((ulong)i, (ulong)i * 7));
        return region;
    }

    internal static RegionMemory Memory<T>(KhoRegion<T> r) where T : unmanaged, IKhoFormat<T>, IKhoPlainLayout => ((IKhoRegion)r).Memory;

    internal static RegionHeader HeaderOf<T>(KhoRegion<T> r) where T : unmanaged, IKhoFormat<T>, IKhoPlainLayout =>
        RegionHeader.Read(new ReadOnlySpan<byte>(Memory(r).Base, RegionHeader.Length), Memory(r).Length, "test");

    [Fact]
    public void A_region_grows_by_remapping_and_its_header_says_what_it_holds()
    {
        using var region = Filled(5000);   // from an empty memfd: grows several times
        Assert.Equal(5000, region.Count);
        Assert.True(region.Capacity >= 5000);
        Assert.Equal(new PageV1(4321, 4321 * 7), region[4321]);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => new PageV1((ulong)i, (ulong)i * 7)), region.AsReadOnlySpan(0, 100).ToArray());

        var header = HeaderOf(region);
        Assert.Equal(("page", 1, 5000L, region.Capacity, 16), (header.Format, header.Version, header.Count, header.Capacity, header.ElementSize));
        Assert.Equal(PageV1.KhoShapeOf(1), header.Shape);
        Assert.Equal(RegionHeader.DataOffset + region.Capacity * 16, Memory(region).Facts("test").Size);
        Assert.NotEqual(0UL, region.Inode);
    }

    [Fact]
    public void Spans_write_in_place_and_resize_zeroes_new_elements()
    {
        using var region = Filled(10);
        region.AsSpan(2, 3).Fill(new PageV1(9, 9));
        Assert.Equal(new PageV1(9, 9), region[4]);
        region.Resize(4);
        region.Resize(8);
        Assert.Equal(default, region[6]);
        Assert.Throws<ArgumentOutOfRangeException>(() => region[8]);
        Assert.Equal(8, HeaderOf(region).Count);
    }

    [Fact]
    public void A_frozen_region_refuses_every_write_through_the_API_and_is_writable_again_after_thaw()
    {
        using var region = Filled(10);
        Memory(region).Protect(frozen: true, "test");

        Assert.True(region.IsFrozen);
        var e = Assert.Throws<KhoRegionFrozenException>(() => region[0] = new PageV1(1, 1));
        Assert.Equal("page-v1", e.Id);
        Assert.Throws<KhoRegionFrozenException>(() => region.Add(default));
        Assert.Throws<KhoRegionFrozenException>(() => region.AsSpan(0, 1));
        Assert.Throws<KhoRegionFrozenException>(() => region.Resize(20));
        Assert.Throws<KhoRegionFrozenException>(() => region.Reserve(1 << 20));
        Assert.Equal(new PageV1(3, 21), region[3]);   // reads go on

        Memory(region).Protect(frozen: false, "test");
        region[0] = new PageV1(42, 42);
        Assert.Equal(new PageV1(42, 42), region[0]);
    }

    [Fact]
    public void The_memfd_is_sealed_against_shrinking_so_nobody_can_cut_it_under_a_mapping()
    {
        using var region = Filled(10);
        int seals = LibC.fcntl(Memory(region).Descriptor, LibC.F_GET_SEALS, 0);
        Assert.Equal(LibC.F_SEAL_SHRINK, seals & LibC.AllSeals);
        Assert.NotEqual(0, LibC.ftruncate(Memory(region).Descriptor, RegionHeader.DataOffset));
    }

    [Fact]
    public void Disposed_regions_refuse_use()
    {
        var region = Filled(1);
        region.Dispose();
        Assert.Throws<ObjectDisposedException>(() => region.Add(default));
        Assert.Throws<ObjectDisposedException>(() => region[0]);
    }
}
