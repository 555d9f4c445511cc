using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace KhoGen.Cli.Tests;

public sealed class CheckCommandTests : ToolTests
{
    public CheckCommandTests(ToolFixture tool) : base(tool) { }

    [Fact]
    public async Task Upgrade_and_rollback_between_releases_with_a_downgrade_chain()
    {
        var result = await Tool.Run("check", Tool.AppV1, Tool.AppV2);
        AssertExit(result, 0);
        AssertContains(result,
            "Upgrade AppV1 1.0.0.0 -> AppV2 2.0.0.0: possible",
            "Rollback AppV2 2.0.0.0 -> AppV1 1.0.0.0: possible",
            "cache-v2 not used: the reading build does not know it",
            "OK: the upgrade is possible; the rollback is possible.");
        // Aligned columns.
        AssertContains(result,
            "  FORMAT   VERSION     RESULT\n" +
            "  cache    cache-v1    ok\n" +
            "                         cache-v2 not used: the reading build does not know it\n" +
            "  session  session-v1  ok\n");

        AssertExit(await Tool.Run("check", Tool.AppV1, Tool.AppV2, "--require-rollback"), 0);
    }

    [Fact]
    public async Task A_shipped_layout_changed_without_a_new_version_refuses_the_upgrade()
    {
        var result = await Tool.Run("check", Tool.AppV1, Tool.AppV3);
        AssertExit(result, 1);
        AssertContains(result,
            "Upgrade AppV1 1.0.0.0 -> AppV3 3.0.0.0: NOT POSSIBLE",
            "refused: no version of 'cache' works",
            "cache-v1: same id, different layout: member 'Warm' (bool) added at position 3",
            "FAILED: the upgrade is not possible");
    }

    [Fact]
    public async Task A_new_format_is_a_cold_start_for_the_upgrade_and_unknown_to_the_rollback()
    {
        var result = await Tool.Run("check", Tool.AppV2, Tool.AppV3);
        AssertExit(result, 0);
        AssertContains(result,
            "cold start: AppV2 has no format 'metrics': AppV3 starts it empty",
            "Rollback AppV3 3.0.0.0 -> AppV2 2.0.0.0: NOT POSSIBLE",
            "refused: the reading build (AppV2) does not know format 'metrics'",
            "cache-v2: same id, different layout: member 'Entries': nested data 'Entry': member 'Kind': enum 'EntryKind' lost value Evicted = 2",
            "OK: the upgrade is possible; the rollback is not possible.");

        var required = await Tool.Run("check", Tool.AppV2, Tool.AppV3, "--require-rollback");
        AssertExit(required, 1);
        AssertContains(required, "FAILED: the upgrade is possible; the rollback is not possible (required by --require-rollback).");
    }

    [Fact]
    public async Task Without_a_downgrade_the_rollback_is_refused()
    {
        AssertExit(await Tool.Run("check", Tool.AppV1, Tool.AppNoDowngrade), 0);
        var result = await Tool.Run("check", Tool.AppV1, Tool.AppNoDowngrade, "--require-rollback");
        AssertExit(result, 1);
        AssertContains(result,
            "Rollback AppNoDowngrade 2.1.0.0 -> AppV1 1.0.0.0: NOT POSSIBLE",
            "cache-v2: the reading build does not know it",
            "cache-v1: the writing build does not write it (no downgrade chain from its latest version, or writing switched off)");
    }

    [Fact]
    public async Task A_version_switched_off_for_writing_at_run_time_is_not_written()
    {
        // The catalog AppV2 reports at run time after KhoRegistry.SetWriteEnabled("cache-v1", false).
        var result = await Tool.Run("check", Tool.AppV1, Tool.AppV2WriteOff, "--require-rollback", "--format", "json");
        AssertExit(result, 1);
        JsonElement cache = Json(result).GetProperty("rollback").GetProperty("formats").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "cache");
        Assert.Equal("refused", cache.GetProperty("status").GetString());
        var v1 = cache.GetProperty("candidates").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "cache-v1");
        Assert.False(v1.GetProperty("usable").GetBoolean());
        Assert.StartsWith("the writing build does not write it", v1.GetProperty("refusal").GetString());
    }

    [Fact]
    public async Task A_version_retired_by_the_reader_is_refused()
    {
        // AppV2's real catalog, with cache-v1 marked retired as [assembly: KhoRetired("cache", 1)] would.
        var catalog = JsonNode.Parse(EmbeddedCatalog(Tool.AppV2))!;
        var v1 = catalog["formats"]![0]!["versions"]![0]!;
        Assert.Equal("cache-v1", (string?)v1["id"]);
        v1["retired"] = true;
        v1["read"] = false;
        v1["write"] = false;
        string retired = WriteFile("AppV2-retired.kho.json", catalog.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

        var result = await Tool.Run("check", Tool.AppV1, retired);
        AssertExit(result, 1);
        AssertContains(result, "cache-v1: retired by the reading build");
    }

    [Fact]
    public async Task Json_output_has_both_directions_per_format()
    {
        var result = await Tool.Run("check", Tool.AppV2, Tool.AppV3, "--format", "json");
        AssertExit(result, 0);
        JsonElement root = Json(result);
        Assert.Equal("check", root.GetProperty("command").GetString());
        Assert.Equal("AppV2", root.GetProperty("from").GetProperty("assembly").GetString());
        Assert.Equal("3.0.0.0", root.GetProperty("to").GetProperty("version").GetString());
        Assert.Equal(Tool.AppV3, root.GetProperty("to").GetProperty("source").GetString());
        Assert.True(root.GetProperty("ok").GetBoolean());
        Assert.Equal(0, root.GetProperty("exitCode").GetInt32());

        JsonElement upgrade = root.GetProperty("upgrade");
        Assert.True(upgrade.GetProperty("possible").GetBoolean());
        var formats = upgrade.GetProperty("formats").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!);
        Assert.Equal(new[] { "cache", "metrics", "session" }, formats.Keys.ToArray());
        Assert.Equal("cache-v2", formats["cache"].GetProperty("id").GetString());
        Assert.Equal(2, formats["cache"].GetProperty("version").GetInt32());
        Assert.Equal("cold-start", formats["metrics"].GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, formats["metrics"].GetProperty("version").ValueKind);

        JsonElement rollback = root.GetProperty("rollback");
        Assert.Equal("rollback", rollback.GetProperty("direction").GetString());
        Assert.False(rollback.GetProperty("possible").GetBoolean());
        var metrics = rollback.GetProperty("formats").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "metrics");
        Assert.Equal("refused", metrics.GetProperty("status").GetString());
        Assert.Contains("does not know format 'metrics'", metrics.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Markdown_output_is_a_pull_request_comment()
    {
        var result = await Tool.Run("check", Tool.AppV1, Tool.AppNoDowngrade, "--require-rollback", "--format", "markdown");
        AssertExit(result, 1);
        AssertContains(result,
            "### khogen check: `AppV1 1.0.0.0` → `AppNoDowngrade 2.1.0.0`",
            "**Upgrade** `AppV1 1.0.0.0` → `AppNoDowngrade 2.1.0.0`: ✅ possible",
            "**Rollback** `AppNoDowngrade 2.1.0.0` → `AppV1 1.0.0.0`: ❌ not possible",
            "| format | version | result |",
            "|---|---|---|",
            "| `session` | `session-v1` | ✅ ok |",
            "<br>• `cache-v1`: the writing build does not write it");
    }

    [Fact]
    public async Task Catalog_files_and_assemblies_give_the_same_answer()
    {
        string dir = Tool.NewFolder("check-json");
        string v1 = System.IO.Path.Combine(dir, "v1.kho.json"), v3 = System.IO.Path.Combine(dir, "v3.kho.json");
        AssertExit(await Tool.Run("catalog", Tool.AppV1, "-o", v1), 0);
        AssertExit(await Tool.Run("catalog", Tool.AppV3, "-o", v3), 0);

        var fromFiles = await Tool.Run("check", v1, v3);
        var fromAssemblies = await Tool.Run("check", Tool.AppV1, Tool.AppV3);
        AssertExit(fromFiles, 1);
        Assert.Equal(fromAssemblies.Stdout, fromFiles.Stdout);
    }
}
