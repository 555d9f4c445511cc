using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace KhoGen.Analyzers.Tests.Baselines;

/// <summary>
/// KHO102 (a shipped version is no longer readable) and KHO105 (no rollback to a shipped build),
/// against Cache 1.0 (memfd-v1, lease-v1) and Cache 2.0 (memfd-v1 and v2 with both conversions; lease-v1 retired).
/// </summary>
public class Kho102Kho105Tests
{
    const string V1 = """
        [KhoFormat("memfd", 1)]
        public partial record MemfdV1(ulong Pos, ulong Size);

        """;

    const string V2 = """
        [KhoFormat("memfd", 2)]
        public partial record MemfdV2(ulong Pos, ulong Size, uint Flags)
        {
            [KhoUpgrade] public static MemfdV2 From(MemfdV1 v1) => new(v1.Pos, v1.Size, 0);
            [KhoDowngrade] public static MemfdV1 To(MemfdV2 v2) => new(v2.Pos, v2.Size);
        }

        """;

    const string Lease = """
        [KhoFormat("lease", 1)]
        public partial record LeaseV1(long Expires);

        """;

    static string Code(string body, string assembly = "") => $"using KhoGen;\n{assembly}\nnamespace Cache;\n\n{body}";

    static readonly string Release1 = Shipped.Catalog(Code(V1 + Lease), "Cache", "1.0.0.0");
    static readonly string Release2 = Shipped.Catalog(Code(V1 + V2, "[assembly: KhoRetired(\"lease\", 1)]"), "Cache", "2.0.0.0");
    const string File1 = "Cache-1.0.0.0.kho.json", File2 = "Cache-2.0.0.0.kho.json";
    const string Name1 = File1 + " (Cache 1.0.0.0)", Name2 = File2 + " (Cache 2.0.0.0)";

    static DiagnosticResult Kho102(string id, string release, string why, int version) =>
        Shipped.Diagnostic("KHO102").WithArguments(id, release, why, id.Split("-v")[0], version.ToString());

    /// <summary>In the baseline file, at the line that names the version.</summary>
    static DiagnosticResult InFile(DiagnosticResult result, string file, string json, string id) =>
        result.WithLocation(Shipped.Folder + file, Line(json, $"\"id\": \"{id}\""), Column(json, $"\"id\": \"{id}\""));

    [Fact]
    public Task A_deleted_version_is_reported_on_the_next_one() => Shipped.VerifyAsync(
        Code("""
            [KhoFormat("memfd", 2)]
            public partial record {|#0:MemfdV2|}(ulong Pos, ulong Size, uint Flags);
            """),
        new[] { (File2, Release2) },
        Shipped.Diagnostic("KHO102").WithLocation(0).WithMessage(
            "memfd-v1 shipped in Cache-2.0.0.0.kho.json (Cache 2.0.0.0), but this build can no longer read it: no type declares it any more; " +
            "upgrading from that release would lose its state: restore memfd-v1 with an upgrade chain to the latest version, or retire it with [assembly: KhoRetired(\"memfd\", 1)]"));

    [Fact]
    public Task A_deleted_version_that_is_retired_is_fine_for_a_release_that_can_take_a_later_one() => Shipped.VerifyAsync(
        Code("""
            [KhoFormat("memfd", 2)]
            public partial record MemfdV2(ulong Pos, ulong Size, uint Flags);
            """, "[assembly: KhoRetired(\"memfd\", 1)]"),
        new[] { (File2, Release2) });

    [Fact]
    public Task Retiring_the_only_version_a_release_reads_makes_the_rollback_to_it_impossible() => Shipped.VerifyAsync(
        Code("""
            [KhoFormat("memfd", 2)]
            public partial record {|#0:MemfdV2|}(ulong Pos, ulong Size, uint Flags);

            [KhoFormat("lease", 1)]
            public partial record LeaseV1(long Expires);
            """, "[assembly: KhoRetired(\"memfd\", 1)]"),
        new[] { (File1, Release1) },
        Shipped.Diagnostic("KHO105").WithLocation(0).WithSeverity(DiagnosticSeverity.Warning).WithMessage(
            "This build writes no version of 'memfd' that Cache-1.0.0.0.kho.json (Cache 1.0.0.0) reads, so a rollback to that release is impossible " +
            "(no version of 'memfd' works: the writing build writes memfd-v2, the reading build reads memfd-v1); add [KhoDowngrade] steps from memfd-v2 down to a version it reads"));

    [Fact]
    public Task A_new_version_without_a_downgrade_cannot_roll_back() => Shipped.VerifyAsync(
        Code(V1 + Lease + """
            [KhoFormat("memfd", 2)]
            public partial record {|#0:MemfdV2|}(ulong Pos, ulong Size, uint Flags)
            {
                [KhoUpgrade] public static MemfdV2 From(MemfdV1 v1) => new(v1.Pos, v1.Size, 0);
            }
            """),
        new[] { (File1, Release1) },
        Shipped.Diagnostic("KHO105").WithLocation(0).WithSeverity(DiagnosticSeverity.Warning)
            .WithArguments("memfd", Name1, "no version of 'memfd' works: the writing build writes memfd-v2, the reading build reads memfd-v1", "memfd-v2"));

    [Fact]
    public Task A_version_whose_upgrade_chain_broke_is_reported_on_its_type() => Shipped.VerifyAsync(
        Code("""
            [KhoFormat("memfd", 1)]
            public partial record {|#0:MemfdV1|}(ulong Pos, ulong Size);

            [KhoFormat("memfd", 2)]
            public partial record MemfdV2(ulong Pos, ulong Size, uint Flags)
            {
                [KhoDowngrade] public static MemfdV1 To(MemfdV2 v2) => new(v2.Pos, v2.Size);
            }
            """),
        new[] { (File2, Release2) },
        Kho102("memfd-v1", Name2, "no upgrade chain leads from it to memfd-v2, the latest version", 1).WithLocation(0));

    [Fact]
    public Task A_whole_format_deleted_is_reported_in_the_baseline_file() => Shipped.VerifyAsync(
        Code(V1),
        new[] { (File1, Release1) },
        InFile(Kho102("lease-v1", Name1, "no type declares it any more", 1), File1, Release1, "lease-v1"));

    [Fact]
    public Task Two_baselines_are_each_checked_and_named() => Shipped.VerifyAsync(
        Code(V1 + """
            [KhoFormat("memfd", 2)]
            public partial record {|#0:MemfdV2|}(ulong Pos, ulong Size, ulong Flags)
            {
                [KhoUpgrade] public static MemfdV2 From(MemfdV1 v1) => new(v1.Pos, v1.Size, 0);
                [KhoDowngrade] public static MemfdV1 To(MemfdV2 v2) => new(v2.Pos, v2.Size);
            }
            """),
        new[] { (File1, Release1), (File2, Release2) },
        // 2.0 shipped memfd-v2 with a u32; 1.0 never had it and reads memfd-v1, which is unchanged.
        Shipped.Diagnostic("KHO101").WithLocation(0).WithArguments("memfd-v2", Name2, "member 'Flags' retyped from u32 to u64", "memfd-v3"),
        // 1.0 shipped lease-v1, which this build dropped without retiring it (2.0 retired it, so 2.0 says nothing).
        InFile(Kho102("lease-v1", Name1, "no type declares it any more", 1), File1, Release1, "lease-v1"));

    static int Line(string text, string needle) => text[..text.IndexOf(needle, System.StringComparison.Ordinal)].Count(c => c == '\n') + 1;

    static int Column(string text, string needle)
    {
        int at = text.IndexOf(needle, System.StringComparison.Ordinal);
        return at - text.LastIndexOf('\n', at);
    }
}
