using System.Threading.Tasks;

namespace KhoGen.Analyzers.Tests.Rules;

public class Kho002Tests
{
    [Theory]
    [InlineData("Memfd", "a format name starts with a lowercase letter a-z")]
    [InlineData("memfd-v2", "a format name must not itself end in -v<digits>: the version is added to it")]
    [InlineData("mem_fd", "'_' is not allowed in a format name: use a-z, 0-9 and single '-'")]
    [InlineData("", "a format name cannot be empty")]
    public Task Reports_an_invalid_name_at_the_name_argument(string name, string why) => Verify.AnalyzerAsync($$"""
        using KhoGen;

        [KhoFormat({|#0:"{{name}}"|}, 1)]
        public partial record Memfd(ulong Pos);
        """,
        Verify.Diagnostic("KHO002").WithLocation(0).WithMessage($"'{name}' is not a valid format name: {why}"));

    [Fact]
    public Task Reports_an_invalid_name_of_a_retired_version() => Verify.AnalyzerAsync("""
        using KhoGen;

        [assembly: KhoRetired({|#0:"Memfd"|}, 1)]
        """,
        Verify.Diagnostic("KHO002").WithLocation(0).WithMessage("'Memfd' is not a valid format name: a format name starts with a lowercase letter a-z"));

    [Fact]
    public Task Is_silent_on_valid_names() => Verify.AnalyzerAsync("""
        using KhoGen;

        [assembly: KhoRetired("session-cache", 1)]

        [KhoFormat("session-cache", 2)]
        public partial record SessionCacheV2(string Key, long Expires);

        [KhoFormat("a1", 1)]
        public partial struct A1
        {
            public int Value;
        }
        """);
}

public class Kho003Tests
{
    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    public Task Reports_a_version_below_1_at_the_version_argument(string version) => Verify.AnalyzerAsync($$"""
        using KhoGen;

        [KhoFormat("memfd", {|#0:{{version}}|})]
        public partial record Memfd(ulong Pos);
        """,
        Verify.Diagnostic("KHO003").WithLocation(0).WithMessage($"Version {version} is not a valid format version: versions are numbered from 1"));

    [Fact]
    public Task Reports_a_retired_version_below_1() => Verify.AnalyzerAsync("""
        using KhoGen;

        [assembly: KhoRetired("memfd", {|#0:0|})]
        """,
        Verify.Diagnostic("KHO003").WithLocation(0).WithMessage("Version 0 is not a valid format version: versions are numbered from 1"));

    [Fact]
    public Task Is_silent_on_version_1() => Verify.AnalyzerAsync("""
        using KhoGen;

        [KhoFormat("memfd", 1)]
        public partial record MemfdV1(ulong Pos);
        """);
}
