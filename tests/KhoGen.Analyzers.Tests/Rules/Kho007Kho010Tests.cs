using System.Threading.Tasks;

namespace KhoGen.Analyzers.Tests.Rules;

public class Kho007Tests
{
    [Fact]
    public Task Reports_a_version_that_cannot_read_the_previous_one() => Verify.AnalyzerAsync("""
        using KhoGen;

        namespace Cache;

        [KhoFormat("memfd", 1)]
        public partial record MemfdV1(ulong Pos, ulong Size);

        [KhoFormat("memfd", 2)]
        public partial record {|#0:MemfdV2|}(ulong Pos, ulong Size, uint Flags)
        {
            [KhoDowngrade] public static MemfdV1 To(MemfdV2 v2) => new(v2.Pos, v2.Size);
        }
        """,
        Verify.Diagnostic("KHO007").WithLocation(0).WithMessage(
            "No [KhoUpgrade] method converts memfd-v1 to memfd-v2, so this build cannot read memfd-v1: add 'static MemfdV2 M(MemfdV1 value)' marked [KhoUpgrade], or retire memfd-v1 with [assembly: KhoRetired(\"memfd\", 1)]"));

    [Fact]
    public Task Reports_each_step_of_a_chain_and_an_upgrade_of_the_wrong_shape_does_not_count() => Verify.AnalyzerAsync("""
        using KhoGen;

        [KhoFormat("lease", 1)]
        public partial record LeaseV1(long Expires);

        [KhoFormat("lease", 2)]
        public partial record {|#0:LeaseV2|}(long Expires, string Owner)
        {
            [KhoUpgrade] public LeaseV2 {|#1:From|}(LeaseV1 v1) => new(v1.Expires, "");
            [KhoDowngrade] public static LeaseV1 To(LeaseV2 v2) => new(v2.Expires);
        }

        [KhoFormat("lease", 3)]
        public partial record {|#2:LeaseV3|}(long Expires, string Owner, int Renewals)
        {
            [KhoDowngrade] public static LeaseV2 To(LeaseV3 v3) => new(v3.Expires, v3.Owner);
        }
        """,
        Verify.Diagnostic("KHO007").WithLocation(0).WithArguments("lease-v1", "lease-v2", "LeaseV2", "LeaseV1", "lease", "1"),
        Verify.Diagnostic("KHO008").WithLocation(1).WithArguments("[KhoUpgrade]", "From", "it must be static", "static TVn M(TVn-1 value)"),
        Verify.Diagnostic("KHO007").WithLocation(2).WithArguments("lease-v2", "lease-v3", "LeaseV3", "LeaseV2", "lease", "2"));

    [Fact]
    public Task Is_silent_when_the_upgrade_is_in_another_class() => Verify.AnalyzerAsync("""
        using KhoGen;

        [KhoFormat("memfd", 1)]
        public partial record MemfdV1(ulong Pos);

        [KhoFormat("memfd", 2)]
        public partial record MemfdV2(ulong Pos, uint Flags);

        static class MemfdConversions
        {
            [KhoUpgrade] internal static MemfdV2 Upgrade(MemfdV1 v1) => new(v1.Pos, 0);
            [KhoDowngrade] internal static MemfdV1 Downgrade(MemfdV2 v2) => new(v2.Pos);
        }
        """);

    [Fact]
    public Task Is_silent_when_the_previous_version_is_retired() => Verify.AnalyzerAsync("""
        using KhoGen;

        [assembly: KhoRetired("memfd", 1)]

        [KhoFormat("memfd", 1)]
        public partial record MemfdV1(ulong Pos);

        [KhoFormat("memfd", 2)]
        public partial record MemfdV2(ulong Pos, uint Flags);
        """);
}

public class Kho010Tests
{
    [Fact]
    public Task Reports_a_version_that_cannot_write_the_previous_one_as_info() => Verify.AnalyzerAsync("""
        using KhoGen;

        [KhoFormat("memfd", 1)]
        public partial record MemfdV1(ulong Pos, ulong Size);

        [KhoFormat("memfd", 2)]
        public partial record {|#0:MemfdV2|}(ulong Pos, ulong Size, uint Flags)
        {
            [KhoUpgrade] public static MemfdV2 From(MemfdV1 v1) => new(v1.Pos, v1.Size, 0);
        }
        """,
        Verify.Diagnostic("KHO010").WithLocation(0).WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithMessage(
            "No [KhoDowngrade] method converts memfd-v2 to memfd-v1, so builds that read only memfd-v1 cannot be rolled back to: add 'static MemfdV1 M(MemfdV2 value)' marked [KhoDowngrade]"));

    [Fact]
    public Task Is_silent_with_a_downgrade_or_a_retired_previous_version() => Verify.AnalyzerAsync("""
        using KhoGen;

        [assembly: KhoRetired("iommu", 1)]

        [KhoFormat("memfd", 1)]
        public partial record MemfdV1(ulong Pos);

        [KhoFormat("memfd", 2)]
        public partial record MemfdV2(ulong Pos, uint Flags)
        {
            [KhoUpgrade] public static MemfdV2 From(MemfdV1 v1) => new(v1.Pos, 0);
            [KhoDowngrade] private static MemfdV1 To(MemfdV2 v2) => new(v2.Pos);
        }

        [KhoFormat("iommu", 1)]
        public partial record IommuV1(ulong Pos);

        [KhoFormat("iommu", 2)]
        public partial record IommuV2(ulong Pos, ulong Pages);
        """);
}
