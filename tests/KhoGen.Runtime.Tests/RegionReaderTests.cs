using System;
using System.Linq;
using KhoGen.Handover.Native;
using KhoGen.Regions;
using KhoGen.Runtime.Tests.Formats;
using static KhoGen.Runtime.Tests.RegionTests;

namespace KhoGen.Runtime.Tests;

/// <summary>
/// The next build's side of a region: adopted in place when the layout is the same, converted
/// element by element when it is older, copied from an inline entry; and refused, unchanged, when
/// the header or the memfd lies.
/// </summary>
public unsafe class RegionReaderTests
{
    const int F_DUPFD_CLOEXEC = 1030;

    static readonly KhoReadOptions Options = KhoReadOptions.Default;

    /// <summary>The region's memfd as a handover would deliver it: a second descriptor, and its entry.</summary>
    static (RegionDescriptors Fds, byte[] Payload) Handed<T>(KhoRegion<T> region) where T : unmanaged, IKhoFormat<T>, IKhoPlainLayout
    {
        int dup = LibC.fcntl(Memory(region).Descriptor, F_DUPFD_CLOEXEC, 0);
        Assert.True(dup >= 0);
        var payload = RegionPayload.ForDescriptor(0, ((IKhoRegion)region).HeaderChecksum, Memory(region).Length);
        return (new RegionDescriptors(new[] { dup }, LibC.geteuid()), payload);
    }

    [Fact]
    public void Same_layout_is_adopted_in_place_the_same_memfd_and_not_a_byte_copied()
    {
        using var written = Filled(1000);
        var (fds, payload) = Handed(written);
        using (fds)
        {
            using var state = RegionReader.Read<PageV1>(payload, 1, Options, fds);
            var adopted = (KhoRegion<PageV1>)state.Region;

            Assert.Equal(new KhoRegionReport("page-v1", KhoRegionHandover.Adopted, 1000, 0, written.Inode), state.Report);
            Assert.Equal(written.Inode, adopted.Inode);
            Assert.True(adopted.IsFrozen);   // until the point of no return
            Assert.Throws<KhoRegionFrozenException>(() => adopted[0] = default);
            Memory(adopted).Protect(frozen: false, "test");
            adopted[5] = new PageV1(55, 55);
            Assert.Equal(new PageV1(55, 55), written[5]);   // one memory, two mappings
        }
    }

    [Fact]
    public void An_older_version_is_converted_element_by_element_into_a_new_region()
    {
        using var written = Filled(1000);
        var (fds, payload) = Handed(written);
        using (fds)
        using (var state = RegionReader.Read<PageV2>(payload, 1, Options, fds))
        {
            var converted = (KhoRegion<PageV2>)state.Region;
            Assert.Equal(KhoRegionHandover.Converted, state.Report.How);
            Assert.Equal(1000 * 16, state.Report.BytesCopied);
            Assert.NotEqual(written.Inode, converted.Inode);
            Assert.False(converted.IsFrozen);
            Assert.Equal(new PageV2(999, 999 * 7, 0), converted[999]);
        }
    }

    [Fact]
    public void An_inline_entry_round_trips_and_a_downgraded_one_is_upgraded_back()
    {
        using var v2 = KhoRegion<PageV2>.Create();
        for (int i = 0; i < 300; i++) v2.Add(new PageV2((ulong)i, 1, 9));
        using (var same = RegionReader.Read<PageV2>(v2.ToInline(2), 2, Options, null))
        {
            Assert.Equal(KhoRegionHandover.Copied, same.Report.How);
            Assert.Equal(new PageV2(299, 1, 9), ((KhoRegion<PageV2>)same.Region)[299]);
        }
        byte[] down = v2.ToInline(1);
        Assert.Equal(1 + RegionHeader.Length + 300 * 16, down.Length);
        using (var up = RegionReader.Read<PageV2>(down, 1, Options, null))
            Assert.Equal(new PageV2(299, 1, 0), ((KhoRegion<PageV2>)up.Region)[299]);
    }

    [Fact]
    public void A_descriptor_entry_without_descriptors_is_refused()
    {
        using var written = Filled(3);
        var (fds, payload) = Handed(written);
        fds.Dispose();
        var e = Assert.Throws<KhoFormatException>(() => RegionReader.Read<PageV1>(payload, 1, Options, null));
        Assert.Contains("came without any", e.Message);
    }

    [Fact]
    public void A_version_this_region_is_not_or_another_format_is_refused()
    {
        using var written = Filled(3);
        var (fds, payload) = Handed(written);
        using (fds)
        {
            var e = Assert.Throws<KhoFormatException>(() => RegionReader.Read<PageV2>(payload, 2, Options, fds));
            Assert.Contains("the region holds page-v1", e.Message);
        }
    }

    [Fact]
    public void A_memfd_of_another_size_than_its_header_says_is_refused_and_left_alone()
    {
        using var written = Filled(3);
        var (fds, payload) = Handed(written);
        using (fds)
        {
            Assert.Equal(0, LibC.ftruncate(Memory(written).Descriptor, Memory(written).Length + 4096));   // grown behind the header's back
            var e = Assert.Throws<KhoFormatException>(() => RegionReader.Read<PageV1>(payload, 1, Options, fds));
            Assert.Contains("the memfd holds", e.Message);
            Assert.Equal(new PageV1(2, 14), written[2]);
        }
    }

    [Fact]
    public void A_memfd_of_another_uid_than_the_running_builds_is_refused()
    {
        using var written = Filled(3);
        int dup = LibC.fcntl(Memory(written).Descriptor, F_DUPFD_CLOEXEC, 0);
        using var fds = new RegionDescriptors(new[] { dup }, LibC.geteuid() + 1);   // the peer's uid, as SO_PEERCRED said
        var payload = RegionPayload.ForDescriptor(0, ((IKhoRegion)written).HeaderChecksum, Memory(written).Length);
        var e = Assert.Throws<KhoFormatException>(() => RegionReader.Read<PageV1>(payload, 1, Options, fds));
        Assert.Contains($"owned by uid {LibC.geteuid()}, not by the running build's uid {LibC.geteuid() + 1}", e.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_memfd_sealed_against_shrinking_is_refused()
    {
        string path = System.IO.Path.GetTempFileName();
        try
        {
            using var written = Filled(3);
            System.IO.File.WriteAllBytes(path, new ReadOnlySpan<byte>(Memory(written).Base, (int)Memory(written).Length).ToArray());   // the same bytes, in a plain file
            using var file = System.IO.File.OpenHandle(path, System.IO.FileMode.Open, System.IO.FileAccess.ReadWrite);
            int dup = LibC.fcntl((int)file.DangerousGetHandle(), F_DUPFD_CLOEXEC, 0);
            using var fds = new RegionDescriptors(new[] { dup }, LibC.geteuid());
            var payload = RegionPayload.ForDescriptor(0, ((IKhoRegion)written).HeaderChecksum, Memory(written).Length);
            var e = Assert.Throws<KhoFormatException>(() => RegionReader.Read<PageV1>(payload, 1, Options, fds));
            Assert.Contains("not a memfd sealed against shrinking", e.Message);
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }

    [Fact]
    public void A_descriptor_named_twice_is_refused()
    {
        using var written = Filled(3);
        var (fds, payload) = Handed(written);
        using (fds)
        using (RegionReader.Read<PageV1>(payload, 1, Options, fds))
        {
            var e = Assert.Throws<KhoFormatException>(() => RegionReader.Read<PageV1>(payload, 1, Options, fds));
            Assert.Contains("named by two entries", e.Message);
        }
    }

    [Fact]
    public void A_region_whose_header_changed_after_the_image_was_written_is_refused()
    {
        using var written = Filled(3);
        var (fds, payload) = Handed(written);
        using (fds)
        {
            written.Add(new PageV1(3, 3));   // count 4 now, same memfd size: a valid header, not the one the image names
            var e = Assert.Throws<KhoFormatException>(() => RegionReader.Read<PageV1>(payload, 1, Options, fds));
            Assert.Contains("not the header the image was written with", e.Message);
        }
    }

    /// <summary>Every byte of the header, changed and the checksum rebuilt around it: never adopted, the memfd unchanged.</summary>
    [Fact]
    public void Every_forged_header_is_refused_with_a_format_exception_and_changes_nothing()
    {
        var random = new Random(18);
        for (int round = 0; round < 400; round++)
        {
            using var written = Filled(8);
            var header = new Span<byte>(Memory(written).Base, RegionHeader.Length);
            int at = random.Next(0, 120);
            byte before = header[at];
            byte after = (byte)(before ^ (1 << random.Next(8)));
            header[at] = after;
            RegionHeader.Seal(header);
            byte[] forged = header.ToArray();
            byte[] data = new ReadOnlySpan<byte>(Memory(written).Base + RegionHeader.DataOffset, 8 * 16).ToArray();
            // The image names the forged header itself: only the header's own checks stand between it and the successor.
            var payload = RegionPayload.ForDescriptor(0, RegionHeader.ChecksumOf(forged), Memory(written).Length);
            int dup = LibC.fcntl(Memory(written).Descriptor, F_DUPFD_CLOEXEC, 0);
            using var fds = new RegionDescriptors(new[] { dup }, LibC.geteuid());
            try
            {
                using var state = RegionReader.Read<PageV1>(payload, 1, Options, fds);
                // The one change a header may carry unrefused: another count within the capacity. Those
                // elements are inside the memfd and any bytes are a value of a plain layout; the image
                // names this very header (a forger who can do that runs as the service: docs/regions.md).
                Assert.True(at is >= 32 and < 40 && state.Report.Elements <= written.Capacity, $"byte {at}: {before:x2} -> {after:x2} was accepted: {state.Report}");
            }
            catch (KhoFormatException) { }
            Assert.Equal(forged, new ReadOnlySpan<byte>(Memory(written).Base, RegionHeader.Length).ToArray());
            Assert.Equal(data, new ReadOnlySpan<byte>(Memory(written).Base + RegionHeader.DataOffset, 8 * 16).ToArray());
        }
    }

    /// <summary>The same for inline entries (file mode): any forged header or cut payload is refused.</summary>
    [Fact]
    public void Every_forged_inline_entry_is_refused_with_a_format_exception()
    {
        var random = new Random(1818);
        using var written = Filled(8);
        byte[] good = written.ToInline(1);
        for (int round = 0; round < 400; round++)
        {
            byte[] payload = (byte[])good.Clone();
            int at = 1 + random.Next(0, 120);
            payload[at] ^= (byte)(1 << random.Next(8));
            RegionHeader.Seal(payload.AsSpan(1));
            var cut = round % 4 == 0 ? payload.AsSpan(0, payload.Length - 1 - random.Next(16)).ToArray() : payload;
            Assert.Throws<KhoFormatException>(() => RegionReader.Read<PageV1>(cut, 1, Options, null).Dispose());
        }
    }
}
