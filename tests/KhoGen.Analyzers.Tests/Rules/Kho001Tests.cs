using System.Threading.Tasks;

namespace KhoGen.Analyzers.Tests.Rules;

public class Kho001Tests
{
    [Fact]
    public Task Reports_a_format_type_that_is_not_partial() => Verify.AnalyzerAsync("""
        using KhoGen;

        [KhoFormat("memfd", 1)]
        public record {|#0:MemfdV1|}(ulong Pos, ulong Size);
        """,
        Verify.Diagnostic("KHO001").WithLocation(0).WithLocation(0)
            .WithMessage("Type 'MemfdV1' and every type containing it must be partial: KhoGen adds the serializer in a second declaration"));

    [Fact]
    public Task Reports_the_containing_type_that_is_not_partial_on_the_data_type() => Verify.AnalyzerAsync("""
        using KhoGen;

        public static class {|#1:Formats|}
        {
            [KhoData]
            public partial struct {|#0:Folio|}
            {
                public ulong Pfn;
            }
        }
        """,
        Verify.Diagnostic("KHO001").WithLocation(0).WithLocation(1)
            .WithMessage("Type 'Folio' and every type containing it must be partial (its containing type Formats is not): KhoGen adds the serializer in a second declaration"));

    [Fact]
    public Task Is_silent_on_partial_types_nested_in_partial_types() => Verify.AnalyzerAsync("""
        using KhoGen;

        public static partial class Formats
        {
            [KhoData]
            public partial record struct Folio(ulong Pfn);

            [KhoFormat("memfd", 1)]
            public partial record MemfdV1(ulong Pos, Folio[] Folios);
        }
        """);
}
