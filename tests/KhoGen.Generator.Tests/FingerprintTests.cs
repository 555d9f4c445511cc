using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace KhoGen.Generator.Tests;

/// <summary>
/// Fingerprints through real compilations: what SPEC says keeps them (renames, swapping types
/// written the same way) and what changes them (anything structural).
/// </summary>
public class FingerprintTests
{
    const string Original = """
        using System;
        using System.Collections.Generic;
        using System.Collections.Immutable;
        using KhoGen;

        namespace Fp;

        [KhoFormat("fp", 1)]
        public partial record Rec(int A, long B, Inner In, Color C, int[] Seq, Dictionary<string, int> Map, byte[] Bytes, Other? O);

        [KhoData]
        public partial record struct Inner(int X, string Y);

        [KhoData]
        public partial class Other
        {
            public Guid Id { get; set; }
        }

        public enum Color { Red = 1, Green = 2 }
        """;

    /// <summary>The fingerprint of fp-v1 and of each data type (by position: names may change).</summary>
    static (string Format, string[] Data) Fingerprints(string source)
    {
        var run = GeneratorHarness.Run(source);
        GeneratorHarness.AssertClean(run);
        var catalog = run.Catalog;
        var version = catalog.FindVersion("fp-v1");
        Assert.NotNull(version);
        Assert.NotNull(version!.Fingerprint);
        Assert.Matches("^sha256:[0-9a-f]{64}$", version.Fingerprint);
        return (version.Fingerprint!, catalog.Data.Select(d => d.Fingerprint).OrderBy(f => f, System.StringComparer.Ordinal).ToArray());
    }

    /// <summary>The original source with each (pattern, replacement) pair of <paramref name="edits"/> applied; every pattern must match.</summary>
    static string Edit(string[] edits)
    {
        string edited = Original;
        for (int i = 0; i < edits.Length; i += 2)
        {
            Assert.Matches(edits[i], edited);
            edited = Regex.Replace(edited, edits[i], edits[i + 1]);
        }
        return edited;
    }

    static object[] Case(string name, params string[] edits) => new object[] { name, edits };

    static readonly (string Format, string[] Data) Before = Fingerprints(Original);

    public static IEnumerable<object[]> Keeping() => new[]
    {
        Case("rename a format member", @"\bint A\b", "int Alpha"),
        Case("rename a data member", @"\bint X\b", "int Ex"),
        Case("rename the format type", @"\bRec\b", "Record"),
        Case("rename a data struct type", @"\bInner\b", "Nested"),
        Case("rename a data class type", @"\bOther\b", "Another"),
        Case("rename an enum type", @"\bColor\b", "Colour"),
        Case("rename an enum value", @"\bRed\b", "Crimson"),
        Case("rename the namespace", @"namespace Fp;", "namespace Elsewhere.Deeper;"),
        Case("array to List<T>", @"int\[\] Seq", "List<int> Seq"),
        Case("array to IReadOnlyList<T>", @"int\[\] Seq", "IReadOnlyList<int> Seq"),
        Case("array to ImmutableArray<T>", @"int\[\] Seq", "ImmutableArray<int> Seq"),
        Case("Dictionary to IReadOnlyDictionary", @"Dictionary<string, int> Map", "IReadOnlyDictionary<string, int> Map"),
        Case("byte[] to Memory<byte>", @"byte\[\] Bytes", "Memory<byte> Bytes"),
        Case("byte[] to ReadOnlyMemory<byte>", @"byte\[\] Bytes", "ReadOnlyMemory<byte> Bytes"),
        Case("a nullable annotation on a reference type", @"string Y", "string? Y"),
        Case("no nullable annotation on a data class", @"Other\? O", "Other O"),
        // A class carries a presence byte, exactly like Nullable<struct>: the wire form is the same.
        Case("a data class to a nullable data struct", @"public partial class Other", "public partial struct Other"),
        Case("a record struct to a struct with the same fields", @"public partial record struct Inner\(int X, string Y\);",
            "public partial struct Inner { public int X; public string Y; }"),
    };

    public static IEnumerable<object[]> Changing() => new[]
    {
        Case("int to long", @"\bint A\b", "long A"),
        Case("int to uint", @"\bint A\b", "uint A"),
        Case("int to int?", @"\bint A\b", "int? A"),
        Case("int to string", @"\bint A\b", "string A"),
        Case("members swapped", @"int A, long B", "long B, int A"),
        Case("a member added", @"Other\? O\)", "Other? O, bool Added)"),
        Case("a member removed", @"long B, ", ""),
        Case("a nested data member retyped", @"\bint X\b", "short X"),
        Case("a nested data member added", @"string Y\)", "string Y, int Z)"),
        Case("nested data members swapped", @"int X, string Y", "string Y, int X"),
        Case("a nested data class changed", @"public Guid Id \{ get; set; \}", "public Guid Id { get; set; } public int More { get; set; }"),
        Case("an enum value added", @"Green = 2 \}", "Green = 2, Blue = 3 }"),
        Case("an enum value removed", @", Green = 2", ""),
        Case("an enum value renumbered", @"Green = 2", "Green = 4"),
        Case("an enum's underlying type changed", @"enum Color \{", "enum Color : byte {"),
        Case("an enum became [Flags]", @"public enum Color", "[Flags] public enum Color"),
        Case("a data struct became a class", @"record struct Inner", "record class Inner"),
        Case("a data class became a struct", @"public partial class Other", "public partial struct Other", @"Other\? O", "Other O"),
        Case("a sequence's element type changed", @"int\[\] Seq", "long[] Seq"),
        Case("a sequence became a sparse array", @"int\[\] Seq", "KhoArray<int> Seq"),
        Case("a map's value type changed", @"Dictionary<string, int> Map", "Dictionary<string, long> Map"),
        Case("bytes became a sequence of u8", @"byte\[\] Bytes", "List<byte> Bytes"),
    };

    [Theory]
    [MemberData(nameof(Keeping))]
    public void KeepsTheFingerprint(string change, string[] edits)
    {
        var after = Fingerprints(Edit(edits));
        Assert.True(Before.Format == after.Format, $"{change}: the format fingerprint changed");
        Assert.True(Before.Data.SequenceEqual(after.Data), $"{change}: a data fingerprint changed");
    }

    [Theory]
    [MemberData(nameof(Changing))]
    public void ChangesTheFingerprint(string change, string[] edits)
    {
        var after = Fingerprints(Edit(edits));
        Assert.True(Before.Format != after.Format, $"{change}: the format fingerprint did not change");
    }

    [Fact]
    public void ChangingNestedDataChangesTheDataFingerprintToo()
    {
        var after = Fingerprints(Edit(new[] { @"\bint X\b", "long X" }));
        Assert.NotEqual(Before.Data, after.Data);
    }

    [Fact]
    public void ChangingOneVersionLeavesTheOtherVersionsFingerprint()
    {
        var a = GeneratorHarness.Run(Samples.Memfd);
        var b = GeneratorHarness.Run(Samples.Memfd.Replace("Seals Seals, uint Flags)", "Seals Seals, ulong Flags)").Replace("Seals.None, 0)", "Seals.None, 0UL)"));
        GeneratorHarness.AssertClean(a);
        GeneratorHarness.AssertClean(b);
        Assert.Equal(a.Catalog.FindVersion("memfd-v1")!.Fingerprint, b.Catalog.FindVersion("memfd-v1")!.Fingerprint);
        Assert.NotEqual(a.Catalog.FindVersion("memfd-v2")!.Fingerprint, b.Catalog.FindVersion("memfd-v2")!.Fingerprint);
    }

    [Fact]
    public void SameSourceGivesByteIdenticalCatalogs()
    {
        string first = GeneratorHarness.Run(Samples.Memfd).CatalogJson!;
        string second = GeneratorHarness.Run(Samples.Memfd).CatalogJson!;
        Assert.NotNull(first);
        Assert.Equal(first, second);
        Assert.Equal(GeneratorHarness.Run(Original).CatalogJson, GeneratorHarness.Run(Original).CatalogJson);
    }

    [Fact]
    public void DeclarationOrderAndFileSplitDoNotChangeTheCatalog()
    {
        // The catalog is sorted: the same types declared in another order, in other files, give the same
        // bytes, but for where each version is declared, which is what it records.
        string[] parts = Samples.Memfd.Replace("\r\n", "\n").Split("\n\n[");
        Assert.True(parts.Length >= 5, "the sample's declarations are separated by blank lines");
        string header = parts[0];
        var declarations = parts.Skip(1).Select(p => "[" + p).ToList();
        declarations.Reverse();
        var split = GeneratorHarness.Run(GeneratorHarness.Compile(declarations.Select(d => header + "\n\n" + d).ToArray()));
        GeneratorHarness.AssertClean(split);
        var whole = GeneratorHarness.Run(Samples.Memfd);
        Assert.Equal(WithoutSources(whole.CatalogJson!), WithoutSources(split.CatalogJson!));
        Assert.Equal("Source0.cs", whole.Catalog.FindVersion("memfd-v1")!.Source!.File);
        var files = split.Catalog.Formats.SelectMany(f => f.Versions).Select(v => v.Source!.File).ToList();
        Assert.Equal(files.Count, files.Distinct().Count());
    }

    static string WithoutSources(string json)
    {
        string stripped = System.Text.RegularExpressions.Regex.Replace(json, ",\n *\"source\": \\{[^\n]*\\}", "");
        Assert.NotEqual(json, stripped);
        return stripped;
    }
}
