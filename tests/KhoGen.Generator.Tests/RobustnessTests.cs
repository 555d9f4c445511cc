using System.Collections.Generic;
using System.Linq;

namespace KhoGen.Generator.Tests;

/// <summary>
/// The generator never throws and never emits code that does not compile, whatever it is given:
/// declarations that break the rules (the analyzers report those), and code being typed.
/// </summary>
public class RobustnessTests
{
    static readonly Dictionary<string, string> Broken = new()
    {
        ["missing partial"] = """
            [KhoFormat("memfd", 1)] public record MemfdV1(ulong Pos);
            """,
        ["missing partial on a data type used by a valid format"] = """
            [KhoFormat("memfd", 1)] public partial record MemfdV1(ulong Pos, Folio First);
            [KhoData] public record struct Folio(ulong Pfn);
            """,
        ["invalid data type nested in a valid data type"] = """
            [KhoFormat("memfd", 1)] public partial record MemfdV1(ulong Pos, Outer O);
            [KhoData] public partial record struct Outer(Inner I);
            [KhoData] public record struct Inner(int X);
            """,
        ["data types and no format (the catalog has no shapes)"] = """
            [KhoData] public partial record struct Folio(ulong Pfn);
            [KhoData] public partial class Page { public int Number { get; set; } }
            """,
        ["missing partial on a containing type"] = """
            public class Holder { [KhoFormat("memfd", 1)] public partial record MemfdV1(ulong Pos); }
            """,
        ["invalid format names"] = """
            [KhoFormat("Memfd", 1)] public partial record A(int X);
            [KhoFormat("memfd-v2", 1)] public partial record B(int X);
            [KhoFormat("", 1)] public partial record C(int X);
            [KhoFormat("a--b", 1)] public partial record D(int X);
            [KhoFormat("abcdefghijabcdefghijabcdefghijabcdefghijabcdefghij", 1)] public partial record E(int X);
            [KhoFormat(null, 1)] public partial record F(int X);
            [KhoFormat("-x", 1)] public partial record G(int X);
            [KhoFormat("x\"y", 1)] public partial record H(int X);
            """,
        ["invalid versions"] = """
            [KhoFormat("memfd", 0)] public partial record A(int X);
            [KhoFormat("memfd", -1)] public partial record B(int X);
            [KhoFormat("memfd", int.MaxValue)] public partial record C(int X);
            [KhoFormat("memfd", int.MinValue)] public partial record D(int X);
            """,
        ["wrong attribute arguments"] = """
            [KhoFormat("memfd")] public partial record A(int X);
            [KhoFormat(1, "memfd")] public partial record B(int X);
            [KhoFormat] public partial record C(int X);
            [KhoFormat("memfd", 1, 2)] public partial record D(int X);
            [KhoFormat(Names.Memfd, Names.One)] public partial record E(int X);
            [KhoFormat(nameof(E), 1)] public partial record F(int X);
            static class Names { public const string Memfd = "memfd"; public const int One = 1; }
            """,
        ["unsupported member types"] = """
            [KhoFormat("bad", 1)]
            public partial class Bad
            {
                public object O { get; set; } = new();
                public IList<int> L { get; set; } = new List<int>();
                public HashSet<int> H { get; set; } = new();
                public int[,] M { get; set; } = new int[0, 0];
                public Memory<int> MI { get; set; }
                public Dictionary<List<int>, int> BadKey { get; set; } = new();
                public Plain P { get; set; } = new();
                public (int, int) T { get; set; }
                public Action? A { get; set; }
                public dynamic? D { get; set; }
                public nint N { get; set; }
                public Half F16 { get; set; }
                public Int128 I128 { get; set; }
                public Other F { get; set; } = new(1);
                public IntPtr Ptr { get; set; }
                public Uri? U { get; set; }
            }
            public class Plain { public int X; }
            [KhoFormat("other", 1)] public partial record Other(int X);
            """,
        ["generic format type"] = """
            [KhoFormat("g", 1)] public partial record G<T>(T Value);
            [KhoData] public partial struct D<T> { public T Value; }
            public partial class Outer<T> { [KhoFormat("h", 1)] public partial record H(int X); }
            """,
        ["derived, abstract, static and ref types"] = """
            public class Base { public int X { get; set; } }
            [KhoFormat("d", 1)] public partial class Derived : Base { public int Y { get; set; } }
            [KhoFormat("a", 1)] public abstract partial class Abstract { public int Y { get; set; } }
            [KhoFormat("s", 1)] public static partial class Static { }
            [KhoFormat("r", 1)] public ref partial struct Ref { public int Y; }
            [KhoFormat("i", 1)] public partial interface IFace { int Y { get; set; } }
            """,
        ["conversions of the wrong shape"] = """
            [KhoFormat("memfd", 1)] public partial record V1(int X);
            [KhoFormat("memfd", 2)] public partial record V2(int X)
            {
                [KhoUpgrade] public V2 NotStatic(V1 v) => new(v.X);
                [KhoUpgrade] public static V2 TwoArgs(V1 v, int y) => new(v.X);
                [KhoUpgrade] public static V2 NoArgs() => new(0);
                [KhoUpgrade] public static V2 ByRef(ref V1 v) => new(v.X);
                [KhoUpgrade] public static V2 Generic<T>(V1 v) => new(v.X);
                [KhoUpgrade] public static int NotAFormat(V1 v) => v.X;
                [KhoUpgrade] public static V2 FromPlain(int v) => new(v);
                [KhoUpgrade] public static V3 Skip(V1 v) => new(v.X);
                [KhoUpgrade] public static V1 Backwards(V2 v) => new(v.X);
                [KhoUpgrade] public static Other Across(V1 v) => new(v.X);
                [KhoDowngrade] public static V2 Up(V1 v) => new(v.X);
                [KhoDowngrade] public static void Nothing(V2 v) { }
                [KhoDowngrade] public static V1 Params(params V2[] v) => new(0);
                [KhoUpgrade] public static V2 Missing(V0 v) => new(0);
            }
            [KhoFormat("memfd", 3)] public partial record V3(int X);
            [KhoFormat("other", 2)] public partial record Other(int X);
            public class Hidden
            {
                [KhoUpgrade] private static V3 Up(V2 v) => new(v.X);
                private class Deeper { [KhoDowngrade] internal static V2 Down(V3 v) => new(v.X); }
            }
            public static class Extensions { [KhoUpgrade] public static V2 Up(this V1 v) => new(v.X); }
            public class GenericHost<T> { [KhoUpgrade] public static V2 Up(V1 v) => new(v.X); }
            """,
        ["competing conversions"] = """
            [KhoFormat("memfd", 1)] public partial record V1(int X);
            [KhoFormat("memfd", 2)] public partial record V2(int X)
            {
                [KhoUpgrade] public static V2 A(V1 v) => new(v.X);
                [KhoUpgrade] public static V2 B(V1 v) => new(v.X + 1);
                [KhoDowngrade] private static V1 C(V2 v) => new(v.X);
            }
            public static class More { [KhoDowngrade] public static V1 D(V2 v) => new(v.X); }
            """,
        ["a private conversion in the older version"] = """
            [KhoFormat("memfd", 1)] public partial record V1(int X)
            {
                [KhoUpgrade] private static V2 Up(V1 v) => new(v.X);
                [KhoDowngrade] private static V1 Down(V2 v) => new(v.X);
            }
            [KhoFormat("memfd", 2)] public partial record V2(int X);
            """,
        ["duplicate format versions"] = """
            [KhoFormat("memfd", 1)] public partial record A(int X);
            [KhoFormat("memfd", 1)] public partial record B(long X);
            [KhoFormat("memfd", 2)] public partial record C(int X) { [KhoUpgrade] public static C Up(A a) => new(a.X); [KhoUpgrade] public static C Up(B b) => new((int)b.X); }
            """,
        ["version gaps and retired versions"] = """
            [assembly: KhoRetired("memfd", 2)]
            [assembly: KhoRetired("memfd", 2)]
            [assembly: KhoRetired("memfd", 0)]
            [assembly: KhoRetired("Bad Name", 1)]
            [assembly: KhoRetired("memfd", 9)]
            [KhoFormat("memfd", 1)] public partial record V1(int X);
            [KhoFormat("memfd", 2)] public partial record V2(int X) { [KhoUpgrade] public static V2 Up(V1 v) => new(v.X); }
            [KhoFormat("memfd", 5)] public partial record V5(int X);
            """,
        ["every version retired"] = """
            [assembly: KhoRetired("memfd", 1)]
            [assembly: KhoRetired("memfd", 2)]
            [KhoFormat("memfd", 1)] public partial record V1(int X);
            [KhoFormat("memfd", 2)] public partial record V2(int X) { [KhoUpgrade] public static V2 Up(V1 v) => new(v.X); [KhoDowngrade] public static V1 Down(V2 v) => new(v.X); }
            """,
        ["recursive data types"] = """
            [KhoFormat("tree", 1)] public partial record Tree(Node Root, Pair P);
            [KhoData] public partial class Node { public int Value { get; set; } public Node? Next { get; set; } public List<Node> Children { get; set; } = new(); }
            [KhoData] public partial record Pair(Left L);
            [KhoData] public partial record Left(Right? R);
            [KhoData] public partial record Right(Left? L);
            """,
        ["constructors the reader cannot use"] = """
            [KhoFormat("a", 1)] public partial class NoCtor { public NoCtor(int z) { } public int A { get; set; } }
            [KhoFormat("b", 1)] public partial record Ignored([property: KhoIgnore] int A, int B);
            [KhoFormat("c", 1)] public partial class ReadOnlyField { public readonly int A; }
            [KhoFormat("d", 1)] public partial class PrivateSetter { public int A { get; private set; } public string B { get; protected set; } = ""; }
            [KhoFormat("e", 1)] public partial class PrivateInit { public int A { get; private init; } }
            [KhoFormat("f", 1)] public partial class WrongType { public WrongType(long a) { } public int A { get; set; } }
            [KhoFormat("g", 1)] public partial class Unsupported { public Unsupported(object a) { } public object A { get; set; } = new(); }
            [KhoFormat("h", 1)] public partial class PrivateCtor { private PrivateCtor() { } public int A { get; set; } }
            [KhoFormat("i", 1)] public readonly partial struct ReadOnlyStruct { public ReadOnlyStruct(int a) { A = a; } public int A { get; } public readonly int B; }
            """,
        ["members in two partial declarations"] = """
            [KhoFormat("split", 1)] public partial class Split { public int A { get; set; } }
            public partial class Split { public int B { get; set; } }
            """,
        ["both attributes on one type"] = """
            [KhoFormat("both", 1), KhoData] public partial record Both(int X);
            [KhoFormat("user", 1)] public partial record User(Both B);
            """,
        ["attributes on the wrong kind of declaration"] = """
            [KhoData] public enum E { A }
            [KhoFormat("e", 1)] public partial interface I { }
            public class C { [KhoUpgrade] public int P { get; set; } [KhoIgnore] public void M() { } }
            [KhoData] public delegate void D();
            """,
        ["file-local types"] = """
            [KhoFormat("memfd", 1)] file partial record V1(int X);
            [KhoData] file partial struct Local { public int X; }
            [KhoFormat("memfd", 2)] public partial record V2(int X);
            file static class Conversions { [KhoUpgrade] public static V2 Up(V1 v) => new(v.X); }
            """,
        ["file-local conversions between public formats"] = """
            [KhoFormat("memfd", 1)] public partial record V1(int X);
            [KhoFormat("memfd", 2)] public partial record V2(int X);
            file static class Conversions
            {
                [KhoUpgrade] public static V2 Up(V1 v) => new(v.X);
                [KhoDowngrade] public static V1 Down(V2 v) => new(v.X);
            }
            """,
        ["type names that are keywords"] = """
            [KhoData] public partial struct u64 { public int X; }
            public enum seq { A }
            [KhoFormat("kw", 1)] public partial record Uses(u64 Value, seq S, @string Str, @class.@event E);
            [KhoData] public partial record @string(int Int);
            public partial class @class { [KhoData] public partial struct @event { public int X; } }
            """,
        ["member names that are keywords"] = """
            [KhoFormat("kwm", 1)] public partial record M(int @int, string @class) { public long @event { get; set; } }
            [KhoData] public partial class D { public int @base; public string @this { get; init; } }
            [KhoFormat("kwm", 2)] public partial record M2(D @params);
            """,
        ["namespaces that are keywords"] = """
            namespace @event.@class { [KhoFormat("ns", 1)] public partial record R(int X, @this.D D); }
            namespace @this { [KhoData] public partial record struct D(long Y); }
            """,
        ["members that take the generator's names"] = """
            [KhoFormat("clash", 1)] public partial record Clash(int KhoMinSize) { public static string KhoName => "mine"; }
            """,
        ["members named like generated members"] = """
            [KhoFormat("clash", 1)] public partial class Clash { public int value { get; set; } public int writer { get; set; } public int reader { get; set; } public int __v0 { get; set; } }
            """,
        ["types named like namespaces"] = """
            namespace Inner { public class System { } public class KhoGen { } [KhoFormat("ns", 1)] public partial record Uses(int X, global::System.Guid G); }
            """,
        ["enums of every shape"] = """
            public enum Empty { }
            public enum Dup { A = 1, B = 1 }
            [Flags] public enum Big : ulong { High = 0x8000000000000000, Low = 1 }
            public enum Neg : sbyte { Min = sbyte.MinValue, Max = sbyte.MaxValue }
            public enum Long : long { Min = long.MinValue }
            [KhoFormat("enums", 1)] public partial record Enums(Empty E, Dup D, Big B, Neg N, Long L, Neg? NN, List<Big> Bs, Dictionary<Neg, Dup> M);
            """,
        ["empty layouts"] = """
            [KhoFormat("empty", 1)] public partial class Empty { }
            [KhoFormat("empty", 2)] public partial record Empty2 { [KhoUpgrade] public static Empty2 Up(Empty e) => new(); }
            [KhoData] public partial struct Nothing { }
            [KhoFormat("holder", 1)] public partial record struct Holder(Nothing N);
            """,
        ["global namespace and deep nesting"] = """
            [KhoFormat("global", 1)] public partial record struct Global(int X);
            public partial class A { public partial struct B { private partial record C { [KhoFormat("deep", 1)] internal partial class D { public int X; } } } }
            """,
        ["a data type of another assembly"] = """
            [KhoFormat("foreign", 1)] public partial record Foreign(System.Collections.Generic.KeyValuePair<int, int> Pair, System.Version Version);
            """,
        ["nesting too deep"] = """
            [KhoFormat("deep", 1)] public partial record Deep(List<List<List<List<List<List<List<List<List<List<List<List<List<List<List<List<List<List<int>>>>>>>>>>>>>>>>>> L);
            """,
        ["collections of nullable values"] = """
            [KhoFormat("nulls", 1)] public partial record Nulls(int?[] A, List<int?> B, Dictionary<int, string?> C, KhoArray<long?> D, ImmutableArray<Guid?> E, IReadOnlyDictionary<string, int?>? F);
            """,
        ["half-typed record"] = """
            [KhoFormat("memfd", 1)] public partial record X(
            """,
        ["half-typed member"] = """
            [KhoFormat("memfd", 1)] public partial class X { public int A { get; set; } public Lis
            """,
        ["half-typed attribute"] = """
            [KhoFormat("memfd", 1
            public partial record X(int A);
            """,
        ["half-typed conversion"] = """
            [KhoFormat("memfd", 1)] public partial record V1(int X);
            [KhoFormat("memfd", 2)] public partial record V2(int X) { [KhoUpgrade] public static V2 From(V1
            """,
        ["undefined types"] = """
            [KhoFormat("memfd", 1)] public partial record X(Missing M, List<Missing> L, int A);
            [KhoData] public partial record struct Y(Missing M);
            [KhoFormat("memfd", 2)] public partial record Z(int A) { [KhoUpgrade] public static Z Up(Missing m) => new(0); }
            """,
    };

    const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Collections.Immutable;
        using KhoGen;

        """;

    public static IEnumerable<object[]> Cases() => Broken.Keys.Select(k => new object[] { k });

    [Theory]
    [MemberData(nameof(Cases))]
    public void BrokenSourceNeitherThrowsNorEmitsBrokenCode(string name)
    {
        string source = Usings + Broken[name];
        AssertRobust(GeneratorHarness.Run(source));
        // The same declarations inside a namespace.
        AssertRobust(GeneratorHarness.Run(Usings + "namespace Robust.Ness;\n" + Broken[name]));
    }

    [Fact]
    public void EveryPrefixOfTheStructSampleNeitherThrowsNorEmitsBrokenCode() =>
        // Every prefix, character by character: a struct format with a constructor, fields and properties.
        AssertEveryPrefixRobust(Samples.Struct, first: 0, step: 1);

    [Fact]
    public void EverySeventhPrefixOfTheMemfdSampleNeitherThrowsNorEmitsBrokenCode() => AssertEveryPrefixRobust(Samples.Memfd, first: 0, step: 7);

    [Fact]
    public void EveryEleventhPrefixOfAChainNeitherThrowsNorEmitsBrokenCode() =>
        // Cut inside the conversions and the third version, at other offsets than the memfd sample.
        AssertEveryPrefixRobust(Samples.ThreeVersions, first: 3, step: 11);

    /// <summary>
    /// Runs the generator over the prefixes of <paramref name="source"/>, as if it were being typed:
    /// each prefix once with a fresh driver, and all in order through one driver (incremental runs).
    /// </summary>
    static void AssertEveryPrefixRobust(string source, int first, int step)
    {
        source = source.Replace("\r\n", "\n");
        var typing = GeneratorHarness.CreateDriver();
        int runs = 0;
        for (int length = first; ; length = System.Math.Min(length + step, source.Length))
        {
            var compilation = GeneratorHarness.Compile(source.Substring(0, length));
            var fresh = GeneratorHarness.Run(compilation);
            AssertRobust(fresh);
            var incremental = GeneratorHarness.Run(compilation, typing);
            GeneratorHarness.AssertNoGeneratorException(incremental);
            Assert.Equal(fresh.Sources, incremental.Sources); // incremental runs give what a fresh run gives
            typing = incremental.Driver;
            runs++;
            if (length == source.Length) break;
        }
        Assert.True(runs > (source.Length - first) / step);
    }

    [Fact]
    public void TheCheckCatchesGeneratedErrors()
    {
        // The check itself can fail: an output with an error the input did not have is reported.
        var run = GeneratorHarness.Run(Usings + "[KhoFormat(\"x\", 1)] public partial record X(int A);");
        GeneratorHarness.AssertGeneratedCodeAddsNoErrors(run);
        var broken = new GeneratorRun(run.Input,
            run.Output.AddSyntaxTrees(Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("partial record X { int Broken => ; }")),
            run.Driver, run.DriverDiagnostics);
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => GeneratorHarness.AssertGeneratedCodeAddsNoErrors(broken));
    }

    [Fact]
    public void A_member_that_takes_a_generated_name_makes_the_type_invalid_instead_of_breaking_the_build()
    {
        var run = GeneratorHarness.Run(Usings + "[KhoFormat(\"x\", 1)] public partial record X(int A) { public static int KhoMinSize => 0; }");
        GeneratorHarness.AssertGeneratedCodeAddsNoErrors(run);
        Assert.Null(run.TypeSource("X"));
        Assert.DoesNotContain(run.Sources, s => s.Text.Contains("partial record X", System.StringComparison.Ordinal));
    }

    static void AssertRobust(GeneratorRun run)
    {
        GeneratorHarness.AssertGeneratedCodeAddsNoErrors(run);
        // A catalog, when there is one, is always one the runtime accepts.
        if (run.CatalogJson is { } json)
        {
            var catalog = KhoCatalog.Parse(json);
            Assert.Equal(json, catalog.ToJson());
        }
    }
}
