using System.Threading.Tasks;

namespace KhoGen.Analyzers.Tests.Rules;

public class Kho008Tests
{
    const string Formats = """
        using KhoGen;

        [KhoFormat("memfd", 1)]
        public partial record MemfdV1(ulong Pos);

        [KhoFormat("memfd", 2)]
        public partial record MemfdV2(ulong Pos, uint Flags)
        {
            [KhoUpgrade] public static MemfdV2 From(MemfdV1 v1) => new(v1.Pos, 0);
            [KhoDowngrade] public static MemfdV1 To(MemfdV2 v2) => new(v2.Pos);
        }

        [KhoFormat("memfd", 3)]
        public partial record MemfdV3(ulong Pos, uint Flags, int Seals)
        {
            [KhoUpgrade] public static MemfdV3 From(MemfdV2 v2) => new(v2.Pos, v2.Flags, 0);
            [KhoDowngrade] public static MemfdV2 To(MemfdV3 v3) => new(v3.Pos, v3.Flags);
        }

        [KhoFormat("iommu", 1)]
        public partial record IommuV1(ulong Pos);

        """;

    [Theory]
    [InlineData("[KhoUpgrade] public static MemfdV3 {|#0:Skip|}(MemfdV1 v1) => new(v1.Pos, 0, 0);",
        "[KhoUpgrade] method 'Skip' has the wrong shape: it converts memfd-v1 to memfd-v3; an upgrade goes from version n-1 to n; the expected shape is 'static TVn M(TVn-1 value)'")]
    [InlineData("[KhoDowngrade] public static MemfdV3 {|#0:Back|}(MemfdV2 v2) => new(v2.Pos, v2.Flags, 0);",
        "[KhoDowngrade] method 'Back' has the wrong shape: it converts memfd-v2 to memfd-v3; a downgrade goes from version n to n-1; the expected shape is 'static TVn-1 M(TVn value)'")]
    [InlineData("[KhoUpgrade] public static IommuV1 {|#0:Cross|}(MemfdV1 v1) => new(v1.Pos);",
        "[KhoUpgrade] method 'Cross' has the wrong shape: it converts between two formats ('memfd' and 'iommu'); the expected shape is 'static TVn M(TVn-1 value)'")]
    [InlineData("[KhoUpgrade] public static MemfdV2 {|#0:Parse|}(string text) => new(ulong.Parse(text), 0);",
        "[KhoUpgrade] method 'Parse' has the wrong shape: its parameter type string is not a [KhoFormat] type; the expected shape is 'static TVn M(TVn-1 value)'")]
    [InlineData("[KhoUpgrade] public static MemfdV2 {|#0:Merge|}(MemfdV1 a, MemfdV1 b) => new(a.Pos + b.Pos, 0);",
        "[KhoUpgrade] method 'Merge' has the wrong shape: it must take exactly one parameter; the expected shape is 'static TVn M(TVn-1 value)'")]
    [InlineData("[KhoUpgrade] public static MemfdV2 {|#0:ByRef|}(in MemfdV1 v1) => new(v1.Pos, 0);",
        "[KhoUpgrade] method 'ByRef' has the wrong shape: its parameter must be passed by value; the expected shape is 'static TVn M(TVn-1 value)'")]
    [InlineData("[KhoUpgrade] public static T {|#0:Generic|}<T>(MemfdV1 v1) => default!;",
        "[KhoUpgrade] method 'Generic' has the wrong shape: it must not be generic; the expected shape is 'static TVn M(TVn-1 value)'")]
    [InlineData("[KhoUpgrade] private static MemfdV2 {|#0:Hidden|}(MemfdV1 v1) => new(v1.Pos, 0);",
        "[KhoUpgrade] method 'Hidden' has the wrong shape: it is not accessible from the generated code in MemfdV2: make it internal or public, or declare it in that type; the expected shape is 'static TVn M(TVn-1 value)'")]
    [InlineData("[KhoDowngrade] public static MemfdV1 {|#0:Again|}(MemfdV2 v2) => new(v2.Pos);",
        "[KhoDowngrade] method 'Again' has the wrong shape: another method, MemfdV2.To, already converts memfd-v2 to memfd-v1, and each step has exactly one; the expected shape is 'static TVn-1 M(TVn value)'")]
    public Task Reports_the_method_and_what_is_wrong(string method, string message) => Verify.AnalyzerAsync(
        Formats + "public static class Rollback\n{\n    " + method + "\n}\n",
        Verify.Diagnostic("KHO008").WithLocation(0).WithMessage(message));

    [Fact]
    public Task Is_silent_on_well_formed_conversions() => Verify.AnalyzerAsync(Formats);
}
