using System.IO;
using System.Threading.Tasks;
using KhoGen.LiveUpdate.Tests.Support;

namespace KhoGen.LiveUpdate.Tests;

/// <summary>
/// Two different builds through the generic host (KhoGen.Hosting), as two real processes:
/// CacheService 1.0 (cache v1) requests an upgrade through IKhoUpgradeTrigger, and 2.0 (cache v1
/// and v2) restores before its service starts, upgrading cache-v1 to cache-v2, and finishes.
/// </summary>
public class HostedTwoBuildsTests
{
    [Fact]
    public async Task A_hosted_version_one_hands_its_cache_to_a_hosted_version_two()
    {
        var apps = await Apps.GetAsync();
        using var dir = new TempDir();
        string image = dir.File("hosted.img");

        var write = await Child.RunDllAsync(apps.CacheV1, "hosted-write", image, apps.CacheV2);
        Assert.True(write.ExitCode == 0, write.ToString());
        Assert.Equal(new[] { "started: 0 entries", "upgraded: wrote cache-v1 for CacheService 2.0.0.0" }, write.Lines);
        using (var img = KhoImage.Open(image))
        {
            Assert.Equal("CacheService 1.0.0.0", img.Writer);
            Assert.Equal("cache-v1", Assert.Single(img.Entries).Id);
        }

        var read = await Child.RunDllAsync(apps.CacheV2, "hosted-read", image);
        Assert.True(read.ExitCode == 0, read.ToString());
        Assert.Equal(new[] { "started: 500 entries as cache-v2 from cache-v1", "verified 500 entries, 300 slots, generation 41" }, read.Lines);
        Assert.False(File.Exists(image), "the hosted 2.0 finishes the live update and releases the image");
    }
}
