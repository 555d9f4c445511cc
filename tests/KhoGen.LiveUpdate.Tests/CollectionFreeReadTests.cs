using System;
using System.IO;
using System.Linq;
using System.Runtime;
using System.Threading.Tasks;
using KhoGen.Fuzz.Forge;
using KhoGen.LiveUpdate.Tests.Formats;
using KhoGen.LiveUpdate.Tests.Support;

namespace KhoGen.LiveUpdate.Tests;

/// <summary>Tests that start, end or watch the process-wide no-GC region (and switch blob-v2's writing): run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GcModeCollection
{
    public const string Name = "GC latency mode";
}

/// <summary>
/// A restore reads its entries inside a no-GC region (<see cref="KhoLiveUpdateOptions.ReadWithoutCollections"/>)
/// when they are large enough, and the GC's mode never fails it nor outlives it: the blob-v1 entry's
/// upgrade (<see cref="BlobV2.From"/>) notes the mode while the read runs. The threshold is lowered
/// to 0 (the internal seam) so that small images take the region.
/// </summary>
[Collection(GcModeCollection.Name)]
public class CollectionFreeReadTests : IDisposable
{
    // blob-v2's writing is off for each test (the catalog's fingerprint counts the switch, so it
    // stays off for the restore too): the writer writes blob-v1 and the reader upgrades it.
    public CollectionFreeReadTests() => KhoRegistry.SetWriteEnabled("blob-v2", false);

    public void Dispose() => KhoRegistry.SetWriteEnabled("blob-v2", true);

    static readonly byte[] Bytes = Enumerable.Range(0, 1 << 20).Select(i => (byte)(i * 31 + 7)).ToArray();

    static readonly string[] Lines = { "first line", "second line" };

    /// <summary>Commits blob-v1 (<paramref name="lines"/>) and alpha-v1 (seed 1) to <paramref name="image"/>, in that order.</summary>
    static async Task CommitAsync(string image, string[]? lines = null)
    {
        var writer = new KhoLiveUpdate(new KhoLiveUpdateOptions { ImagePath = image });
        writer.Register(new Probe<BlobV2>(new Journal(), new BlobV2(Bytes, lines ?? Lines)));
        writer.Register(new Probe<AlphaV1>(new Journal(), Trio.AlphaState(1)));
        await writer.UpdateAsync(Catalogs.Own);
        using var written = KhoImage.Open(image);
        Assert.Equal(new[] { "blob-v1", "alpha-v1" }, written.Entries.Select(e => e.Id));
    }

    sealed record Reader(KhoLiveUpdate Update, Probe<BlobV2> Blob, Probe<AlphaV1> Alpha);

    static Reader Read(string image, bool withoutCollections, long threshold = 0)
    {
        var options = new KhoLiveUpdateOptions { ImagePath = image, ReadWithoutCollections = withoutCollections, CollectionFreeReadThreshold = threshold };
        var update = new KhoLiveUpdate(options);
        var journal = new Journal();
        var reader = new Reader(update, new Probe<BlobV2>(journal, new BlobV2(Array.Empty<byte>(), Array.Empty<string>())), new Probe<AlphaV1>(journal, Trio.AlphaState(0)));
        update.Register(reader.Blob);
        update.Register(reader.Alpha);
        ReadObserver.Modes.Clear();
        return reader;
    }

    static void AssertOutOfRegion() => Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public async Task The_restore_reads_in_a_no_GC_region_when_asked_and_restores_the_same_state_either_way(bool withoutCollections, bool inRegion)
    {
        using var dir = new TempDir();
        string image = dir.File("service.img");
        await CommitAsync(image);
        var reader = Read(image, withoutCollections);

        var report = await reader.Update.RestoreAsync();
        Assert.True(report.Refused is null, report.Refused);

        Assert.Equal(inRegion, Assert.Single(ReadObserver.Modes) == GCLatencyMode.NoGCRegion);
        AssertOutOfRegion();
        Assert.Equal(Bytes, reader.Blob.State.Bytes);
        Assert.Equal(Lines, reader.Blob.State.Lines);
        Assert.Equal(Trio.AlphaState(1), reader.Alpha.State);
    }

    [Fact]
    public async Task A_small_image_is_read_without_a_region_by_default()
    {
        using var dir = new TempDir();
        string image = dir.File("service.img");
        await CommitAsync(image);
        var reader = Read(image, withoutCollections: true, threshold: new KhoLiveUpdateOptions().CollectionFreeReadThreshold);

        await reader.Update.RestoreAsync();

        Assert.True(new KhoLiveUpdateOptions().ReadWithoutCollections);
        Assert.NotEqual(GCLatencyMode.NoGCRegion, Assert.Single(ReadObserver.Modes));
        Assert.Equal(Bytes, reader.Blob.State.Bytes);
    }

    [Fact]
    public async Task An_entry_that_fails_to_read_refuses_the_restore_and_leaves_the_no_GC_region()
    {
        using var dir = new TempDir();
        string image = dir.File("service.img");
        await CommitAsync(image);
        // alpha's payload loses its last byte, its checksum rebuilt: the image is valid, the entry is not.
        ImageParts parts = ForgedImages.Split(File.ReadAllBytes(image));
        var alpha = parts.Entries[1];
        parts.Entries[1] = alpha with { Payload = alpha.Payload[..^1] };
        File.WriteAllBytes(image, ForgedImages.Build(parts));
        var reader = Read(image, withoutCollections: true);

        var e = await Assert.ThrowsAsync<KhoLiveUpdateException>(() => reader.Update.RestoreAsync());

        Assert.Equal("alpha", e.Format);
        Assert.IsType<KhoFormatException>(e.InnerException);
        Assert.Contains("Restore refused before any participant was called", e.Message);
        Assert.Equal(GCLatencyMode.NoGCRegion, Assert.Single(ReadObserver.Modes));   // blob, read first, was in the region
        AssertOutOfRegion();
        Assert.Empty(reader.Blob.State.Bytes);
    }

    [Fact]
    public async Task A_restore_inside_the_callers_no_GC_region_succeeds_and_leaves_that_region_running()
    {
        using var dir = new TempDir();
        string image = dir.File("service.img");
        await CommitAsync(image);
        var reader = Read(image, withoutCollections: true);
        Assert.True(GC.TryStartNoGCRegion(256L << 20));
        try
        {
            await reader.Update.RestoreAsync();

            Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);   // the restore did not end it
        }
        finally
        {
            if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion) GC.EndNoGCRegion();
        }
        Assert.Equal(GCLatencyMode.NoGCRegion, Assert.Single(ReadObserver.Modes));
        Assert.Equal(Bytes, reader.Blob.State.Bytes);
        Assert.Equal(Trio.AlphaState(1), reader.Alpha.State);
    }

    [Fact]
    public async Task A_read_that_allocates_past_the_regions_budget_ends_it_and_still_restores()
    {
        // 1M lines of 32 ASCII characters: 33 MB on the wire, about 96 MB of strings and slots in
        // memory, past the budget of 33 MB + 1/8 + 16 MiB. The GC ends the region during the read (an
        // allocation on the small object heap past the budget does), and the restore must not end it again.
        using var dir = new TempDir();
        string image = dir.File("service.img");
        string[] lines = Enumerable.Range(0, 1 << 20).Select(i => i.ToString("x32")).ToArray();
        await CommitAsync(image, lines);
        var reader = Read(image, withoutCollections: true);

        await reader.Update.RestoreAsync();

        Assert.NotEqual(GCLatencyMode.NoGCRegion, Assert.Single(ReadObserver.Modes));
        AssertOutOfRegion();
        Assert.Equal(lines, reader.Blob.State.Lines);
        Assert.Equal(Trio.AlphaState(1), reader.Alpha.State);
    }
}
