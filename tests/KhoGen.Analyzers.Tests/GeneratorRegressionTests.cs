using System.Linq;
using Microsoft.CodeAnalysis;

namespace KhoGen.Analyzers.Tests;

/// <summary>
/// Generator bugs found by <see cref="RobustnessTests"/>, each reduced to a repro, kept as regressions.
/// </summary>
public class GeneratorRegressionTests
{
    [Fact]
    public void Two_types_with_one_name_do_not_crash_the_generator()
    {
        var (_, diagnostics, exception) = Pipeline.Generate(Pipeline.Compile("""
            using KhoGen;

            [KhoData] public partial record Twin(int A);
            [KhoData] public partial struct Twin { public int B; }
            """));
        Assert.Null(exception);
        Assert.DoesNotContain(diagnostics, d => d.Id == "CS8785");
    }

    [Fact]
    public void A_conversion_in_a_generic_class_is_rejected_and_not_called() => AssertRejectedAndNotBroken("KHO008", """
        using KhoGen;

        [KhoFormat("memfd", 1)] public partial record MemfdV1(ulong Pos);
        [KhoFormat("memfd", 2)] public partial record MemfdV2(ulong Pos, uint Flags);

        static class Conversions<T>
        {
            [KhoUpgrade] internal static MemfdV2 Up(MemfdV1 v) => new(v.Pos, 0);
            [KhoDowngrade] internal static MemfdV1 Down(MemfdV2 v) => new(v.Pos);
        }
        """);

    [Fact]
    public void Two_types_of_one_version_get_no_broken_chain() => AssertRejectedAndNotBroken("KHO004", """
        using KhoGen;

        [KhoFormat("memfd", 1)] public partial record MemfdV1(ulong Pos);
        [KhoFormat("memfd", 2)] public partial record MemfdV2(ulong Pos, uint Flags);

        [KhoFormat("memfd", 2)]
        public partial record MemfdStateV2(ulong Pos, uint Flags, int Seals)
        {
            [KhoUpgrade] public static MemfdStateV2 From(MemfdV1 v) => new(v.Pos, 0, 0);
            [KhoDowngrade] public static MemfdV1 To(MemfdStateV2 v) => new(v.Pos);
        }

        static class Conversions
        {
            [KhoUpgrade] internal static MemfdV2 Up(MemfdV1 v) => new(v.Pos, 0);
            [KhoDowngrade] internal static MemfdV1 Down(MemfdV2 v) => new(v.Pos);
        }
        """);

    static void AssertRejectedAndNotBroken(string rule, string source)
    {
        var input = Pipeline.Compile(source);
        Assert.Empty(input.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var exceptions = new System.Collections.Concurrent.ConcurrentBag<System.Exception>();
        var found = Pipeline.AnalyzeAsync(input, exceptions).GetAwaiter().GetResult();
        Assert.Contains(found, d => d.Id == rule);
        var (output, _, exception) = Pipeline.Generate(input);
        Assert.Null(exception);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }
}
