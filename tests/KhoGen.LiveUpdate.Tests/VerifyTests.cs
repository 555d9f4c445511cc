using System.IO;
using System.Linq;
using System.Threading.Tasks;
using KhoGen.LiveUpdate.Tests.Formats;
using KhoGen.LiveUpdate.Tests.Support;

namespace KhoGen.LiveUpdate.Tests;

/// <summary>
/// <see cref="KhoLiveUpdate.VerifyImage"/>: a next build checks an image without taking over. On an
/// image this build committed, and on one committed by another build (tests/LiveUpdateApps/NextBuild,
/// a separate process).
/// </summary>
public class VerifyTests
{
    static readonly MemfdV2 State = new(4096, 1 << 20, new KhoArray<Folio> { [7] = new Folio(70, FolioFlags.Dirty) }, Seals.Grow, 9);

    [Fact]
    public async Task Good_conversions_pass_for_every_entry_and_nothing_is_called_or_removed()
    {
        using var dir = new TempDir();
        string image = dir.File("service.img");
        var writer = new KhoLiveUpdate(new KhoLiveUpdateOptions { ImagePath = image });
        writer.Register(new Probe<MemfdV2>(new Journal(), State));
        // Written as memfd-v1 (for an older reader): verification upgrades it to v2 and back.
        await writer.UpdateAsync(Catalogs.WithoutVersion(Catalogs.Own, "memfd-v2"));

        var journal = new Journal();
        var next = new KhoLiveUpdate(new KhoLiveUpdateOptions { ImagePath = dir.File("other.img") });
        next.Register(new Probe<MemfdV2>(journal, State));
        var report = next.VerifyImage(image);

        Assert.True(report.Ok, string.Join("; ", report.Entries.Select(e => e.Problem)));
        var entry = Assert.Single(report.Entries);
        Assert.Equal(("memfd-v1", true), (entry.Id, entry.Ok));
        Assert.Empty(journal.Entries);
        Assert.True(File.Exists(image));
    }

    [Fact]
    public async Task A_conversion_that_throws_on_a_real_previous_builds_image_is_named_with_its_entry()
    {
        var apps = await Apps.GetAsync();
        using var dir = new TempDir();
        string image = dir.File("next.img");
        var result = await Child.RunDllAsync(apps.NextBuild, new[] { "write", image, "tally" });
        Assert.True(result.ExitCode == 0, result.ToString());

        var next = new KhoLiveUpdate(new KhoLiveUpdateOptions { ImagePath = dir.File("other.img") });
        next.Register(new Probe<TallyV2>(new Journal(), new TallyV2(1)));
        var report = next.VerifyImage(image);

        Assert.False(report.Ok);
        Assert.Null(report.Invalid);
        var entry = Assert.Single(report.Entries);
        Assert.Equal("tally-v1", entry.Id);
        Assert.Contains("the upgrade tally-v1 -> tally-v2 (KhoGen.LiveUpdate.Tests.Formats.TallyV2.From) threw OverflowException", entry.Problem);
    }

    [Fact]
    public void A_file_that_is_not_an_image_is_invalid()
    {
        using var dir = new TempDir();
        string path = dir.File("junk.img");
        File.WriteAllBytes(path, new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 });
        var report = new KhoLiveUpdate().VerifyImage(path);
        Assert.False(report.Ok);
        Assert.NotNull(report.Invalid);
        Assert.Empty(report.Entries);
    }
}
