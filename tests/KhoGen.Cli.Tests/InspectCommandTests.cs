using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;

namespace KhoGen.Cli.Tests;

public sealed class InspectCommandTests : ToolTests
{
    public InspectCommandTests(ToolFixture tool) : base(tool) { }

    async Task<(long Offset, long Length)> EntryOf(string image, string id)
    {
        var entry = Json(await Tool.Run("inspect", image, "--format", "json")).GetProperty("entries").EnumerateArray()
            .Single(e => e.GetProperty("id").GetString() == id);
        return (entry.GetProperty("offset").GetInt64(), entry.GetProperty("length").GetInt64());
    }

    string CopyOfImage(string name, System.Action<byte[]> damage, int? length = null)
    {
        byte[] bytes = File.ReadAllBytes(Tool.Image);
        damage(bytes);
        return WriteFile(name, length is int n ? bytes.Take(n).ToArray() : bytes);
    }

    [Fact]
    public async Task A_valid_image_lists_its_entries()
    {
        var result = await Tool.Run("inspect", Tool.Image);
        AssertExit(result, 0);
        AssertContains(result, "Writer  AppV2 2.0.0.0\n", "Status  valid\n", "  ENTRY       FORMAT   VERSION  OFFSET  SIZE");
        string[] rows = result.Stdout.Split('\n').Where(l => l.StartsWith("  cache-v2 ") || l.StartsWith("  session-v1 ")).ToArray();
        Assert.Equal(2, rows.Length);
        Assert.All(rows, r => Assert.EndsWith("  ok", r));

        JsonElement json = Json(await Tool.Run("inspect", Tool.Image, "--format", "json"));
        Assert.True(json.GetProperty("valid").GetBoolean());
        Assert.Equal("AppV2 2.0.0.0", json.GetProperty("writer").GetString());
        Assert.StartsWith("AppV2/", json.GetProperty("address").GetString());     // whose state, and for which build
        Assert.Equal("AppV2 2.0.0.0", json.GetProperty("successor").GetString());
        Assert.Equal(new FileInfo(Tool.Image).Length, json.GetProperty("length").GetInt64());
        Assert.Empty(json.GetProperty("problems").EnumerateArray());
        var entries = json.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(new[] { "cache-v2", "session-v1" }, entries.Select(e => e.GetProperty("id").GetString()).ToArray());
        Assert.Equal(new[] { 2, 1 }, entries.Select(e => e.GetProperty("version").GetInt32()).ToArray());
        Assert.All(entries, e => Assert.True(e.GetProperty("checksumValid").GetBoolean()));
        Assert.All(entries, e => Assert.True(e.GetProperty("length").GetInt64() > 0));
        Assert.All(entries, e => Assert.Matches("^0x[0-9a-f]{16}$", e.GetProperty("checksum").GetString()));
    }

    [Fact]
    public async Task A_corrupted_entry_is_named()
    {
        var (offset, length) = await EntryOf(Tool.Image, "session-v1");
        string image = CopyOfImage("corrupt-entry.img", b => b[offset + length / 2] ^= 0x5A);

        var result = await Tool.Run("inspect", image);
        AssertExit(result, 1);
        AssertContains(result, "Status  CORRUPT\n", "CORRUPT (checksum mismatch)", "Problems\n  entry session-v1: checksum mismatch (the entry is corrupt)\n");
        Assert.EndsWith("  ok", result.Stdout.Split('\n').Single(l => l.StartsWith("  cache-v2 ")));
        Assert.Contains("CORRUPT", result.Stdout.Split('\n').Single(l => l.StartsWith("  session-v1 ")));

        JsonElement json = Json(await Tool.Run("inspect", image, "--format", "json"));
        Assert.False(json.GetProperty("valid").GetBoolean());
        Assert.Equal(1, json.GetProperty("exitCode").GetInt32());
        var bad = json.GetProperty("entries").EnumerateArray().Where(e => !e.GetProperty("checksumValid").GetBoolean()).Select(e => e.GetProperty("id").GetString());
        Assert.Equal(new[] { "session-v1" }, bad);
    }

    [Fact]
    public async Task A_corrupted_header_is_named()
    {
        // Byte 30 is inside the writer identity, which the header checksum covers.
        string image = CopyOfImage("corrupt-header.img", b => b[30] ^= 0x01);
        var result = await Tool.Run("inspect", image);
        AssertExit(result, 1);
        AssertContains(result, "header: checksum mismatch (the header is corrupt)");
    }

    [Fact]
    public async Task A_truncated_image_is_corrupt()
    {
        long full = new FileInfo(Tool.Image).Length;
        string image = CopyOfImage("truncated.img", _ => { }, length: (int)(full - 100));
        var result = await Tool.Run("inspect", image);
        AssertExit(result, 1);
        AssertContains(result, "Status  CORRUPT", "commit record: missing or corrupt (the image was not completely written)");

        AssertExit(await Tool.Run("inspect", WriteFile("empty.img", System.Array.Empty<byte>())), 1);
    }

    [Fact]
    public async Task Markdown_output()
    {
        var (offset, _) = await EntryOf(Tool.Image, "cache-v2");
        string image = CopyOfImage("corrupt-cache.img", b => b[offset] ^= 0xFF);
        var result = await Tool.Run("inspect", image, "--format", "markdown");
        AssertExit(result, 1);
        AssertContains(result,
            "### khogen inspect: `corrupt-cache.img`",
            "❌ corrupt",
            "| entry | version | offset | size | checksum | status |",
            "| ❌ checksum mismatch |",
            "- entry cache-v2: checksum mismatch (the entry is corrupt)");
    }

    [Fact]
    public async Task A_missing_image_is_bad_input()
    {
        AssertBadInput(await Tool.Run("inspect", Path.Combine(Tool.Root, "no-such.img")), "no-such.img: no such file");
        AssertBadInput(await Tool.Run("inspect", Tool.NewFolder("a-folder")), "is a directory");
    }
}
