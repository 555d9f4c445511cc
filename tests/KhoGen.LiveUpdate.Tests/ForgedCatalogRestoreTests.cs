using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using KhoGen.Fuzz.Forge;
using KhoGen.LiveUpdate.Tests.Support;
using Xunit.Abstractions;

namespace KhoGen.LiveUpdate.Tests;

/// <summary>
/// Images whose checksums are all right but whose writer catalog is hostile: the catalog is refused
/// while the image is read, before any participant is called, with a message that says why, and at
/// a cost that does not grow with what the catalog asks for.
/// </summary>
public class ForgedCatalogRestoreTests
{
    readonly ITestOutputHelper _output;
    public ForgedCatalogRestoreTests(ITestOutputHelper output) => _output = output;

    static readonly KhoCatalog Small = Catalogs.OnlyScalarFormats(Catalogs.Own, "alpha", "beta");

    /// <summary>A real image of alpha and beta, its writer catalog replaced by <paramref name="catalog"/>, checksums recomputed.</summary>
    static async Task<byte[]> ImageWithCatalog(string path, string catalog)
    {
        await new Trio(1).Orchestrator(path, Small, "alpha", "beta").UpdateAsync(Small);
        ImageParts parts = ForgedImages.Split(File.ReadAllBytes(path));
        Assert.Equal(new[] { "alpha", "beta" }, parts.Entries.Select(e => e.Name));
        // The split and the rebuild are exact: the unchanged parts give back the writer's bytes.
        Assert.Equal(File.ReadAllBytes(path), ForgedImages.Build(parts));
        return ForgedImages.Build(parts with { Catalog = catalog });
    }

    public static TheoryData<string, string, string> Catalogs_() => new()
    {
        { "a 30-level DAG of data types, each with two members of the next", ForgedCatalogs.DeepDag(30), "a layout's may have at most 1048576" },
        { "a wide DAG: 40 data types, each holding every later one", ForgedCatalogs.WideDag(40), "a layout's may have at most 1048576" },
        { "twelve formats, each within the bound of a layout", ForgedCatalogs.WithRightFingerprints(ForgedCatalogs.ManyFormats(17, 12)), "more than the 8388608 characters it may have in all" },
        { "a cycle of data types", ForgedCatalogs.Cycle(5), "contains itself" },
        { "a data type listed twice", ForgedCatalogs.DuplicateData(), "data type 'D00' is listed twice" },
        { "a member of an unknown type", ForgedCatalogs.UnknownType(), "type 'Nowhere' is neither a data type nor an enum" },
        { "a 100,000-character name", ForgedCatalogs.HugeName(100_000), "a type of 100000 characters; the limit is 4096" },
        { "fingerprints that lie", ForgedCatalogs.Lying(), "does not match its members" },
    };

    [Theory]
    [MemberData(nameof(Catalogs_))]
    public async Task An_image_with_a_hostile_writer_catalog_is_refused_by_open_and_by_both_restores(string what, string catalog, string expected)
    {
        using var dir = new TempDir();
        string path = dir.File("service.img");
        byte[] image = await ImageWithCatalog(dir.File("good.img"), catalog);
        File.WriteAllBytes(path, image);

        long allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var open = Assert.Throws<KhoFormatException>(() => KhoImage.Open(path));
        clock.Stop();
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        _output.WriteLine($"{what}: {image.Length}-byte image refused by KhoImage.Open in {clock.Elapsed.TotalMilliseconds:F2} ms, {allocated:N0} bytes allocated");
        Assert.Contains("invalid handover image: header: the writer catalog", open.Message);
        Assert.Contains(expected, open.Message);
        // The work is bounded by the input, not by what the catalog asks for (2^30 members for the DAG).
        Assert.True(allocated < 64L * image.Length + (1 << 20), $"{allocated:N0} bytes allocated for a {image.Length}-byte image");

        foreach (bool fromStream in new[] { false, true })
        {
            var reader = new Trio(0);
            var update = reader.Orchestrator(path, Small, "alpha", "beta");
            var e = await Assert.ThrowsAsync<KhoLiveUpdateException>(() => fromStream ? update.RestoreAsync(new MemoryStream(image)) : update.RestoreAsync());
            Assert.Equal(KhoPhase.Retrieve, e.Phase);
            var inner = Assert.IsType<KhoFormatException>(e.InnerException);
            Assert.Contains(expected, inner.Message);
            Assert.Empty(reader.Journal.Entries);
        }
    }
}
