using System.Threading.Tasks;
using KhoGen.CodeFixes;

namespace KhoGen.Analyzers.Tests.Fixes;

public class RetireVersionFixTests
{
    [Fact]
    public Task Retires_the_version_that_cannot_be_read() => Verify.CodeFixAsync<RetireVersionFix>("""
        using KhoGen;

        namespace Cache;

        [KhoFormat("memfd", 1)]
        public partial record MemfdV1(ulong Pos);

        [KhoFormat("memfd", 2)]
        public partial record {|#0:MemfdV2|}(ulong Pos, uint Flags);
        """,
        new[]
        {
            Verify.Diagnostic("KHO007").WithLocation(0).WithArguments("memfd-v1", "memfd-v2", "MemfdV2", "MemfdV1", "memfd", "1"),
            Verify.Diagnostic("KHO010").WithLocation(0).WithArguments("memfd-v1", "memfd-v2", "MemfdV2", "MemfdV1"),
        },
        """
        using KhoGen;

        [assembly: KhoRetired("memfd", 1)]

        namespace Cache;

        [KhoFormat("memfd", 1)]
        public partial record MemfdV1(ulong Pos);

        [KhoFormat("memfd", 2)]
        public partial record MemfdV2(ulong Pos, uint Flags);
        """,
        remaining: System.Array.Empty<Microsoft.CodeAnalysis.Testing.DiagnosticResult>());
}
