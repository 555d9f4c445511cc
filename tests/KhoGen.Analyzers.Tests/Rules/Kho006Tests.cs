using System.Threading.Tasks;

namespace KhoGen.Analyzers.Tests.Rules;

public class Kho006Tests
{
    [Fact]
    public Task Reports_the_first_member_of_the_second_declaration() => Verify.AnalyzerAsync("""
        using KhoGen;

        [KhoFormat("tracker", 1)]
        public partial class TrackerV1
        {
            public long Position { get; set; }
        }

        public partial class TrackerV1
        {
            public long {|#0:Length|} { get; set; }
            public int Generation;
        }
        """,
        Verify.Diagnostic("KHO006").WithLocation(0).WithMessage(
            "The layout members of 'TrackerV1' are declared in more than one partial declaration, so their order is not defined: declare them all in one declaration"));

    [Fact]
    public async Task Reports_declarations_in_two_files()
    {
        var test = new Verify.AnalyzerTest();
        test.TestState.Sources.Add(("Tracker.cs", """
            using KhoGen;

            [KhoFormat("tracker", 1)]
            public partial record TrackerV1(long Position)
            {
                public int Generation { get; init; }
            }
            """));
        test.TestState.Sources.Add(("Tracker.More.cs", """
            public partial record TrackerV1
            {
                public long {|#0:Length|} { get; init; }
            }
            """));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("KHO006").WithLocation(0).WithArguments("TrackerV1"));
        await test.RunAsync();
    }

    [Fact]
    public Task Is_silent_when_other_declarations_hold_only_methods_and_ignored_members() => Verify.AnalyzerAsync("""
        using KhoGen;

        [KhoFormat("tracker", 1)]
        public partial class TrackerV1
        {
            public long Position { get; set; }
            public long Length { get; set; }
        }

        public partial class TrackerV1
        {
            [KhoIgnore] public int Hits { get; set; }
            public long End => Position + Length;
            public void Reset() => Position = 0;
        }
        """);
}
