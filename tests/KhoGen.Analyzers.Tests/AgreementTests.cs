using System.Collections.Concurrent;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;

namespace KhoGen.Analyzers.Tests;

/// <summary>
/// The generator and the analyzers agree: code the analyzers accept gets serializers that compile,
/// and code they reject gets no broken code. Each case is user code that compiles on its own.
/// </summary>
public class AgreementTests
{
    const string Formats = """
        using KhoGen;

        [KhoFormat("memfd", 1)]
        public partial record MemfdV1(ulong Pos);

        [KhoFormat("memfd", 2)]
        public partial record MemfdV2(ulong Pos, uint Flags);

        """;

    public static TheoryData<string, string, string> Cases => new()
    {
        { "valid: conversions in another class", "", Formats + """
            static class Conversions
            {
                [KhoUpgrade] internal static MemfdV2 Up(MemfdV1 v) => new(v.Pos, 0);
                [KhoDowngrade] internal static MemfdV1 Down(MemfdV2 v) => new(v.Pos);
            }
            """ },
        { "KHO008: a private upgrade in another class", "KHO007,KHO008", Formats + """
            static class Conversions
            {
                [KhoUpgrade] private static MemfdV2 Up(MemfdV1 v) => new(v.Pos, 0);
                [KhoDowngrade] internal static MemfdV1 Down(MemfdV2 v) => new(v.Pos);
            }
            """ },
        { "KHO008: two upgrades for one step", "KHO008", Formats + """
            static class Conversions
            {
                [KhoUpgrade] internal static MemfdV2 Up(MemfdV1 v) => new(v.Pos, 0);
                [KhoUpgrade] internal static MemfdV2 Up2(MemfdV1 v) => new(v.Pos, 1);
                [KhoDowngrade] internal static MemfdV1 Down(MemfdV2 v) => new(v.Pos);
            }
            """ },
        { "KHO011: a recursive data type inside a format", "KHO011", """
            using System.Collections.Generic;
            using KhoGen;

            [KhoData]
            public partial class Node
            {
                public List<Node> Children { get; set; } = new();
            }

            [KhoFormat("tree", 1)]
            public partial record TreeV1(Node Root);
            """ },
        { "KHO005: a format that uses a data type with an unsupported member", "KHO005", """
            using System.Collections.Generic;
            using KhoGen;

            [KhoData]
            public partial class Entry
            {
                public HashSet<int> Set { get; set; } = new();
            }

            [KhoFormat("entries", 1)]
            public partial record EntriesV1(Entry[] Entries);
            """ },
        { "KHO012: a format whose data type cannot be constructed", "KHO012", """
            using KhoGen;

            [KhoData]
            public partial class Entry
            {
                public Entry(string key) { }
                public int Value { get; set; }
            }

            [KhoFormat("entries", 1)]
            public partial record EntriesV1(Entry Entry);
            """ },
        { "internal conversions in a private nested format", "", """
            using KhoGen;

            public partial class Service
            {
                [KhoFormat("jobs", 1)]
                private partial record JobsV1(int Pending);

                [KhoFormat("jobs", 2)]
                private partial record JobsV2(int Pending, int Running)
                {
                    [KhoUpgrade] internal static JobsV2 From(JobsV1 v1) => new(v1.Pending, 0);
                    [KhoDowngrade] internal static JobsV1 To(JobsV2 v2) => new(v2.Pending);
                }
            }
            """ },
        { "KHO013: a member with a name the generator uses", "KHO013", """
            using KhoGen;

            [KhoFormat("names", 1)]
            public partial class NamesV1
            {
                public int KhoVersion { get; set; }
            }
            """ },
    };

    [Fact]
    public async Task The_valid_samples_are_silent_and_build_with_the_generator()
    {
        foreach (var (_, text) in Sources.Valid()) await Pipeline.AssertBuildsCleanAsync(text);
        await Pipeline.AssertBuildsCleanAsync(Sources.Valid().Select(s => s.Text).ToArray());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Generated_code_compiles_whatever_the_analyzers_say(string name, string expectedRules, string source)
    {
        var input = Pipeline.Compile(source);
        Assert.Empty(input.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var exceptions = new ConcurrentBag<System.Exception>();
        var rules = (await Pipeline.AnalyzeAsync(input, exceptions)).Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => d.Id).Distinct().OrderBy(id => id, System.StringComparer.Ordinal);
        Assert.Empty(exceptions);
        Assert.Equal(expectedRules, string.Join(",", rules));

        var (output, diagnostics, exception) = Pipeline.Generate(input);
        Assert.Null(exception);
        Assert.Empty(diagnostics);
        Assert.True(!output.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error),
            name + ": " + string.Join("\n", output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error)));
    }
}
