using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;

namespace KhoGen.Cli.Tests;

public sealed class CatalogCommandTests : ToolTests
{
    public CatalogCommandTests(ToolFixture tool) : base(tool) { }

    [Theory]
    [InlineData("AppV1")]
    [InlineData("AppV2")]
    [InlineData("AppV3")]
    [InlineData("AppNoDowngrade")]
    public async Task Prints_the_catalog_the_build_embedded_byte_for_byte(string app)
    {
        string assembly = Path.Combine(Path.GetDirectoryName(Tool.AppV1)!, "..", "..", app, "debug", app + ".dll");
        var result = await Tool.Run("catalog", assembly);
        AssertExit(result, 0);
        Assert.Equal("", result.Stderr);
        Assert.Equal(EmbeddedCatalog(assembly), result.Stdout);
    }

    [Fact]
    public async Task The_catalog_of_an_application_is_the_one_it_has_at_run_time()
    {
        var result = await Tool.Run("catalog", Tool.AppV2);
        AssertExit(result, 0);
        Assert.Equal(Tool.AppV2RunTimeCatalog, result.Stdout);
    }

    [Fact]
    public async Task Reads_the_assembly_without_running_any_of_its_code()
    {
        string marker = Path.Combine(Tool.NewFolder("marker"), "ran.txt");
        var environment = new Dictionary<string, string> { ["KHOGEN_FIXTURE_MARKER"] = marker };

        foreach (var args in new[] { new[] { "catalog", Tool.AppV2 }, new[] { "check", Tool.AppV2, Tool.AppV1 }, new[] { "baseline", Tool.AppV2, "--dir", Path.Combine(Path.GetDirectoryName(marker)!, "baselines") } })
        {
            AssertExit(await Tool.RunWithEnvironment(environment, args), 0);
            Assert.False(File.Exists(marker), $"khogen {args[0]} ran code of the assembly");
        }

        // The marker works: running the application leaves it.
        AssertExit(await Tool.RunApp(Tool.AppV2, environment, "catalog"), 0);
        Assert.True(File.Exists(marker));
    }

    [Fact]
    public async Task Writes_the_file_named_by_o()
    {
        string file = Path.Combine(Tool.NewFolder("catalog-o"), "out", "AppV1.kho.json");
        var result = await Tool.Run("catalog", Tool.AppV1, "-o", file);
        AssertExit(result, 0);
        AssertContains(result, "wrote", "AppV1 1.0.0.0");
        Assert.Equal(EmbeddedCatalog(Tool.AppV1), File.ReadAllText(file));
        Assert.NotEqual(0xEF, File.ReadAllBytes(file)[0]); // no byte-order mark

        var longForm = await Tool.Run("catalog", Tool.AppV1, "--output", file + ".2");
        AssertExit(longForm, 0);
        Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(file + ".2"));
    }

    [Fact]
    public async Task A_catalog_file_is_validated_and_printed_in_canonical_form()
    {
        string compact = WriteFile("compact.kho.json", System.Text.Json.Nodes.JsonNode.Parse(EmbeddedCatalog(Tool.AppV3))!.ToJsonString());
        var result = await Tool.Run("catalog", compact);
        AssertExit(result, 0);
        Assert.Equal(EmbeddedCatalog(Tool.AppV3), result.Stdout);
    }
}
