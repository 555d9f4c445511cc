using System.IO;
using System.Linq;
using System.Threading.Tasks;
using KhoGen.LiveUpdate.Tests.Support;

namespace KhoGen.LiveUpdate.Tests;

/// <summary>
/// Two builds of one service, as two real processes with different catalogs: CacheService 1.0
/// (cache v1) and 2.0 (cache v1 and v2, with upgrade and downgrade), built from tests/LiveUpdateApps.
/// Each process checks every value it took over and says so on stdout.
/// </summary>
public class TwoBuildsTests
{
    [Fact]
    public async Task Version_one_hands_over_to_version_two_which_rolls_back_to_version_one()
    {
        var apps = await Apps.GetAsync();
        using var dir = new TempDir();
        string image = dir.File("cache.img");

        // 1.0 negotiates with 2.0's catalog (read from its assembly) and writes cache-v1.
        var write = await Child.RunDllAsync(apps.CacheV1, "write", image, apps.CacheV2);
        Assert.True(write.ExitCode == 0, write.ToString());
        Assert.Equal("plan cache-v1", write.Lines[0]);
        Assert.Equal($"committed {new FileInfo(image).Length} bytes for CacheService 2.0.0.0", write.Lines[1]);
        using (var img = KhoImage.Open(image))
        {
            Assert.Equal("CacheService 1.0.0.0", img.Writer);
            Assert.Equal("cache-v1", Assert.Single(img.Entries).Id);
        }

        // 2.0 takes it over (upgraded to cache-v2), checks every value, finishes; adds work; rolls back
        // to 1.0, negotiating with 1.0's catalog: cache-v1 through the downgrade.
        var upgrade = await Child.RunDllAsync(apps.CacheV2, "upgrade", image, apps.CacheV1);
        Assert.True(upgrade.ExitCode == 0, upgrade.ToString());
        Assert.Equal(new[]
        {
            "restored cache-v1 written by CacheService 1.0.0.0 as cache-v2 from cache-v1",
            "verified 500 entries, 300 slots, generation 41",
            "finished: image released",
            "plan cache-v1",
            $"committed {new FileInfo(image).Length} bytes for CacheService 1.0.0.0",
        }, upgrade.Lines);
        using (var img = KhoImage.Open(image))
        {
            Assert.Equal("CacheService 2.0.0.0", img.Writer);
            Assert.Equal("cache-v1", Assert.Single(img.Entries).Id);
        }

        // 1.0 takes the rolled-back cache over: its own entries and 2.0's additions, every value.
        var read = await Child.RunDllAsync(apps.CacheV1, "read", image, "--rolled-back");
        Assert.True(read.ExitCode == 0, read.ToString());
        Assert.Equal(new[]
        {
            "restored cache-v1 written by CacheService 2.0.0.0",
            "verified 520 entries, 301 slots, generation 42",
            "finished: image released",
        }, read.Lines);
        Assert.False(File.Exists(image));
    }

    [Fact]
    public async Task Version_one_refuses_an_image_that_version_two_wrote_for_itself()
    {
        var apps = await Apps.GetAsync();
        using var dir = new TempDir();
        string image = dir.File("cache.img");
        var write = await Child.RunDllAsync(apps.CacheV2, "write", image, apps.CacheV2);
        Assert.True(write.ExitCode == 0, write.ToString());
        Assert.Equal("plan cache-v2", write.Lines[0]);
        byte[] bytes = File.ReadAllBytes(image);

        var read = await Child.RunDllAsync(apps.CacheV1, "read", image);

        Assert.Equal(3, read.ExitCode);
        Assert.Contains("refused in Retrieve", read.StdErr);
        Assert.Contains("the image was negotiated for CacheService 2.0.0.0", read.StdErr);
        Assert.Contains("not for this build, CacheService 1.0.0.0", read.StdErr);
        Assert.DoesNotContain("verified", read.StdOut);
        Assert.Equal(bytes, File.ReadAllBytes(image));
    }

    [Fact]
    public async Task The_catalogs_read_from_the_two_assemblies_plan_both_directions()
    {
        var apps = await Apps.GetAsync();
        KhoCatalog v1 = KhoCatalog.ReadAssembly(apps.CacheV1), v2 = KhoCatalog.ReadAssembly(apps.CacheV2);

        Assert.Equal(("CacheService", "1.0.0.0"), (v1.AssemblyName, v1.AssemblyVersion));
        Assert.Equal(("CacheService", "2.0.0.0"), (v2.AssemblyName, v2.AssemblyVersion));
        Assert.Equal(1, KhoPlan.Create(v1, v2).Find("cache")!.Version);                  // upgrade
        Assert.Equal(1, KhoPlan.Create(v2, v1).Find("cache")!.Version);                  // rollback, through the downgrade
        Assert.Equal(2, KhoPlan.Create(v2, v2).Find("cache")!.Version);
        Assert.Equal(v1.FindVersion("cache-v1")!.Fingerprint, v2.FindVersion("cache-v1")!.Fingerprint);
        var refused = KhoPlan.Create(v2, v1, isWriteEnabled: id => id != "cache-v1");
        Assert.False(refused.IsPossible);
        Assert.Contains("cache-v1: writing it is switched off", refused.Explain());
        Assert.Contains("cache-v2: the reading build does not know it", refused.Explain());
    }
}
