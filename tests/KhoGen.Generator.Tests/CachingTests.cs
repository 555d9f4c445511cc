using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace KhoGen.Generator.Tests;

/// <summary>
/// The Roslyn cookbook's caching tests: a second run over an equal compilation does no work, an
/// unrelated edit leaves every per-type output cached, and editing one format's layout changes
/// that format's output and the catalog only. Pipeline values hold no compilation objects.
/// </summary>
public class CachingTests
{
    static readonly string[] AllSteps = typeof(KhoGenerator.Steps)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToArray();

    static readonly string[] PerTypeSteps =
    {
        KhoGenerator.Steps.Formats, KhoGenerator.Steps.Data, KhoGenerator.Steps.FormatOutputs, KhoGenerator.Steps.TypeSources, KhoGenerator.Steps.Groups,
        KhoGenerator.Steps.FormatUses, KhoGenerator.Steps.References, KhoGenerator.Steps.CatalogTypes, KhoGenerator.Steps.FormatNames,
        KhoGenerator.Steps.CatalogFormats, KhoGenerator.Steps.CatalogFragments, KhoGenerator.Steps.CatalogGroups, KhoGenerator.Steps.CatalogFrame,
        KhoGenerator.Steps.IndexNames,
    };

    /// <summary>The catalog's part files (<c>KhoCatalogNN.g.cs</c>), not its index.</summary>
    static bool IsCatalogPart(string hint) => hint.StartsWith("KhoCatalog", StringComparison.Ordinal) && hint != "KhoCatalog.g.cs";

    static readonly string[] TypeNames = { "Cache.MemfdV1", "Cache.MemfdV2", "Cache.Other", "Cache.Folio" };

    // memfd v1/v2 with their conversions in one file, the data type and enums in another:
    // editing MemfdV1 re-parses MemfdV2 too, so MemfdV2's output stays cached only if its model is value-equal.
    const string Formats = """
        using KhoGen;

        namespace Cache;

        [KhoFormat("memfd", 1)]
        public partial record MemfdV1(ulong Pos, ulong Size, KhoArray<Folio> Folios);

        [KhoFormat("memfd", 2)]
        public partial record MemfdV2(ulong Pos, ulong Size, KhoArray<Folio> Folios, Seals Seals, uint Flags)
        {
            [KhoUpgrade]   public static MemfdV2 From(MemfdV1 v1) => new(v1.Pos, v1.Size, v1.Folios, Seals.None, 0);
            [KhoDowngrade] public static MemfdV1 To(MemfdV2 v2)   => new(v2.Pos, v2.Size, v2.Folios);
        }

        [KhoFormat("other", 1)]
        public partial class Other
        {
            public string Name { get; set; } = "";
        }
        """;

    const string Data = """
        using KhoGen;

        namespace Cache;

        [KhoData]
        public partial record struct Folio(ulong Pfn, FolioFlags Flags);

        [System.Flags]
        public enum FolioFlags : ushort { None = 0, Dirty = 1, Uptodate = 2 }

        [System.Flags]
        public enum Seals : uint { None = 0, Seal = 1, Shrink = 2, Grow = 4, Write = 8 }
        """;

    const string Unrelated = """
        namespace Cache;

        public static class Helpers
        {
            public static int Twice(int x) => 2 * x;
        }
        """;

    static (CSharpCompilation Compilation, GeneratorRun Run) First()
    {
        var compilation = GeneratorHarness.Compile(Formats, Data, Unrelated);
        var run = GeneratorHarness.Run(compilation);
        GeneratorHarness.AssertClean(run);
        // MemfdV1, MemfdV2, Other and Folio, each in the file of its group, the catalog's index and its
        // part files: "memfd" and "other" fall in two groups (58 and 17).
        var files = TypeNames.Select(run.FileOf).Distinct().ToList();
        Assert.All(files, f => Assert.EndsWith(".Kho.g.cs", f, StringComparison.Ordinal));
        var parts = new[] { "KhoCatalog17.g.cs", "KhoCatalog58.g.cs" };
        Assert.Equal(files.Append("KhoCatalog.g.cs").Concat(parts).OrderBy(f => f, StringComparer.Ordinal), run.Sources.Select(s => s.HintName));
        Assert.Contains("// memfd\n", run.Source("KhoCatalog58.g.cs"), StringComparison.Ordinal);
        return (compilation, run);
    }

    [Fact]
    public void EveryStepIsTracked()
    {
        var (_, run) = First();
        Assert.Equal(19, AllSteps.Length);
        foreach (string step in AllSteps)
            Assert.True(run.Result.TrackedSteps.ContainsKey(step), $"step {step} is not tracked; tracked: {string.Join(", ", run.Result.TrackedSteps.Keys)}");
    }

    [Fact]
    public void SecondRunOverAnEqualCompilationIsCached()
    {
        var (compilation, run) = First();
        var again = GeneratorHarness.Run(compilation.Clone(), run.Driver);
        foreach (string step in AllSteps) AssertCached(again, step);
        Assert.Equal(run.Sources, again.Sources);
    }

    [Fact]
    public void SecondRunOverTheSameCompilationIsCached()
    {
        var (compilation, run) = First();
        var again = GeneratorHarness.Run(compilation, run.Driver);
        foreach (string step in AllSteps) AssertCached(again, step);
    }

    [Fact]
    public void AddingAnUnrelatedFileKeepsEveryOutputCached()
    {
        var (compilation, run) = First();
        var added = compilation.AddSyntaxTrees(GeneratorHarness.Parse("namespace Cache; public class Extra { public int X; }", "Extra.cs"));
        var again = GeneratorHarness.Run(added, run.Driver);
        GeneratorHarness.AssertClean(again);
        foreach (string step in PerTypeSteps.Append(KhoGenerator.Steps.Families).Append(KhoGenerator.Steps.Catalog))
            AssertCached(again, step);
        Assert.Equal(run.Sources, again.Sources);
    }

    [Fact]
    public void EditingAnUnrelatedFileKeepsEveryOutputCached()
    {
        var (compilation, run) = First();
        var old = compilation.SyntaxTrees.Single(t => t.FilePath == "Source2.cs");
        var edited = compilation.ReplaceSyntaxTree(old, GeneratorHarness.Parse(Unrelated.Replace("2 * x", "x + x"), "Source2.cs"));
        var again = GeneratorHarness.Run(edited, run.Driver);
        GeneratorHarness.AssertClean(again);
        foreach (string step in PerTypeSteps.Append(KhoGenerator.Steps.Families).Append(KhoGenerator.Steps.Catalog))
            AssertCached(again, step);
    }

    [Fact]
    public void EditingOneFormatChangesOnlyItsOutputAndTheCatalog()
    {
        var (compilation, run) = First();
        var old = compilation.SyntaxTrees.Single(t => t.FilePath == "Source0.cs");
        string changed = Formats.Replace("MemfdV1(ulong Pos, ulong Size, KhoArray<Folio> Folios)", "MemfdV1(ulong Pos, ulong Size, KhoArray<Folio> Folios, int Extra)")
            .Replace("=> new(v2.Pos, v2.Size, v2.Folios)", "=> new(v2.Pos, v2.Size, v2.Folios, 0)");
        Assert.NotEqual(Formats, changed);
        var edited = compilation.ReplaceSyntaxTree(old, GeneratorHarness.Parse(changed, "Source0.cs"));
        var again = GeneratorHarness.Run(edited, run.Driver);
        GeneratorHarness.AssertClean(again);

        var outputs = Outputs(again, KhoGenerator.Steps.FormatOutputs);
        Assert.Equal(3, outputs.Count);
        Assert.Equal(IncrementalStepRunReason.Modified, Single(outputs, "MemfdV1").Reason);
        Assert.Contains(Single(outputs, "MemfdV2").Reason, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged });
        Assert.Contains(Single(outputs, "Other").Reason, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged });

        // The catalog's text: memfd's entry and text are written again, not other's; the index (the
        // text around the formats, their names and places) reads names only, which are equal, so it is
        // not made again and its file is not rewritten.
        var entries = Outputs(again, KhoGenerator.Steps.CatalogFormats);
        Assert.Equal(2, entries.Count);
        Assert.Equal(IncrementalStepRunReason.Modified, SingleWith(entries, "Name = memfd,").Reason);
        Assert.Contains(SingleWith(entries, "Name = other,").Reason, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged });
        var texts = Outputs(again, KhoGenerator.Steps.CatalogFragments);
        Assert.Equal(IncrementalStepRunReason.Modified, SingleWith(texts, "Name = memfd,").Reason);
        Assert.Equal(IncrementalStepRunReason.Cached, SingleWith(texts, "Name = other,").Reason);
        Assert.Equal(IncrementalStepRunReason.Unchanged, SingleWith(Outputs(again, KhoGenerator.Steps.IndexNames), "memfd").Reason);
        Assert.Equal(IncrementalStepRunReason.Cached, Assert.Single(Outputs(again, KhoGenerator.Steps.Catalog)).Reason);
        AssertCached(again, KhoGenerator.Steps.CatalogFrame);
        Assert.Equal(run.Source("KhoCatalog.g.cs"), again.Source("KhoCatalog.g.cs"));
        Assert.Equal(run.Source("KhoCatalog17.g.cs"), again.Source("KhoCatalog17.g.cs"));
        Assert.NotEqual(run.Source("KhoCatalog58.g.cs"), again.Source("KhoCatalog58.g.cs"));
        // The catalog is composed per format name: only memfd's declarations are a new value, so only
        // its entry (its versions' members, fingerprints, shapes) is computed again; what the layouts
        // resolve against is not made again (what each format uses outside itself is equal).
        AssertCached(again, KhoGenerator.Steps.FormatUses);
        AssertCached(again, KhoGenerator.Steps.CatalogTypes);
        var names = Outputs(again, KhoGenerator.Steps.FormatNames);
        Assert.Equal(2, names.Count);
        Assert.Equal(IncrementalStepRunReason.Modified, SingleWith(names, "Name = memfd,").Reason);
        Assert.Single(names, o => o.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
        Assert.Single(entries, o => o.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
        Assert.NotEqual(run.Catalog.FindVersion("memfd-v1")!.Fingerprint, again.Catalog.FindVersion("memfd-v1")!.Fingerprint);
        Assert.Equal(run.Catalog.FindVersion("memfd-v2")!.Fingerprint, again.Catalog.FindVersion("memfd-v2")!.Fingerprint);

        // The data type's file is untouched by the edit.
        foreach (var o in Outputs(again, KhoGenerator.Steps.Data))
            Assert.Contains(o.Reason, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged });
        Assert.NotEqual(run.TypeSource("Cache.MemfdV1"), again.TypeSource("Cache.MemfdV1"));
        foreach (string other in TypeNames.Skip(1))
            Assert.Equal(run.TypeSource(other), again.TypeSource(other));

        // Only MemfdV1's source is written again, and only its file: every other type file is the same.
        var sources = Outputs(again, KhoGenerator.Steps.TypeSources);
        Assert.Equal(IncrementalStepRunReason.Modified, Assert.Single(sources, o => o.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged)).Reason);
        Assert.Equal(IncrementalStepRunReason.Modified, SingleWith(sources, "FullName = global::Cache.MemfdV1,").Reason);
        var groups = Outputs(again, KhoGenerator.Steps.Groups);
        var rewritten = Assert.Single(groups, o => o.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
        Assert.Equal(IncrementalStepRunReason.Modified, rewritten.Reason);
        string file = again.FileOf("Cache.MemfdV1");
        Assert.Equal(run.FileOf("Cache.MemfdV1"), file);
        static bool Kept(string hint, string file) => hint != file && !hint.StartsWith("KhoCatalog", StringComparison.Ordinal);
        Assert.Equal(run.Sources.Where(s => Kept(s.HintName, file)), again.Sources.Where(s => Kept(s.HintName, file)));
        Assert.Equal(TypeNames.Select(run.FileOf).Distinct().Count() - 1, run.Sources.Count(s => Kept(s.HintName, file)));
        Assert.NotEqual(0, run.Sources.Count(s => Kept(s.HintName, file))); // the test has files to compare
        Assert.NotEqual(run.Source(file), again.Source(file));
    }

    [Fact]
    public void EditingADataTypeChangesOnlyItsOutputAndTheCatalog()
    {
        // Formats name their data types; the data layout is inlined only in the catalog's fingerprints.
        var (compilation, run) = First();
        var old = compilation.SyntaxTrees.Single(t => t.FilePath == "Source1.cs");
        string changed = Data.Replace("Folio(ulong Pfn, FolioFlags Flags)", "Folio(ulong Pfn, FolioFlags Flags, uint Order)");
        Assert.NotEqual(Data, changed);
        var again = GeneratorHarness.Run(compilation.ReplaceSyntaxTree(old, GeneratorHarness.Parse(changed, "Source1.cs")), run.Driver);
        GeneratorHarness.AssertClean(again);

        Assert.Equal(IncrementalStepRunReason.Modified, Assert.Single(Outputs(again, KhoGenerator.Steps.Data)).Reason);
        AssertCached(again, KhoGenerator.Steps.FormatOutputs);
        // What every layout resolves against changed: every format's entry is computed again, and the
        // fingerprints of the formats that hold the data type change with it.
        Assert.Equal(IncrementalStepRunReason.Modified, Assert.Single(Outputs(again, KhoGenerator.Steps.CatalogTypes)).Reason);
        AssertCached(again, KhoGenerator.Steps.FormatNames);
        var entries = Outputs(again, KhoGenerator.Steps.CatalogFormats);
        Assert.Equal(2, entries.Count);
        Assert.All(entries, o => Assert.NotEqual(IncrementalStepRunReason.Cached, o.Reason));
        Assert.Equal(IncrementalStepRunReason.Modified, SingleWith(entries, "Name = memfd,").Reason);
        Assert.NotEqual(run.Catalog.FindVersion("memfd-v1")!.Fingerprint, again.Catalog.FindVersion("memfd-v1")!.Fingerprint);
        Assert.Equal(run.Catalog.FindVersion("other-v1")!.Fingerprint, again.Catalog.FindVersion("other-v1")!.Fingerprint);
        Assert.Equal(IncrementalStepRunReason.Modified, Assert.Single(Outputs(again, KhoGenerator.Steps.Catalog)).Reason);
        Assert.NotEqual(run.CatalogJson, again.CatalogJson);
    }

    [Fact]
    public void MovingAFormatDownALineChangesOnlyTheCatalogsSource()
    {
        // The catalog records where each version is declared; the types' generated code does not.
        var (compilation, run) = First();
        var old = compilation.SyntaxTrees.Single(t => t.FilePath == "Source0.cs");
        var edited = compilation.ReplaceSyntaxTree(old, GeneratorHarness.Parse("// moved down a line\n" + Formats, "Source0.cs"));
        var again = GeneratorHarness.Run(edited, run.Driver);
        GeneratorHarness.AssertClean(again);
        foreach (string step in PerTypeSteps.Except(new[] { KhoGenerator.Steps.FormatNames, KhoGenerator.Steps.CatalogFormats, KhoGenerator.Steps.CatalogFragments, KhoGenerator.Steps.CatalogGroups }).Append(KhoGenerator.Steps.Families))
            AssertCached(again, step);
        // Both formats are declared in the moved file: the declarations of both names are new values.
        Assert.All(Outputs(again, KhoGenerator.Steps.FormatNames), o => Assert.Equal(IncrementalStepRunReason.Modified, o.Reason));
        // Both formats' texts hold their lines; the index (names, places, the text around them) does not.
        Assert.All(Outputs(again, KhoGenerator.Steps.CatalogFragments), o => Assert.Equal(IncrementalStepRunReason.Modified, o.Reason));
        Assert.Equal(IncrementalStepRunReason.Cached, Assert.Single(Outputs(again, KhoGenerator.Steps.Catalog)).Reason);
        var before = run.Catalog.FindVersion("memfd-v2")!.Source!;
        var after = again.Catalog.FindVersion("memfd-v2")!.Source!;
        Assert.Equal(("Source0.cs", 9), (before.File, before.Line));
        Assert.Equal(("Source0.cs", 10), (after.File, after.Line));
        // Not part of the fingerprint: the layout did not change.
        Assert.Equal(run.Catalog.FindVersion("memfd-v2")!.Fingerprint, again.Catalog.FindVersion("memfd-v2")!.Fingerprint);
    }

    [Fact]
    public void RemovingAConversionChangesTheChainButNotTheLayouts()
    {
        // Removing the downgrade changes what MemfdV2 writes (its chain), not any layout.
        var (compilation, run) = First();
        var old = compilation.SyntaxTrees.Single(t => t.FilePath == "Source0.cs");
        var edited = compilation.ReplaceSyntaxTree(old, GeneratorHarness.Parse(Formats.Replace("[KhoDowngrade]", ""), "Source0.cs"));
        var again = GeneratorHarness.Run(edited, run.Driver);
        GeneratorHarness.AssertClean(again);
        foreach (var o in Outputs(again, KhoGenerator.Steps.Formats))
            Assert.Contains(o.Reason, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged });
        var outputs = Outputs(again, KhoGenerator.Steps.FormatOutputs);
        Assert.Equal(IncrementalStepRunReason.Modified, Single(outputs, "MemfdV2").Reason);
        Assert.Contains(Single(outputs, "Other").Reason, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged });
        // memfd's text changes (v2 no longer writes v1), other's does not.
        var texts = Outputs(again, KhoGenerator.Steps.CatalogFragments);
        Assert.Equal(IncrementalStepRunReason.Modified, SingleWith(texts, "Name = memfd,").Reason);
        Assert.Equal(IncrementalStepRunReason.Cached, SingleWith(texts, "Name = other,").Reason);
        Assert.False(run.Catalog.FindVersion("memfd-v1")!.Write == again.Catalog.FindVersion("memfd-v1")!.Write);
    }

    [Fact]
    public void PipelineValuesHoldNoCompilationObjects()
    {
        var (compilation, run) = First();
        var edited = compilation.AddSyntaxTrees(GeneratorHarness.Parse("class Extra { }", "Extra.cs"));
        foreach (var r in new[] { run, GeneratorHarness.Run(edited, run.Driver) })
        {
            foreach (string step in AllSteps)
                foreach (var runStep in r.Result.TrackedSteps[step])
                    foreach (var (value, _) in runStep.Outputs)
                        AssertHoldsNoCompilationObject(value, step);
        }
    }

    [Fact]
    public void TheWalkerFindsCompilationObjects()
    {
        // The walker itself must be able to fail: a symbol hidden in a tuple inside a list is found.
        var compilation = GeneratorHarness.Compile("class C { }");
        var symbol = compilation.GetTypeByMetadataName("C")!;
        var holder = new List<(int, object)> { (1, ImmutableArray.Create<object>("x", new KeyValuePair<string, ISymbol>("k", symbol))) };
        Assert.NotNull(FindCompilationObject(holder, "root", new HashSet<object>(ReferenceEqualityComparer.Instance), 0));
        Assert.NotNull(FindCompilationObject(new { Tree = compilation.SyntaxTrees[0].GetRoot() }, "root", new HashSet<object>(ReferenceEqualityComparer.Instance), 0));
        Assert.Null(FindCompilationObject(new { A = "a", B = ImmutableArray.Create(1, 2) }, "root", new HashSet<object>(ReferenceEqualityComparer.Instance), 0));
    }

    internal static void AssertCached(GeneratorRun run, string step)
    {
        var outputs = Outputs(run, step);
        var bad = outputs.Where(o => o.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged)).ToList();
        Assert.True(bad.Count == 0,
            $"step {step}: {bad.Count} of {outputs.Count} outputs were re-computed: " +
            string.Join("; ", bad.Select(o => $"{o.Reason} {Describe(o.Value)}")));
    }

    static List<(object Value, IncrementalStepRunReason Reason)> Outputs(GeneratorRun run, string step)
    {
        Assert.True(run.Result.TrackedSteps.TryGetValue(step, out var steps), $"step {step} did not run");
        return steps.SelectMany(s => s.Outputs).ToList();
    }

    /// <summary>The output of a per-type step whose model names <paramref name="typeName"/>.</summary>
    static (object Value, IncrementalStepRunReason Reason) Single(List<(object Value, IncrementalStepRunReason Reason)> outputs, string typeName) =>
        Assert.Single(outputs, o => Describe(o.Value).Contains("Name = " + typeName + ",", StringComparison.Ordinal));

    static (object Value, IncrementalStepRunReason Reason) SingleWith(List<(object Value, IncrementalStepRunReason Reason)> outputs, string part) =>
        Assert.Single(outputs, o => Describe(o.Value).Contains(part, StringComparison.Ordinal));

    static string Describe(object? value) => value?.ToString() ?? "null";

    internal static void AssertHoldsNoCompilationObject(object? value, string step)
    {
        string? path = FindCompilationObject(value, step, new HashSet<object>(ReferenceEqualityComparer.Instance), 0);
        Assert.True(path is null, $"a value of step {step} holds a compilation object at {path}");
    }

    static readonly Type[] Forbidden =
    {
        typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(Location), typeof(SemanticModel), typeof(Compilation),
    };

    /// <summary>The path to the first symbol, syntax node, location, semantic model or compilation inside <paramref name="value"/>, or null.</summary>
    static string? FindCompilationObject(object? value, string path, HashSet<object> seen, int depth)
    {
        if (value is null) return null;
        Type type = value.GetType();
        if (Forbidden.Any(f => f.IsAssignableFrom(type))) return $"{path} ({type.Name})";
        if (type.IsPrimitive || type.IsEnum || value is string or decimal or Type) return null;
        if (depth > 32) return null;
        if (!type.IsValueType && !seen.Add(value)) return null;

        if (value is IEnumerable items)
        {
            int i = 0;
            foreach (object? item in items)
                if (FindCompilationObject(item, $"{path}[{i++}]", seen, depth + 1) is { } found) return found;
        }
        for (Type? t = type; t is not null && t != typeof(object); t = t.BaseType)
            foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (field.FieldType.IsPointer || field.FieldType.IsByRefLike) continue;
                if (FindCompilationObject(field.GetValue(value), $"{path}.{field.Name}", seen, depth + 1) is { } found) return found;
            }
        return null;
    }
}
