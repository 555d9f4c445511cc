using System;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace KhoGen.Generator.Tests;

/// <summary>
/// Types' sources are grouped into at most 64 files by a hash of their names: each type's text is
/// kept whole inside its file, a file lists its types in name order, and the files do not depend
/// on the order of the compilation's files.
/// </summary>
public class GroupingTests
{
    [Fact]
    public void Types_of_one_group_share_a_file_in_name_order_each_text_whole()
    {
        var run = GeneratorHarness.Run(Samples.SharedGroup);
        GeneratorHarness.AssertClean(run);
        string file = run.FileOf("Grouped.Beta");
        Assert.Equal(file, run.FileOf("Grouped.Chi"));
        Assert.Equal(file, run.FileOf("Grouped.Psi"));
        Assert.Equal(new[] { file }, run.Sources.Select(s => s.HintName).Where(h => !h.StartsWith("KhoCatalog", StringComparison.Ordinal)));
        // The file is the three texts as the emitter wrote them, in name order, a blank line between two.
        Assert.Equal(string.Join("\n", new[] { "Beta", "Chi", "Psi" }.Select(n => run.TypeSource("Grouped." + n))), run.Source(file));
    }

    [Fact]
    public void The_files_do_not_depend_on_the_order_of_the_compilations_files()
    {
        string[] sources =
        {
            "using KhoGen; namespace Grouped; [KhoData] public partial record Psi(int A, string B);",
            "using KhoGen; namespace Grouped; [KhoFormat(\"beta\", 1)] public partial record Beta(Psi P, Chi C);",
            "using KhoGen; namespace Grouped; [KhoData] public partial record struct Chi(long X, ushort Y);",
            "using KhoGen; namespace Grouped; [KhoFormat(\"sigma\", 1)] public partial record Sigma(int A); [KhoData] public partial record Phi(int B);",
        };
        var forward = GeneratorHarness.Run(sources);
        var backward = GeneratorHarness.Run(sources.Reverse().ToArray());
        GeneratorHarness.AssertClean(forward);
        // The catalogs differ in the files they name (Source0.cs is another file); the type files are the same.
        var types = forward.Sources.Where(s => !s.HintName.StartsWith("KhoCatalog", StringComparison.Ordinal)).ToList();
        Assert.Equal(types, backward.Sources.Where(s => !s.HintName.StartsWith("KhoCatalog", StringComparison.Ordinal)));
        Assert.Equal(2, types.Count); // groups 12 (Beta, Chi, Psi) and 23 (Phi, Sigma)
    }

    [Fact]
    public void Editing_one_type_rewrites_only_its_group()
    {
        string[] sources =
        {
            "using KhoGen; namespace Grouped; [KhoFormat(\"sigma\", 1)] public partial record Sigma(int A);",
            "using KhoGen; namespace Grouped; [KhoData] public partial record Phi(int B);",
            "using KhoGen; namespace Grouped; [KhoData] public partial record Psi(int C);",
        };
        var compilation = GeneratorHarness.Compile(sources);
        var run = GeneratorHarness.Run(compilation);
        GeneratorHarness.AssertClean(run);
        string sigmaFile = run.FileOf("Grouped.Sigma");
        Assert.Equal(sigmaFile, run.FileOf("Grouped.Phi"));
        string psiFile = run.FileOf("Grouped.Psi");
        Assert.NotEqual(sigmaFile, psiFile);

        var old = compilation.SyntaxTrees.Single(t => t.FilePath == "Source1.cs");
        var edited = compilation.ReplaceSyntaxTree(old, GeneratorHarness.Parse(sources[1].Replace("int B", "int B, long D"), "Source1.cs"));
        var again = GeneratorHarness.Run(edited, run.Driver);
        GeneratorHarness.AssertClean(again);

        var groups = again.Result.TrackedSteps[KhoGenerator.Steps.Groups].SelectMany(s => s.Outputs).ToList();
        Assert.Equal(2, groups.Count);
        var rewritten = Assert.Single(groups, o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("Number = " + sigmaFile.Substring("KhoTypes".Length, 2).TrimStart('0') + ",", rewritten.Value.ToString()!);
        Assert.NotEqual(run.Source(sigmaFile), again.Source(sigmaFile));
        Assert.Equal(run.TypeSource("Grouped.Sigma"), again.TypeSource("Grouped.Sigma"));
        Assert.Equal(run.Source(psiFile), again.Source(psiFile));
    }

    [Fact]
    public void A_type_declared_twice_is_emitted_once_and_the_generator_does_not_throw()
    {
        // Two partial declarations each with [KhoData]: the compiler reports the duplicate attribute
        // (CS0579); the generator must not fail on two sources of one name.
        var run = GeneratorHarness.Run(
            "using KhoGen; namespace Twice; [KhoData] public partial record Pair(int A);",
            "using KhoGen; namespace Twice; [KhoData] public partial record Pair { public int B { get; init; } }");
        GeneratorHarness.AssertNoGeneratorException(run);
        var file = Assert.Single(run.Sources, s => s.HintName.EndsWith(".Kho.g.cs", StringComparison.Ordinal));
        Assert.Single(file.Text.Split('\n'), l => l.Contains("partial record Pair", StringComparison.Ordinal));
    }
}
