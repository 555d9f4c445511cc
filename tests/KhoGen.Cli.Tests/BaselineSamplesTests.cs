using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace KhoGen.Cli.Tests;

/// <summary>
/// <c>khogen baseline --samples</c>: the payloads of an image written by the recorded build go next to
/// its baseline, with a size cap and a warning; a bad image or one of another build is refused (exit 2).
/// </summary>
public sealed class BaselineSamplesTests : ToolTests
{
    public BaselineSamplesTests(ToolFixture tool) : base(tool) { }

    [Fact]
    public async Task Records_each_entry_of_the_builds_image_next_to_its_baseline()
    {
        string dir = Tool.NewFolder("samples");
        var result = await Tool.Run("baseline", Tool.AppV2, "--dir", dir, "--samples", Tool.Image);

        AssertExit(result, 0);
        string folder = Path.Combine(dir, "AppV2-2.0.0.0.samples");
        AssertContains(result, "wrote " + Path.Combine(dir, "AppV2-2.0.0.0.kho.json"), "sample cache-v2 (", "sample session-v1 (", folder);
        Assert.Contains("warning: samples are production data", result.Stderr);
        var files = Directory.GetFiles(folder).Select(Path.GetFileName).OrderBy(f => f).ToArray();
        Assert.Equal(2, files.Length);
        Assert.Matches(@"^cache-v2\.[0-9a-f]{16}\.bin$", files[0]);
        Assert.Matches(@"^session-v1\.[0-9a-f]{16}\.bin$", files[1]);
        foreach (string file in Directory.GetFiles(folder))
        {
            string id = Path.GetFileName(file).Split('.')[0];
            AssertContains(result, $"sample {id} ({new FileInfo(file).Length} bytes): {file}");
        }

        // Again, with the cap below the cache's size: the baseline is identical, the cache skipped, nothing new.
        var again = await Tool.Run("baseline", Tool.AppV2, "--dir", dir, "--samples", Tool.Image, "--max-sample-bytes", "100");
        AssertExit(again, 0);
        AssertContains(again, "identical", "skipped cache-v2: ", "above the cap of 100");
        Assert.Equal(2, Directory.GetFiles(folder).Length);
    }

    [Fact]
    public async Task Refuses_an_image_of_another_build_and_writes_nothing()
    {
        string dir = Tool.NewFolder("samples-other");
        AssertBadInput(await Tool.Run("baseline", Tool.AppV1, "--dir", dir, "--samples", Tool.Image),
            "the entry cache-v2 is not a version of AppV1 1.0.0.0");
        Assert.Empty(Directory.GetFileSystemEntries(dir));
    }

    [Fact]
    public async Task Refuses_a_truncated_image_and_writes_nothing()
    {
        string dir = Tool.NewFolder("samples-truncated");
        byte[] bytes = File.ReadAllBytes(Tool.Image);
        string truncated = WriteFile("truncated.img", bytes[..(bytes.Length - 40)]);
        AssertBadInput(await Tool.Run("baseline", Tool.AppV2, "--dir", dir, "--samples", truncated), "invalid handover image");
        Assert.Empty(Directory.GetFileSystemEntries(dir));
    }

    [Fact]
    public async Task Refuses_a_cap_above_what_a_sample_may_hold()
    {
        string dir = Tool.NewFolder("samples-cap");
        AssertBadInput(await Tool.Run("baseline", Tool.AppV2, "--dir", dir, "--samples", Tool.Image, "--max-sample-bytes", "999999999999"),
            "--max-sample-bytes must be from 0 to 67108864");
        Assert.Empty(Directory.GetFileSystemEntries(dir));
    }
}
