using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using static KhoGen.Analyzers.Tests.Baselines.MemfdRelease;

namespace KhoGen.Analyzers.Tests.Baselines;

/// <summary>KHO101: the layout of a shipped version changed. Each case edits one thing of <see cref="MemfdRelease"/>.</summary>
public class Kho101Tests
{
    static DiagnosticResult Kho101(string changes) =>
        Shipped.Diagnostic("KHO101").WithLocation(0).WithArguments("memfd-v1", Release, changes, "memfd-v2");

    static Task Expect(string current, string changes) => Shipped.VerifyAsync(current, new[] { (FileName, ShippedJson) }, Kho101(changes));

    [Fact]
    public Task A_member_added_at_the_end() => Shipped.VerifyAsync(Source(MemfdLayout + ", uint Flags"), new[] { (FileName, ShippedJson) },
        Shipped.Diagnostic("KHO101").WithLocation(0).WithMessage(
            "The layout of memfd-v1 changed since it shipped in Cache-1.0.0.0.kho.json (Cache 1.0.0.0): member 'Flags' (u32) added at position 7; " +
            "keep memfd-v1 exactly as shipped and make the change in a new version, memfd-v2, with a [KhoUpgrade] from memfd-v1"));

    [Fact]
    public Task A_member_inserted_at_the_front() => Expect(Source("Guid Id, " + MemfdLayout),
        "member 'Pos' moved from position 1 to 2; member 'Size' moved from position 2 to 3; member 'Folios' moved from position 3 to 4; " +
        "member 'Tags' moved from position 4 to 5; member 'Count' moved from position 5 to 6; member 'Names' moved from position 6 to 7; " +
        "member 'Id' (guid) added at position 1");

    [Fact]
    public Task A_member_removed() => Expect(Source(MemfdLayout.Replace(", string[] Names", "")), "member 'Names' (seq<string>) removed");

    [Fact]
    public Task Two_members_reordered() => Expect(Source("ulong Pos, int Count, KhoArray<Folio> Folios, Dictionary<string, int> Tags, ulong Size, string[] Names"),
        "member 'Size' moved from position 2 to 5; member 'Count' moved from position 5 to 2");

    [Theory]
    [InlineData("long", "i64")]
    [InlineData("uint", "u32")]
    [InlineData("int?", "i32?")]
    public Task A_member_retyped(string type, string catalogType) =>
        Expect(Source(MemfdLayout.Replace("int Count", type + " Count")), $"member 'Count' retyped from i32 to {catalogType}");

    [Fact]
    public Task A_nested_data_layout_changed() => Expect(Source(folio: FolioLayout + ", ulong Index"),
        "member 'Folios': nested data 'Folio': member 'Index' (u64) added at position 3");

    [Fact]
    public Task A_dictionary_value_type_changed() => Expect(Source(MemfdLayout.Replace("Dictionary<string, int>", "Dictionary<string, long>")),
        "member 'Tags' retyped from map<string,i32> to map<string,i64>");

    [Fact]
    public Task An_enum_underlying_type_changed() => Expect(Source(underlying: "uint"),
        "member 'Folios': nested data 'Folio': member 'Flags': enum 'FolioFlags' underlying type changed from u16 to u32");

    [Fact]
    public Task Is_silent_when_collections_are_swapped_for_ones_written_the_same_way() => Shipped.VerifyAsync(
        Source("ulong Pos, ulong Size, KhoArray<Folio> Folios, IReadOnlyDictionary<string, int> Tags, int Count, List<string> Names"),
        new[] { (FileName, ShippedJson) });

    [Fact]
    public Task Is_silent_when_nothing_changed() => Shipped.VerifyAsync(Source(), new[] { (FileName, ShippedJson) });
}
