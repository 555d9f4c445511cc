namespace KhoGen.Generator.Tests;

/// <summary>
/// The generated source of representative inputs, compared with Baselines/&lt;Test&gt;/. Each input
/// must also compile cleanly with the generated code.
/// </summary>
public class GoldenTests
{
    static void Check(string source, string test)
    {
        var run = GeneratorHarness.Run(source);
        GeneratorHarness.AssertClean(run);
        Assert.Empty(run.Result.Diagnostics); // rules are the analyzers' to report, not the generator's
        Baseline.Verify(run, test);
    }

    [Fact] public void Memfd() => Check(Samples.Memfd, nameof(Memfd));

    [Fact] public void AllMemberTypes() => Check(Samples.AllMemberTypes, nameof(AllMemberTypes));

    [Fact] public void InitProperties() => Check(Samples.InitProperties, nameof(InitProperties));

    [Fact] public void Struct() => Check(Samples.Struct, nameof(Struct));

    [Fact] public void NestedTypes() => Check(Samples.NestedTypes, nameof(NestedTypes));

    [Fact] public void ThreeVersions() => Check(Samples.ThreeVersions, nameof(ThreeVersions));

    [Fact] public void SharedGroup() => Check(Samples.SharedGroup, nameof(SharedGroup));

    [Fact]
    public void LineDiffShowsLineNumbers()
    {
        string diff = LineDiff.Describe("a\nb\nc\nd", "a\nB\nc\nd\ne");
        Assert.Contains("- expected     2: b\n  + actual       2: B", diff);
        Assert.Contains("+ actual       5: e", diff);
        Assert.DoesNotContain(": c", diff);
    }
}
