using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;

namespace KhoGen.Cli.Tests;

public sealed class MatrixCommandTests : ToolTests
{
    public MatrixCommandTests(ToolFixture tool) : base(tool) { }

    [Fact]
    public async Task Every_pair_compatible_exits_0()
    {
        var result = await Tool.Run("matrix", Tool.AppV1, Tool.AppV2);
        AssertExit(result, 0);
        AssertContains(result,
            "  #  BUILD          SOURCE\n",
            "  FROM \\ TO  1   2\n" +
            "  1          -   ok\n" +
            "  2          ok  -\n",
            "OK: all 2 ordered pairs are compatible.");
        Assert.DoesNotContain("Failing pairs", result.Stdout);
    }

    [Fact]
    public async Task The_grid_has_upgrades_above_and_rollbacks_below_the_diagonal()
    {
        var result = await Tool.Run("matrix", Tool.AppV1, Tool.AppV2, Tool.AppV3, Tool.AppNoDowngrade);
        AssertExit(result, 1);
        AssertContains(result,
            "Compatibility (row = from, column = to; above the diagonal: upgrade, below: rollback)\n" +
            "  FROM \\ TO  1     2     3     4\n" +
            "  1          -     ok    FAIL  ok\n" +
            "  2          ok    -     ok    ok\n" +
            "  3          FAIL  FAIL  -     FAIL\n" +
            "  4          FAIL  ok    ok    -\n",
            "  1 -> 3  upgrade AppV1 1.0.0.0 -> AppV3 3.0.0.0\n" +
            "    cache: refused: no version of 'cache' works",
            "      cache-v1: same id, different layout: member 'Warm' (bool) added at position 3",
            "  4 -> 1  rollback AppNoDowngrade 2.1.0.0 -> AppV1 1.0.0.0\n",
            "      cache-v1: the writing build does not write it (no downgrade chain from its latest version, or writing switched off)",
            "    metrics: refused: the reading build (AppV1) does not know format 'metrics'",
            "Cold starts (not failures)\n  1 -> 3  metrics\n",
            "FAILED: 5 of 12 ordered pairs are not compatible.");
    }

    [Fact]
    public async Task Json_output_has_the_grid_and_every_pair()
    {
        var result = await Tool.Run("matrix", Tool.AppV1, Tool.AppV2, Tool.AppV3, "--format", "json");
        AssertExit(result, 1);
        JsonElement root = Json(result);
        Assert.Equal("matrix", root.GetProperty("command").GetString());
        Assert.Equal(new[] { "AppV1", "AppV2", "AppV3" }, root.GetProperty("builds").EnumerateArray().Select(b => b.GetProperty("assembly").GetString()).ToArray());
        bool?[][] grid = root.GetProperty("grid").EnumerateArray()
            .Select(row => row.EnumerateArray().Select(c => c.ValueKind == JsonValueKind.Null ? (bool?)null : c.GetBoolean()).ToArray()).ToArray();
        Assert.Equal(new[]
        {
            new bool?[] { null, true, false },
            new bool?[] { true, null, true },
            new bool?[] { false, false, null },
        }, grid);
        var pairs = root.GetProperty("pairs").EnumerateArray().ToList();
        Assert.Equal(6, pairs.Count);
        var oneToThree = pairs.Single(p => p.GetProperty("from").GetInt32() == 1 && p.GetProperty("to").GetInt32() == 3).GetProperty("handOver");
        Assert.Equal("upgrade", oneToThree.GetProperty("direction").GetString());
        Assert.False(oneToThree.GetProperty("possible").GetBoolean());
        var threeToTwo = pairs.Single(p => p.GetProperty("from").GetInt32() == 3 && p.GetProperty("to").GetInt32() == 2).GetProperty("handOver");
        Assert.Equal("rollback", threeToTwo.GetProperty("direction").GetString());
        Assert.False(root.GetProperty("ok").GetBoolean());
        Assert.Equal(1, root.GetProperty("exitCode").GetInt32());
    }

    [Fact]
    public async Task Markdown_output_has_a_table_and_the_failing_pairs()
    {
        var result = await Tool.Run("matrix", Tool.AppV1, Tool.AppNoDowngrade, "--format", "markdown");
        AssertExit(result, 1);
        AssertContains(result,
            "| from \\ to | 1. `AppV1 1.0.0.0` | 2. `AppNoDowngrade 2.1.0.0` |\n|---|---|---|\n",
            "| 1. `AppV1 1.0.0.0` | — | ✅ |",
            "| 2. `AppNoDowngrade 2.1.0.0` | ❌ | — |",
            "- **2 → 1** (rollback `AppNoDowngrade 2.1.0.0` → `AppV1 1.0.0.0`)",
            "    - `cache-v1`: the writing build does not write it",
            "❌ 1 of 2 ordered pairs are not compatible.");
    }

    [Fact]
    public async Task One_build_is_not_a_matrix()
    {
        AssertBadInput(await Tool.Run("matrix", Tool.AppV1), "two or more builds");
    }
}
