using System.Threading.Tasks;
using Microsoft.CodeAnalysis;

namespace KhoGen.Analyzers.Tests.Rules;

public class Kho009Tests
{
    [Fact]
    public Task Reports_the_version_after_the_gap_as_a_warning() => Verify.AnalyzerAsync("""
        using KhoGen;

        [KhoFormat("memfd", 1)]
        public partial record MemfdV1(ulong Pos);

        [KhoFormat("memfd", {|#0:3|})]
        public partial record MemfdV3(ulong Pos, uint Flags, uint Seals);
        """,
        Verify.Diagnostic("KHO009").WithLocation(0).WithSeverity(DiagnosticSeverity.Warning).WithMessage(
            "Format 'memfd' has no version 2 (it declares versions 1 and 3): number versions consecutively, or mark a removed version with [assembly: KhoRetired]"));

    [Fact]
    public Task Names_a_range_of_missing_versions() => Verify.AnalyzerAsync("""
        using KhoGen;

        [KhoFormat("memfd", 2)]
        public partial record MemfdV2(ulong Pos);

        [KhoFormat("memfd", {|#0:5|})]
        public partial record MemfdV5(ulong Pos);
        """,
        Verify.Diagnostic("KHO009").WithLocation(0).WithArguments("memfd", "versions 3 to 4", "2", "5"));

    [Fact]
    public Task Is_silent_when_a_retired_version_fills_the_gap() => Verify.AnalyzerAsync("""
        using KhoGen;

        [assembly: KhoRetired("memfd", 2)]

        [KhoFormat("memfd", 1)]
        public partial record MemfdV1(ulong Pos);

        [KhoFormat("memfd", 3)]
        public partial record MemfdV3(ulong Pos, uint Flags);
        """);

    [Fact]
    public Task Is_silent_when_a_format_starts_above_version_1() => Verify.AnalyzerAsync("""
        using KhoGen;

        [KhoFormat("memfd", 4)]
        public partial record MemfdV4(ulong Pos);
        """);
}
