using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace KhoGen.Generator.Tests;

[CollectionDefinition(nameof(ScanTests), DisableParallelization = true)]
public sealed class ScanCollection { }

/// <summary>
/// The work an edit costs (counted in parsed trees, DeclarationScan.TreesParsed) and
/// that the models kept for unchanged trees are right: after every edit, the incremental run gives
/// what a run over freshly parsed trees (nothing kept) gives. Not parallel: the count is per process.
/// </summary>
[Collection(nameof(ScanTests))]
public class ScanTests
{
    const string Usings = "using System.Collections.Generic;\nusing KhoGen;\n";

    static readonly string[] Project =
    {
        Usings + "namespace P; [KhoFormat(Names.Memfd, 1)] public partial record MemfdV1(ulong Pos, Folio First);",
        Usings + """
            namespace P;
            [KhoFormat(Names.Memfd, 2)] public partial record MemfdV2(ulong Pos, Folio First, Seals Seals)
            {
                [KhoUpgrade] public static MemfdV2 Up(MemfdV1 v) => new(v.Pos, v.First, Seals.None);
                [KhoDowngrade] public static MemfdV1 Down(MemfdV2 v) => new(v.Pos, v.First);
            }
            """,
        Usings + "namespace P; [KhoData] public partial record struct Folio(ulong Pfn, int Order);",
        Usings + "namespace P; [System.Flags] public enum Seals : uint { None = 0, Seal = 1, Grow = 4 }",
        Usings + "namespace P; public static class Names { public const string Memfd = \"memfd\"; }",
        Usings + "namespace P; [KhoFormat(\"other\", 1)] public partial class Other { public string Name { get; set; } = \"\"; public static int Twice(int x) => 2 * x; }",
        Usings + "namespace P; public static class Helpers { public static int Half(int x) => x / 2; }",
    };

    /// <summary>The generator's count of parsed trees (internal: read by reflection).</summary>
    static long TreesParsed() =>
        (long)typeof(KhoGenerator).Assembly.GetType("KhoGen.Generator.DeclarationScan", throwOnError: true)!
            .GetProperty("TreesParsed", System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)!.GetValue(null)!;

    sealed class Session
    {
        public CSharpCompilation Compilation = GeneratorHarness.Compile(Project);
        public GeneratorDriver Driver = GeneratorHarness.CreateDriver();

        public Session()
        {
            var run = GeneratorHarness.Run(Compilation, Driver);
            GeneratorHarness.AssertClean(run);
            Driver = run.Driver;
        }

        /// <summary>Replaces file <paramref name="file"/>; returns how many trees the run parsed, having checked its output against a fresh run.</summary>
        public long Edit(int file, Func<string, string> edit)
        {
            var old = Compilation.SyntaxTrees.Single(t => t.FilePath == $"Source{file}.cs");
            string text = edit(old.ToString());
            Assert.NotEqual(old.ToString(), text);
            Compilation = Compilation.ReplaceSyntaxTree(old, GeneratorHarness.Parse(text, old.FilePath));
            long before = TreesParsed();
            var run = GeneratorHarness.Run(Compilation, Driver);
            long parsed = TreesParsed() - before;
            Driver = run.Driver;
            GeneratorHarness.AssertClean(run);

            // The same sources parsed again: new trees, so nothing kept is reused.
            var fresh = GeneratorHarness.Run(GeneratorHarness.Compile(Compilation.SyntaxTrees.Select(t => t.ToString()).ToArray()));
            Assert.Equal(fresh.Sources, run.Sources);
            return parsed;
        }
    }

    [Fact]
    public void An_edit_inside_a_body_parses_the_edited_file_only()
    {
        var session = new Session();
        Assert.Equal(1, session.Edit(6, t => t.Replace("x / 2", "x >> 1")));
        Assert.Equal(1, session.Edit(1, t => t.Replace("new(v.Pos, v.First)", "new(v.Pos + 0, v.First)")));
    }

    [Fact]
    public void An_edit_of_a_formats_layout_parses_the_edited_file_only()
    {
        var session = new Session();
        Assert.Equal(1, session.Edit(5, t => t.Replace("public string Name", "public int Count { get; set; } public string Name")));
        Assert.Equal(1, session.Edit(0, t => t.Replace("MemfdV1(ulong Pos, Folio First)", "MemfdV1(ulong Pos, Folio First, int Extra = 0)")));
    }

    [Fact]
    public void An_edit_other_files_read_parses_every_file_and_reaches_them()
    {
        var session = new Session();
        // A data type, an enum's values, a constant in an attribute argument: other files' models read them.
        Assert.Equal(Project.Length, session.Edit(2, t => t.Replace("int Order", "long Order")));
        Assert.Equal(Project.Length, session.Edit(3, t => t.Replace("Grow = 4", "Grow = 4, Shrink = 8")));
        Assert.Equal(Project.Length, session.Edit(4, t => t.Replace("\"memfd\"", "\"memfd-file\"")));
        // A format's member made a property without a setter: the format's own file only, and it is now invalid.
        Assert.Equal(1, session.Edit(5, t => t.Replace("public string Name { get; set; } = \"\";", "public string Name => \"\";")));
    }
}
