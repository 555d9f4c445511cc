using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using KhoGen.Generator.Model;
using KhoGen.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KhoGen.Generator;

/// <summary>
/// The declarations of one syntax tree that the generator reads: its [KhoFormat] and [KhoData]
/// types and its conversion methods, each parsed into a value-equal model.
/// </summary>
/// <remarks>
/// Where each format type is declared is kept apart from its model (<see cref="Sources"/>): a line
/// moving must change the catalog, which records it, and not the type's generated code.
/// </remarks>
sealed record TreeDeclarations(EquatableArray<TypeModel> Formats, EquatableArray<TypeModel> Data, EquatableArray<ConversionModel> Upgrades, EquatableArray<ConversionModel> Downgrades, EquatableArray<SourceModel> Sources)
{
    public static readonly TreeDeclarations Empty = new(default, default, default, default, default);
}

/// <summary>
/// Finds and parses the attributed declarations of a compilation, parsing again only the trees
/// whose models can have changed: an edit costs the edited files, not the project.
/// </summary>
/// <remarks>
/// <para>
/// Every edit is a new compilation, and any step that reads symbols runs again for every type
/// (ForAttributeWithMetadataName's transform included): at 5,000 types that was 1.5 s an edit,
/// all of it rebuilding models equal to the previous ones (docs/benchmarks.md). Here a tree's
/// models are kept with the tree (syntax trees of unchanged files are the same objects in the
/// next compilation) and reused as long as nothing they depend on outside the tree changed.
/// </para>
/// <para>
/// What a tree's models read outside it is summed up by the <see cref="Outline"/> of every tree:
/// its tokens (not trivia) except method, accessor and constructor bodies and property
/// initializers, and except the members of [KhoFormat] types (those matter to that type only: no
/// layout can hold a format type, and conversions read only its attribute). Constant fields and
/// nested types stay in it. Data types, enums, attribute arguments, usings and type names, which
/// other trees' models do read, all change it. When any tree's outline changes, or the references
/// or options do, every tree is parsed again. Outlines are compared by SHA-256.
/// </para>
/// </remarks>
static class DeclarationScan
{
    /// <summary>A tree's outline, and its models with the context they were parsed in.</summary>
    sealed class Cached
    {
        public Cached(byte[] outline) => Outline = outline;
        public byte[] Outline { get; }
        public Context? ParsedIn { get; set; }
        public TreeDeclarations? Declarations { get; set; }
    }

    /// <summary>Everything outside one tree that its models may depend on.</summary>
    sealed class Context
    {
        public Context(byte[] outlines, CompilationOptions options, MetadataReference[] references, string? assemblyName)
        {
            Outlines = outlines;
            Options = options;
            References = references;
            AssemblyName = assemblyName;
        }

        public byte[] Outlines { get; }
        public CompilationOptions Options { get; }
        public MetadataReference[] References { get; }
        public string? AssemblyName { get; }

        public bool Matches(Context other) =>
            ReferenceEquals(this, other) ||
            (Outlines.SequenceEqual(other.Outlines) && Options.Equals(other.Options) && AssemblyName == other.AssemblyName &&
             References.Length == other.References.Length && References.Zip(other.References, ReferenceEquals).All(same => same));
    }

    static readonly ConditionalWeakTable<SyntaxTree, Cached> Trees = new();

    /// <summary>How many trees <see cref="Scan"/> has parsed since the process started: the work an edit costs, for tests.</summary>
    public static long TreesParsed => Interlocked.Read(ref _treesParsed);
    static long _treesParsed;

    /// <summary>The declarations of every tree, in the compilation's tree order.</summary>
    public static EquatableArray<TreeDeclarations> Scan(Compilation compilation, CancellationToken cancellationToken)
    {
        var trees = compilation.SyntaxTrees.ToList();
        var entries = new Cached[trees.Count];
        using var outlines = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (int i = 0; i < trees.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Looked up first: the factory's closure is an allocation per tree, and nearly every tree is known.
            if (!Trees.TryGetValue(trees[i], out entries[i])) entries[i] = Trees.GetValue(trees[i], t => new Cached(Outline(t, cancellationToken)));
            outlines.AppendData(entries[i].Outline);
        }
        var context = new Context(outlines.GetHashAndReset(), compilation.Options, compilation.References.ToArray(), compilation.AssemblyName);

        var result = new TreeDeclarations[trees.Count];
        // The trees were mostly parsed in one and the same earlier context: compare each earlier context
        // with this one once, not once per tree (the references alone are hundreds; 5,000 trees an edit).
        var compared = new Dictionary<Context, bool>(); // by reference: Context does not override Equals
        for (int i = 0; i < trees.Count; i++)
        {
            var entry = entries[i];
            lock (entry)
            {
                var parsedIn = entry.ParsedIn;
                bool current = parsedIn is not null &&
                    (compared.TryGetValue(parsedIn, out bool matches) ? matches : compared[parsedIn] = parsedIn.Matches(context));
                if (entry.Declarations is null || !current)
                {
                    entry.Declarations = Parse(trees[i], compilation, cancellationToken);
                    Interlocked.Increment(ref _treesParsed);
                }
                entry.ParsedIn = context;
                result[i] = entry.Declarations;
            }
        }
        return result.ToEquatableArray();
    }

    /// <summary>The attributed declarations of <paramref name="tree"/>, in document order (as ForAttributeWithMetadataName finds them).</summary>
    static TreeDeclarations Parse(SyntaxTree tree, Compilation compilation, CancellationToken cancellationToken)
    {
        var root = tree.GetRoot(cancellationToken);
        if (!root.DescendantNodes().Any(n => n is AttributeListSyntax)) return TreeDeclarations.Empty;
        var model = compilation.GetSemanticModel(tree);
        var formats = new List<TypeModel>();
        var data = new List<TypeModel>();
        var upgrades = new List<ConversionModel>();
        var downgrades = new List<ConversionModel>();
        var sources = new List<SourceModel>();
        foreach (var node in root.DescendantNodes())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (node is TypeDeclarationSyntax { AttributeLists.Count: > 0 } typeSyntax &&
                model.GetDeclaredSymbol(typeSyntax, cancellationToken) is INamedTypeSymbol type)
            {
                bool isFormat = HasAttributeOn(type, typeSyntax, Names.FormatAttribute);
                bool isData = HasAttributeOn(type, typeSyntax, Names.DataAttribute);
                if (!isFormat && !isData) continue;
                var parsed = LayoutParser.Parse(type);
                if (isFormat) formats.Add(parsed);
                if (isFormat && parsed.Format is not null)
                    sources.Add(new SourceModel(parsed.Format, tree.FilePath, tree.GetLineSpan(typeSyntax.Identifier.Span, cancellationToken).StartLinePosition.Line + 1));
                if (isData && parsed.Format is null) data.Add(parsed);
            }
            else if (node is MethodDeclarationSyntax { AttributeLists.Count: > 0 } methodSyntax &&
                model.GetDeclaredSymbol(methodSyntax, cancellationToken) is IMethodSymbol method)
            {
                if (HasAttributeOn(method, methodSyntax, Names.UpgradeAttribute)) upgrades.Add(ConversionParser.Parse(method, isUpgrade: true));
                if (HasAttributeOn(method, methodSyntax, Names.DowngradeAttribute)) downgrades.Add(ConversionParser.Parse(method, isUpgrade: false));
            }
        }
        return new TreeDeclarations(formats.ToEquatableArray(), data.ToEquatableArray(), upgrades.ToEquatableArray(), downgrades.ToEquatableArray(), sources.ToEquatableArray());
    }

    /// <summary>Whether the attribute is applied in <paramref name="declaration"/> itself (not in another partial declaration).</summary>
    static bool HasAttributeOn(ISymbol symbol, SyntaxNode declaration, string metadataName) =>
        symbol.GetAttributes().Any(a => Names.Is(a.AttributeClass, metadataName) &&
            a.ApplicationSyntaxReference is { } r && r.SyntaxTree == declaration.SyntaxTree && declaration.Span.Contains(r.Span));

    /// <summary>
    /// SHA-256 of what other trees' models may read in <paramref name="tree"/>: its tokens, less
    /// bodies and the members of format types (see the remarks on <see cref="DeclarationScan"/>).
    /// </summary>
    static byte[] Outline(SyntaxTree tree, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        Append(tree.GetRoot(cancellationToken), text);
        using var sha = SHA256.Create();
        return sha.ComputeHash(Encoding.UTF8.GetBytes(text.ToString()));
    }

    static void Append(SyntaxNode node, StringBuilder text)
    {
        foreach (var child in node.ChildNodesAndTokens())
        {
            if (child.IsToken)
            {
                // Token texts with a separator: "a b" and "ab" must differ.
                text.Append(child.AsToken().Text).Append('\u0001');
                continue;
            }
            var inner = child.AsNode()!;
            if (IsFormatMember(inner)) continue;
            if (IsBody(inner))
            {
                // The kind stays: a property with a body is not a field, nor one with accessors.
                text.Append('\u0002').Append((int)inner.Kind()).Append('\u0001');
                continue;
            }
            Append(inner, text);
        }
    }

    /// <summary>Code that runs, which no declaration's model reads: method, accessor and constructor bodies, property initializers.</summary>
    static bool IsBody(SyntaxNode node) => node switch
    {
        BlockSyntax or ArrowExpressionClauseSyntax => node.Parent is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or BasePropertyDeclarationSyntax,
        EqualsValueClauseSyntax => node.Parent is PropertyDeclarationSyntax,
        _ => false,
    };

    /// <summary>
    /// A member of a type that is a [KhoFormat] type and not a [KhoData] type (by the attribute's
    /// name: a type not recognized as one keeps its members in the outline, which only costs time),
    /// other than a constant (attribute arguments may read it) or a nested type.
    /// </summary>
    static bool IsFormatMember(SyntaxNode node)
    {
        if (node is BaseTypeDeclarationSyntax || node.Parent is not TypeDeclarationSyntax type) return false;
        if (node is not (MemberDeclarationSyntax or ParameterListSyntax)) return false;
        if (node is FieldDeclarationSyntax field && field.Modifiers.Any(SyntaxKind.ConstKeyword)) return false;
        bool format = false;
        foreach (var list in type.AttributeLists)
            foreach (var attribute in list.Attributes)
            {
                string name = attribute.Name is QualifiedNameSyntax q ? q.Right.Identifier.ValueText
                    : attribute.Name is AliasQualifiedNameSyntax a ? a.Name.Identifier.ValueText
                    : attribute.Name is SimpleNameSyntax s ? s.Identifier.ValueText : "";
                if (name is "KhoData" or "KhoDataAttribute") return false;
                if (name is "KhoFormat" or "KhoFormatAttribute") format = true;
            }
        return format;
    }
}
