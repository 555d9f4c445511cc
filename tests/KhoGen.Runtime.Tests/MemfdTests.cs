using KhoGen.Runtime.Tests.Formats;

namespace KhoGen.Runtime.Tests;

public class MemfdTests
{
    static KhoArray<Folio> Folios()
    {
        var folios = new KhoArray<Folio>();
        folios[0] = new Folio(100, FolioFlags.Dirty);
        folios[1] = new Folio(101, FolioFlags.Uptodate);
        folios[1UL << 40] = new Folio(7, FolioFlags.Dirty | FolioFlags.Uptodate);
        return folios;
    }

    [Fact]
    public void V1_round_trips_through_the_bare_layout()
    {
        var v1 = new MemfdV1(4096, 1 << 20, Folios());
        byte[] bytes = KhoSerializer.Serialize(v1);
        var back = KhoSerializer.Deserialize<MemfdV1>(bytes);
        Assert.Equal(v1.Pos, back.Pos);
        Assert.Equal(v1.Size, back.Size);
        Assert.Equal(v1.Folios, back.Folios);
    }

    [Fact]
    public void An_old_envelope_is_read_as_the_latest_version()
    {
        byte[] old = KhoEnvelope.Serialize(new MemfdV1(1, 2, Folios()));
        Assert.Equal(("memfd", 1), KhoEnvelope.Peek(old));
        MemfdV2 v2 = KhoEnvelope.Deserialize<MemfdV2>(old);
        Assert.Equal(1UL, v2.Pos);
        Assert.Equal(Seals.None, v2.Seals);
        Assert.Equal(Folios(), v2.Folios);
    }

    [Fact]
    public void The_latest_writes_the_older_version_through_its_downgrade()
    {
        var v2 = new MemfdV2(1, 2, Folios(), Seals.Grow, 9);
        byte[] blob = KhoEnvelope.Serialize(v2, version: 1);
        Assert.Equal(("memfd", 1), KhoEnvelope.Peek(blob));
        MemfdV1 v1 = KhoEnvelope.Deserialize<MemfdV1>(blob);
        Assert.Equal(Folios(), v1.Folios);
    }

    [Fact]
    public void The_catalog_lists_both_versions()
    {
        var memfd = KhoRegistry.Catalog.FindFormat("memfd");
        Assert.NotNull(memfd);
        Assert.Equal(2, memfd!.Latest);
        Assert.All(memfd.Versions, v => Assert.True(v.Read && v.Write));
    }
}
