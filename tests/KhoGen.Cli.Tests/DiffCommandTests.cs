using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;

namespace KhoGen.Cli.Tests;

public sealed class DiffCommandTests : ToolTests
{
    public DiffCommandTests(ToolFixture tool) : base(tool) { }

    [Fact]
    public async Task Lists_each_layout_change_in_the_layout_comparisons_words()
    {
        var result = await Tool.Run("diff", Tool.AppV2, Tool.AppV3);
        AssertExit(result, 1);
        AssertContains(result,
            "Diff AppV2 2.0.0.0 -> AppV3 3.0.0.0\n",
            "  cache-v1    changed: the new build cannot read what the old one wrote\n" +
            "                - member 'Warm' (bool) added at position 3\n" +
            "                - member 'Entries': nested data 'Entry': member 'Kind': enum 'EntryKind' gained value Evicted = 2\n",
            "  cache-v2    changed: wire-compatible\n",
            "  metrics-v1  added\n",
            "  session-v1  changed: wire-compatible\n" +
            "                - member 'User' renamed to 'UserName'\n",
            "CHANGED: 4 format versions added, removed or changed.");
    }

    [Fact]
    public async Task Versions_added_and_removed()
    {
        var added = await Tool.Run("diff", Tool.AppV1, Tool.AppV2);
        AssertExit(added, 1);
        AssertContains(added, "  cache-v1    unchanged\n", "  cache-v2    added\n", "  session-v1  unchanged\n");

        var removed = await Tool.Run("diff", Tool.AppV2, Tool.AppV1);
        AssertExit(removed, 1);
        AssertContains(removed, "  cache-v2    removed\n");
    }

    [Fact]
    public async Task No_changes_exits_0()
    {
        string dir = Tool.NewFolder("diff-same");
        string json = System.IO.Path.Combine(dir, "AppV2.kho.json");
        AssertExit(await Tool.Run("catalog", Tool.AppV2, "-o", json), 0);
        var result = await Tool.Run("diff", Tool.AppV2, json);
        AssertExit(result, 0);
        AssertContains(result, "UNCHANGED: no changes.");
    }

    [Fact]
    public async Task A_lost_downgrade_is_a_flag_change()
    {
        var result = await Tool.Run("diff", Tool.AppV2, Tool.AppNoDowngrade, "--format", "json");
        AssertExit(result, 1);
        var v1 = Json(result).GetProperty("versions").EnumerateArray().Single(v => v.GetProperty("id").GetString() == "cache-v1");
        Assert.Equal("changed", v1.GetProperty("change").GetString());
        Assert.True(v1.GetProperty("compatible").GetBoolean());
        Assert.Equal(new[] { "write: true -> false" }, Strings(v1.GetProperty("flags")));
    }

    [Fact]
    public async Task Json_output_sorts_the_changes_by_kind()
    {
        var result = await Tool.Run("diff", Tool.AppV2, Tool.AppV3, "--format", "json");
        AssertExit(result, 1);
        JsonElement root = Json(result);
        Assert.Equal("diff", root.GetProperty("command").GetString());
        Assert.Equal("AppV2", root.GetProperty("old").GetProperty("assembly").GetString());
        Assert.True(root.GetProperty("changed").GetBoolean());
        Assert.Equal(1, root.GetProperty("exitCode").GetInt32());
        var versions = root.GetProperty("versions").EnumerateArray().ToDictionary(v => v.GetProperty("id").GetString()!);
        Assert.Equal(new[] { "cache-v1", "cache-v2", "metrics-v1", "session-v1" }, versions.Keys.ToArray());

        Assert.False(versions["cache-v1"].GetProperty("compatible").GetBoolean());
        Assert.Equal(new[] { "member 'Warm' (bool) added at position 3" }, Strings(versions["cache-v1"].GetProperty("layout")));
        Assert.Equal(new[] { "member 'Entries': nested data 'Entry': member 'Kind': enum 'EntryKind' gained value Evicted = 2" },
            Strings(versions["cache-v2"].GetProperty("enumGains")));
        Assert.True(versions["cache-v2"].GetProperty("compatible").GetBoolean());
        Assert.Equal("added", versions["metrics-v1"].GetProperty("change").GetString());
        Assert.Equal(new[] { "member 'User' renamed to 'UserName'" }, Strings(versions["session-v1"].GetProperty("renames")));

        // Rolling back, the same enum change is a loss: EntryKind.Evicted cannot be read by AppV2.
        var back = Json(await Tool.Run("diff", Tool.AppV3, Tool.AppV2, "--format", "json"));
        var cacheV2 = back.GetProperty("versions").EnumerateArray().Single(v => v.GetProperty("id").GetString() == "cache-v2");
        Assert.Equal(new[] { "member 'Entries': nested data 'Entry': member 'Kind': enum 'EntryKind' lost value Evicted = 2" },
            Strings(cacheV2.GetProperty("enumLosses")));
        Assert.Equal("removed", back.GetProperty("versions").EnumerateArray().Single(v => v.GetProperty("id").GetString() == "metrics-v1").GetProperty("change").GetString());
    }

    [Fact]
    public async Task Check_and_diff_explain_a_change_in_the_same_words()
    {
        var diff = Json(await Tool.Run("diff", Tool.AppV1, Tool.AppV3, "--format", "json"));
        string change = Strings(diff.GetProperty("versions").EnumerateArray().Single(v => v.GetProperty("id").GetString() == "cache-v1").GetProperty("layout")).Single();
        var check = await Tool.Run("check", Tool.AppV1, Tool.AppV3);
        AssertContains(check, "cache-v1: same id, different layout: " + change);
    }

    [Fact]
    public async Task Markdown_output_lists_only_what_changed()
    {
        var result = await Tool.Run("diff", Tool.AppV2, Tool.AppV3, "--format", "markdown");
        AssertExit(result, 1);
        AssertContains(result,
            "### khogen diff: `AppV2 2.0.0.0` → `AppV3 3.0.0.0`",
            "| version | change |\n|---|---|\n",
            "| `cache-v1` | changed: the new build cannot read what the old one wrote<br>• member 'Warm' (bool) added at position 3",
            "| `metrics-v1` | added |");
        var unchanged = await Tool.Run("diff", Tool.AppV1, Tool.AppV1, "--format", "markdown");
        AssertExit(unchanged, 0);
        AssertContains(unchanged, "No format version was added, removed or changed.");
    }
}
