using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KhoGen.Benchmarks;

/// <summary>
/// Synthetic projects of N format types for the compiler benchmarks, and the generator and analyzers
/// loaded from the assemblies the build copied beside this one (compiler/), as the compiler loads them.
/// </summary>
public static class CompilerWorkload
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    static readonly ImmutableArray<MetadataReference> References =
        Basic.Reference.Assemblies.Net80.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(KhoSerializer).Assembly.Location))
            .ToImmutableArray();

    static readonly CSharpCompilationOptions Options = new(OutputKind.DynamicallyLinkedLibrary,
        nullableContextOptions: NullableContextOptions.Enable, deterministic: true, concurrentBuild: true);

    static string CompilerFolder => Path.Combine(AppContext.BaseDirectory, "compiler");

    static Assembly Load(string name) =>
        AssemblyLoadContext.Default.LoadFromAssemblyPath(Path.Combine(CompilerFolder, name + ".dll"));

    /// <summary>A new instance of KhoGen.Generator.KhoGenerator.</summary>
    public static ISourceGenerator Generator()
    {
        Type type = Load("KhoGen.Generator").GetType("KhoGen.Generator.KhoGenerator", throwOnError: true)!;
        return ((IIncrementalGenerator)Activator.CreateInstance(type)!).AsSourceGenerator();
    }

    /// <summary>Every analyzer of KhoGen.Analyzers, or none when that assembly was not built.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers()
    {
        if (!File.Exists(Path.Combine(CompilerFolder, "KhoGen.Analyzers.dll"))) return ImmutableArray<DiagnosticAnalyzer>.Empty;
        return Load("KhoGen.Analyzers").GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttributes<DiagnosticAnalyzerAttribute>().Any())
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();
    }

    public static GeneratorDriver Driver(ISourceGenerator generator) =>
        CSharpGeneratorDriver.Create(new[] { generator }, parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false));

    // Compilations derive from one empty compilation so that they share its bound references, as the
    // compiler server and an IDE keep metadata loaded across builds: a fresh compilation binds its own
    // sources from scratch, not the .NET reference assemblies.
    static readonly CSharpCompilation Empty = CSharpCompilation.Create("KhoGen.Bench.Synthetic", references: References, options: Options);

    public static CSharpCompilation Compile(IEnumerable<SyntaxTree> trees) => Empty.AddSyntaxTrees(trees);

    public static SyntaxTree Parse(string text, string path) => CSharpSyntaxTree.ParseText(text, ParseOptions, path, Encoding.UTF8);

    /// <summary>The shared data types every format uses.</summary>
    public const string Shared = """
        using System;
        using KhoGen;

        namespace Bench.Formats;

        [KhoData]
        public partial record struct Item(ulong Key, int Value, float Weight);

        [KhoData]
        public partial record Note(string Text, long At);

        public enum Kind : byte { None, Small, Large }
        """;

    /// <summary>
    /// Format type <paramref name="i"/>: types come in pairs, version 1 and version 2 of one format,
    /// the second with an upgrade and a downgrade. <paramref name="variant"/> makes the edits the
    /// incremental benchmarks toggle: 1 changes a conversion's body, 2 adds a member to the layout.
    /// </summary>
    public static string Type(int i, int variant = 0)
    {
        int family = i / 2;
        string v1 = $"F{family}V1", v2 = $"F{family}V2";
        const string members = "long Id, string Name, List<int> Values, Dictionary<string, long> Index, KhoArray<Item> Items, Kind Kind, double? Score, Note Note";
        const string pass = "v.Id, v.Name, v.Values, v.Index, v.Items, v.Kind, v.Score, v.Note";
        string extra = variant == 2 ? "\n    public int Extra { get; set; }\n" : "";
        string body = i % 2 == 0
            ? $$"""
                [KhoFormat("bench-f{{family}}", 1)]
                public partial record {{v1}}({{members}})
                {{{extra}}}
                """
            : $$"""
                [KhoFormat("bench-f{{family}}", 2)]
                public partial record {{v2}}({{members}}, Guid Tag)
                {{{extra}}
                    [KhoUpgrade] public static {{v2}} From({{v1}} v) => new({{pass}}, {{(variant == 1 ? "new Guid(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)" : "Guid.Empty")}});
                    [KhoDowngrade] public static {{v1}} To({{v2}} v) => new({{pass}});
                }
                """;
        return $"""
            using System;
            using System.Collections.Generic;
            using KhoGen;

            namespace Bench.Formats;

            {body}
            """;
    }

    /// <summary>The trees of a project with <paramref name="types"/> format types: one file each, and the shared file.</summary>
    public static List<SyntaxTree> Trees(int types)
    {
        var trees = new List<SyntaxTree>(types + 1) { Parse(Shared, "Shared.cs") };
        for (int i = 0; i < types; i++) trees.Add(Parse(Type(i), $"F{i}.cs"));
        return trees;
    }
}
