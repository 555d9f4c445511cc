using System;
using System.Buffers.Binary;
using System.IO;
using System.Threading.Tasks;
using KhoGen.LiveUpdate.Tests.Support;

namespace KhoGen.LiveUpdate.Tests;

/// <summary>Image format version 2 says whose state it is, for which build, and when; a reader refuses any other version.</summary>
public class ImageVersionTests
{
    static async Task<byte[]> ImageAsync(KhoLiveUpdateOptions options, KhoCatalog next)
    {
        var trio = new Trio(5);
        var update = new KhoLiveUpdate(options);
        foreach (var p in trio.All) update.Register(p);
        var prepared = await update.PrepareAsync(next);
        var stream = new MemoryStream();
        await prepared.CommitAsync(stream);
        return stream.ToArray();
    }

    [Fact]
    public async Task The_header_records_the_address_the_successor_and_the_creation_time()
    {
        var options = new KhoLiveUpdateOptions { ServiceName = "cache", InstanceName = "eu-1" };
        var before = DateTimeOffset.UtcNow.AddMilliseconds(-1);
        byte[] bytes = await ImageAsync(options, Catalogs.Own);

        using var image = KhoImage.Read(bytes);
        Assert.Equal("cache/eu-1", image.Address);
        Assert.Equal($"{Catalogs.Own.AssemblyName} {Catalogs.Own.AssemblyVersion}", image.Successor);
        Assert.Equal(new KhoLiveUpdate(options).CatalogFingerprint, image.SuccessorFingerprint);
        Assert.InRange(image.Created, before, DateTimeOffset.UtcNow);
    }

    [Theory]
    [InlineData(1u)]
    [InlineData(3u)]
    public async Task A_reader_refuses_an_image_version_it_does_not_know(uint version)
    {
        byte[] bytes = await ImageAsync(new KhoLiveUpdateOptions(), Catalogs.Own);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), version);

        var e = Assert.Throws<KhoFormatException>(() => KhoImage.Read(new MemoryStream(bytes)).Dispose());
        Assert.Contains($"header: image format version {version}; this build reads version 2", e.Message);
    }

    [Fact]
    public void Instance_and_service_names_are_checked_because_they_name_files()
    {
        var options = new KhoLiveUpdateOptions();
        foreach (string bad in new[] { "", "../x", "a/b", ".hidden", "x.", new string('a', 65) })
            Assert.Throws<ArgumentException>(() => options.InstanceName = bad);
        Assert.Throws<ArgumentException>(() => options.ServiceName = "my service");
        Assert.Equal(KhoLiveUpdateOptions.DefaultInstanceName("/srv/a"), KhoLiveUpdateOptions.DefaultInstanceName("/srv/a/"));
        Assert.NotEqual(KhoLiveUpdateOptions.DefaultInstanceName("/srv/a"), KhoLiveUpdateOptions.DefaultInstanceName("/srv/b"));
    }
}
