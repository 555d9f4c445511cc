using System.IO;
using System.Threading.Tasks;

namespace KhoGen.Cli.Tests;

public sealed class BaselineCommandTests : ToolTests
{
    public BaselineCommandTests(ToolFixture tool) : base(tool) { }

    [Fact]
    public async Task Records_the_catalog_under_its_name_and_version()
    {
        string dir = Tool.NewFolder("baseline");
        var result = await Tool.RunIn(dir, "baseline", Tool.AppV1);
        AssertExit(result, 0);
        string file = Path.Combine(dir, "baselines", "AppV1-1.0.0.0.kho.json");
        AssertContains(result, "wrote " + Path.Combine("baselines", "AppV1-1.0.0.0.kho.json"));
        Assert.Equal(EmbeddedCatalog(Tool.AppV1), File.ReadAllText(file));

        // Again: the same file is already there, and stays.
        var again = await Tool.RunIn(dir, "baseline", Tool.AppV1);
        AssertExit(again, 0);
        AssertContains(again, "identical");
        Assert.Equal(EmbeddedCatalog(Tool.AppV1), File.ReadAllText(file));
    }

    [Fact]
    public async Task From_a_catalog_file_and_from_the_assembly_the_bytes_are_the_same()
    {
        string dir = Tool.NewFolder("baseline-dir");
        string json = Path.Combine(dir, "AppV2.kho.json");
        AssertExit(await Tool.Run("catalog", Tool.AppV2, "-o", json), 0);
        AssertExit(await Tool.Run("baseline", Tool.AppV2, "--dir", Path.Combine(dir, "a")), 0);
        AssertExit(await Tool.Run("baseline", json, "--dir", Path.Combine(dir, "b")), 0);
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "a", "AppV2-2.0.0.0.kho.json")), File.ReadAllBytes(Path.Combine(dir, "b", "AppV2-2.0.0.0.kho.json")));
    }

    [Fact]
    public async Task Never_overwrites_a_different_baseline()
    {
        string dir = Tool.NewFolder("baseline-conflict");
        string file = Path.Combine(dir, "AppV1-1.0.0.0.kho.json");
        // What AppV3 would record had it kept AppV1's name and version: a different catalog.
        string other = EmbeddedCatalog(Tool.AppV3).Replace("\"name\": \"AppV3\"", "\"name\": \"AppV1\"").Replace("3.0.0.0", "1.0.0.0");
        File.WriteAllText(file, other);

        AssertBadInput(await Tool.Run("baseline", Tool.AppV1, "--dir", dir), "AppV1-1.0.0.0.kho.json already exists and differs", "never overwritten");
        Assert.Equal(other, File.ReadAllText(file));
    }
}
