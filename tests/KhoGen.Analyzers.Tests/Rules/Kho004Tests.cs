using System.Threading.Tasks;

namespace KhoGen.Analyzers.Tests.Rules;

public class Kho004Tests
{
    [Fact]
    public Task Reports_both_types_that_declare_the_same_version() => Verify.AnalyzerAsync("""
        using KhoGen;

        namespace Cache;

        [{|#0:KhoFormat("memfd", 1)|}]
        public partial record MemfdV1(ulong Pos, ulong Size);

        [{|#1:KhoFormat("memfd", 1)|}]
        public partial record MemfdStateV1(ulong Pos, ulong Size, uint Flags);
        """,
        Verify.Diagnostic("KHO004").WithLocation(0).WithMessage("'memfd-v1' is declared by both 'MemfdV1' and 'MemfdStateV1': give each version of a format its own number"),
        Verify.Diagnostic("KHO004").WithLocation(1).WithMessage("'memfd-v1' is declared by both 'MemfdStateV1' and 'MemfdV1': give each version of a format its own number"));

    [Fact]
    public Task Reports_duplicates_across_files_and_nesting() => Verify.AnalyzerAsync("""
        using KhoGen;

        public static partial class Legacy
        {
            [{|#0:KhoFormat("session", 1)|}]
            public partial class SessionV1
            {
                public string Id { get; set; } = "";
            }
        }

        [{|#1:KhoFormat("session", 1)|}]
        public partial record SessionV1(string Id);
        """,
        Verify.Diagnostic("KHO004").WithLocation(0).WithMessage("'session-v1' is declared by both 'Legacy.SessionV1' and 'SessionV1': give each version of a format its own number"),
        Verify.Diagnostic("KHO004").WithLocation(1).WithMessage("'session-v1' is declared by both 'SessionV1' and 'Legacy.SessionV1': give each version of a format its own number"));

    [Fact]
    public Task Reports_no_chain_rules_around_the_ambiguous_version() => Verify.AnalyzerAsync("""
        using KhoGen;

        [KhoFormat("memfd", 1)]
        public partial record MemfdV1(ulong Pos);

        [{|#0:KhoFormat("memfd", 2)|}]
        public partial record MemfdV2(ulong Pos, uint Flags);

        [{|#1:KhoFormat("memfd", 2)|}]
        public partial record MemfdStateV2(ulong Pos, uint Seals);

        [KhoFormat("memfd", 3)]
        public partial record MemfdV3(ulong Pos, uint Flags, uint Seals);
        """,
        Verify.Diagnostic("KHO004").WithLocation(0).WithArguments("memfd-v2", "MemfdV2", "MemfdStateV2"),
        Verify.Diagnostic("KHO004").WithLocation(1).WithArguments("memfd-v2", "MemfdStateV2", "MemfdV2"));

    [Fact]
    public Task Is_silent_on_distinct_versions_and_formats() => Verify.AnalyzerAsync("""
        using KhoGen;

        [KhoFormat("memfd", 1)]
        public partial record MemfdV1(ulong Pos);

        [KhoFormat("memfd", 2)]
        public partial record MemfdV2(ulong Pos, uint Flags)
        {
            [KhoUpgrade] public static MemfdV2 From(MemfdV1 v1) => new(v1.Pos, 0);
            [KhoDowngrade] public static MemfdV1 To(MemfdV2 v2) => new(v2.Pos);
        }

        [KhoFormat("iommu", 1)]
        public partial record IommuV1(ulong Pos);
        """);
}
