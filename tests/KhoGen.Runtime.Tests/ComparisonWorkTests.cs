using System.Collections.Generic;
using System.Linq;
using KhoGen.Layout;
using Xunit.Abstractions;

namespace KhoGen.Runtime.Tests;

/// <summary>
/// The layout comparison on deep layouts: its work (pairs of types looked at, counted by the
/// comparer) grows with types x members, not with the paths through them, and its words for a
/// change deep down are the ones it gives for the same change near the top.
/// </summary>
public class ComparisonWorkTests
{
    readonly ITestOutputHelper _output;
    public ComparisonWorkTests(ITestOutputHelper output) => _output = output;

    /// <summary>
    /// A format <c>deep-v1</c> holding L00; L(i) has <paramref name="width"/> members of L(i+1); the
    /// deepest has <paramref name="width"/> i32 members, and <paramref name="extra"/> more when given.
    /// </summary>
    static KhoCatalog Deep(int depth, int width, string? extra = null, string prefix = "L")
    {
        string L(int i) => prefix + i.ToString("00", System.Globalization.CultureInfo.InvariantCulture);
        var data = new List<KhoDataEntry>();
        for (int i = 0; i < depth; i++)
        {
            string type = i + 1 < depth ? L(i + 1) : "i32";
            var members = Enumerable.Range(0, width).Select(m => new KhoMember("m" + m, type)).ToList();
            if (i + 1 == depth && extra is not null) members.Add(new KhoMember(extra, "string"));
            data.Add(new KhoDataEntry(L(i), false, "sha256:unused", members));
        }
        var version = new KhoVersionEntry("deep", 1, true, true, false, "sha256:unused", new[] { new KhoMember("root", L(0)) });
        return new KhoCatalog("Deep", "1.0.0.0", new[] { new KhoFormatEntry("deep", new[] { version }) }, data, new KhoEnumEntry[0]);
    }

    static LayoutComparison Compare(KhoCatalog writer, KhoCatalog reader) =>
        LayoutComparer.Compare(writer.FindVersion("deep-v1")!.Members, writer, reader.FindVersion("deep-v1")!.Members, reader);

    [Theory]
    [InlineData(4, 8)]
    [InlineData(4, 16)]
    [InlineData(4, 32)]
    [InlineData(8, 60)]
    public void Work_is_linear_in_types_times_members(int width, int depth)
    {
        var same = Compare(Deep(depth, width), Deep(depth, width));
        var added = Compare(Deep(depth, width), Deep(depth, width, extra: "added"));
        var renamed = Compare(Deep(depth, width), Deep(depth, width, prefix: "R"));
        _output.WriteLine($"{width} members x {depth} deep: {same.Work} (equal), {added.Work} (a member added at the bottom), {renamed.Work} (every type renamed)");

        Assert.True(same.IsIdentical);
        Assert.False(added.IsCompatible);
        Assert.True(renamed.IsIdentical);
        // Each pair of data types is compared once: its members once for the shape, once for the words.
        long bound = 3L * depth * (width + 1) + 8;
        foreach (var c in new[] { same, added, renamed })
            Assert.True(c.Work <= bound, $"{c.Work} pairs looked at for {depth} types of {width} members (bound {bound})");
    }

    [Fact]
    public void Doubling_the_depth_doubles_the_work()
    {
        long Work(int depth) => Compare(Deep(depth, 4), Deep(depth, 4, extra: "added")).Work;
        long w16 = Work(16), w32 = Work(32);
        _output.WriteLine($"16 deep: {w16}, 32 deep: {w32}");
        Assert.InRange(w32, 2 * w16 - 16, 2 * w16 + 16);
    }

    [Fact]
    public void A_change_deep_down_is_explained_once_with_its_path()
    {
        var c = Compare(Deep(4, 3), Deep(4, 3, extra: "added"));
        Assert.Equal(new[]
        {
            "member 'root': nested data 'L00': member 'm0': nested data 'L01': member 'm0': nested data 'L02': member 'm0': nested data 'L03': member 'added' (string) added at position 4",
        }, c.Changes);
        Assert.Empty(c.EnumLosses);
        Assert.Empty(c.Renames);
    }

    [Fact]
    public void Renamed_types_deep_down_are_each_reported_where_they_are_used()
    {
        var c = Compare(Deep(2, 2), Deep(2, 2, prefix: "R"));
        Assert.True(c.IsIdentical);
        Assert.Equal(new[]
        {
            "member 'root': data type 'L00' renamed to 'R00'",
            "member 'root': nested data 'R00': member 'm0': data type 'L01' renamed to 'R01'",
            "member 'root': nested data 'R00': member 'm1': data type 'L01' renamed to 'R01'",
        }, c.Renames);
    }
}
