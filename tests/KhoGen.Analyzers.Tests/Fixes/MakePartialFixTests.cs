using System.Threading.Tasks;
using KhoGen.CodeFixes;
using Microsoft.CodeAnalysis.Testing;

namespace KhoGen.Analyzers.Tests.Fixes;

public class MakePartialFixTests
{
    static DiagnosticResult Kho001(int location, string type, string? container = null) =>
        Verify.Diagnostic("KHO001").WithLocation(location).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
            .WithArguments(type, container is null ? "" : $" (its containing type {container} is not)");

    [Fact]
    public Task Adds_partial_before_the_type_keyword() => Verify.CodeFixAsync<MakePartialFix>("""
        using KhoGen;

        [KhoFormat("memfd", 1)]
        public sealed record {|#0:MemfdV1|}(ulong Pos, ulong Size);

        /// <summary>A folio.</summary>
        [KhoData]
        struct {|#1:Folio|}
        {
            public ulong Pfn;
        }
        """,
        new[] { Kho001(0, "MemfdV1"), Kho001(1, "Folio") },
        """
        using KhoGen;

        [KhoFormat("memfd", 1)]
        public sealed partial record MemfdV1(ulong Pos, ulong Size);

        /// <summary>A folio.</summary>
        [KhoData]
        partial struct Folio
        {
            public ulong Pfn;
        }
        """);

    [Fact]
    public Task Makes_the_containing_types_partial_too() => Verify.CodeFixAsync<MakePartialFix>("""
        using KhoGen;

        namespace Cache
        {
            public static class Formats
            {
                internal class Memfd
                {
                    [KhoFormat("memfd", 1)]
                    public record struct {|#0:V1|}(ulong Pos);

                    [KhoFormat("memfd", 2)]
                    public partial record struct {|#1:V2|}(ulong Pos, uint Flags)
                    {
                        [KhoUpgrade] public static V2 From(V1 v1) => new(v1.Pos, 0);
                        [KhoDowngrade] public static V1 To(V2 v2) => new(v2.Pos);
                    }
                }
            }
        }
        """,
        // V1 reports itself and both containers; V2 reports both containers: one fix each, or fix-all.
        new[] { Kho001(0, "V1"), Kho001(0, "V1", "Memfd"), Kho001(0, "V1", "Formats"), Kho001(1, "V2", "Memfd"), Kho001(1, "V2", "Formats") },
        """
        using KhoGen;

        namespace Cache
        {
            public static partial class Formats
            {
                internal partial class Memfd
                {
                    [KhoFormat("memfd", 1)]
                    public partial record struct V1(ulong Pos);

                    [KhoFormat("memfd", 2)]
                    public partial record struct V2(ulong Pos, uint Flags)
                    {
                        [KhoUpgrade] public static V2 From(V1 v1) => new(v1.Pos, 0);
                        [KhoDowngrade] public static V1 To(V2 v2) => new(v2.Pos);
                    }
                }
            }
        }
        """);
}
