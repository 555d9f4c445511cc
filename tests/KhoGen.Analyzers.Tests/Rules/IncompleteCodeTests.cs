using System.Collections.Concurrent;
using System.Linq;
using System.Threading.Tasks;

namespace KhoGen.Analyzers.Tests.Rules;

/// <summary>
/// Where the compiler already says what is wrong (a type that does not resolve, a declaration being
/// typed), the analyzers add nothing: no KHO005, KHO008 or KHO012 next to CS0246 or CS1001. Each
/// case also checks the compiler does report it, and that the same code, completed, gets the rule.
/// </summary>
public class IncompleteCodeTests
{
    const string Usings = "using System.Collections.Generic;\nusing KhoGen;\n";

    static async Task<string[]> IdsAsync(string source)
    {
        var exceptions = new ConcurrentBag<System.Exception>();
        var diagnostics = await Pipeline.AnalyzeAsync(Pipeline.Compile(Usings + source), exceptions, includeCompilerDiagnostics: true);
        Assert.Empty(exceptions);
        return diagnostics.Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error)
            .Select(d => d.Id + ": " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }

    static async Task AssertOnlyCompilerErrorsAsync(string source, string compilerId)
    {
        var ids = await IdsAsync(source);
        Assert.Contains(ids, d => d.StartsWith(compilerId + ":", System.StringComparison.Ordinal));
        Assert.DoesNotContain(ids, d => d.StartsWith("KHO", System.StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_misspelled_element_type_is_the_compilers_to_report()
    {
        await AssertOnlyCompilerErrorsAsync("""
            [KhoData] public partial record struct Folio(ulong Pfn);
            [KhoFormat("memfd", 1)] public partial record MemfdV1(ulong Pos, KhoArray<Folo> Folios);
            """, "CS0246");
        // Spelled right but unsupported, the same member is KHO005's.
        Assert.Contains(await IdsAsync("""
            public sealed class Folo { }
            [KhoFormat("memfd", 1)] public partial record MemfdV1(ulong Pos, KhoArray<Folo> Folios);
            """), d => d.StartsWith("KHO005: Member 'Folios' of type 'KhoArray<Folo>'", System.StringComparison.Ordinal));
    }

    [Fact]
    public Task An_undeclared_member_type_is_the_compilers_to_report() => AssertOnlyCompilerErrorsAsync("""
        [KhoFormat("sessions", 1)]
        public partial class SessionsV1
        {
            public Foo Current { get; set; } = null!;
            public List<Foo[]> History { get; set; } = new();
            public Dictionary<string, Foo?> ByName { get; set; } = new();
        }
        """, "CS0246");

    [Theory]
    [InlineData("(ulong Pos, ", "CS1031")]
    [InlineData("(ulong Pos, u", "CS1001")]
    [InlineData("(ulong Pos, ulong", "CS1001")]
    [InlineData("(ulong Pos, ulong P", "CS1026")]
    public Task A_half_typed_parameter_list_is_the_compilers_to_report(string parameters, string compilerId) =>
        AssertOnlyCompilerErrorsAsync($$"""
            [KhoFormat("memfd", 1)] public partial record MemfdV1{{parameters}}
            """, compilerId);

    [Fact]
    public async Task A_conversion_from_a_type_not_written_yet_is_the_compilers_to_report()
    {
        await AssertOnlyCompilerErrorsAsync("""
            [KhoFormat("memfd", 2)]
            public partial record MemfdV2(ulong Pos)
            {
                [KhoUpgrade] public static MemfdV2 Up(MemfdV1 v) => new(v.Pos);
                [KhoDowngrade] public static Memfd Down(MemfdV2 v) => null!;
            }
            """, "CS0246");
        // The same conversion from a type that exists but is no format is KHO008's.
        Assert.Contains(await IdsAsync("""
            public sealed record MemfdV1(ulong Pos);
            [KhoFormat("memfd", 2)]
            public partial record MemfdV2(ulong Pos)
            {
                [KhoUpgrade] public static MemfdV2 Up(MemfdV1 v) => new(v.Pos);
            }
            """), d => d.StartsWith("KHO008:", System.StringComparison.Ordinal) && d.Contains("parameter type MemfdV1 is not a [KhoFormat] type"));
    }
}
