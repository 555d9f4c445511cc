using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using KhoGen.Generator.Model;
using KhoGen.Generator.Parsing;
using Microsoft.CodeAnalysis;

namespace KhoGen.Analyzers;

/// <summary>
/// Every format type, data type, conversion method and retired version of one compilation, found
/// once and then read by the per-symbol rules: the rules that span types (KHO004, 007-011) look up
/// the other versions of a format here. Immutable once built, so concurrent readers are safe.
/// </summary>
sealed class DeclarationIndex
{
    readonly Dictionary<FormatKey, List<INamedTypeSymbol>> _formats = new();
    readonly Dictionary<string, SortedSet<int>> _versions = new();
    readonly Dictionary<string, (INamedTypeSymbol Type, TypeModel Model)> _data = new();
    readonly HashSet<FormatKey> _retired = new();
    readonly List<TypeModel> _formatModels = new();
    readonly Dictionary<INamedTypeSymbol, (TypeModel Model, List<Problem> Problems)> _parsed = new(SymbolEqualityComparer.Default);

    DeclarationIndex(FormatFamilies families) => Families = families;

    /// <summary>The catalogs embedded in the compilation's references.</summary>
    public EquatableArray<ReferencedCatalog> References { get; private set; } = EquatableArray<ReferencedCatalog>.Empty;

    /// <summary>The data types and enums the layouts take from references, and the names two references dispute (KHO014).</summary>
    public ImportedTypes Imports { get; private set; } = ImportedTypes.None;

    /// <summary>The version chains, as the generator builds them, but over every format type with a valid key.</summary>
    public FormatFamilies Families { get; }

    /// <summary>The types that declare <paramref name="key"/>.</summary>
    public IReadOnlyList<INamedTypeSymbol> TypesOf(FormatKey key) =>
        _formats.TryGetValue(key, out var types) ? types : (IReadOnlyList<INamedTypeSymbol>)System.Array.Empty<INamedTypeSymbol>();

    public bool IsRetired(FormatKey key) => _retired.Contains(key);

    /// <summary>The parsed format types and data types, as the generator's catalog step receives them.</summary>
    public IReadOnlyList<TypeModel> FormatModels => _formatModels;
    public IEnumerable<TypeModel> DataModels => _data.Values.Select(d => d.Model).Where(m => m.Format is null);

    /// <summary>The declared and retired version numbers of a format.</summary>
    public IReadOnlyCollection<int> Versions(string format) =>
        _versions.TryGetValue(format, out var set) ? set : (IReadOnlyCollection<int>)System.Array.Empty<int>();

    /// <summary>The [KhoData] type with this fully qualified name (as in <see cref="TypeShape.CSharp"/>).</summary>
    public bool TryGetData(string fullName, out INamedTypeSymbol type, out TypeModel model)
    {
        bool found = _data.TryGetValue(fullName, out var entry);
        type = entry.Type;
        model = entry.Model;
        return found;
    }

    /// <summary>
    /// The model of a format or data type and the rules it breaks, as parsed when the index was
    /// built (each type is parsed once per compilation); parsed now for a type the index lacks.
    /// </summary>
    public (TypeModel Model, IReadOnlyList<Problem> Problems) Parsed(INamedTypeSymbol type)
    {
        if (_parsed.TryGetValue(type, out var parsed)) return parsed;
        var problems = new List<Problem>();
        return (LayoutParser.Parse(type, problems), problems);
    }

    public static DeclarationIndex Build(Compilation compilation, CancellationToken cancellationToken)
    {
        var formats = new List<FormatType>();
        var conversions = new List<ConversionModel>();
        var data = new List<(INamedTypeSymbol, TypeModel)>();
        var keyed = new List<(FormatKey, INamedTypeSymbol)>();
        var formatModels = new List<TypeModel>();
        var parsed = new List<(INamedTypeSymbol, TypeModel, List<Problem>)>();

        foreach (var type in SourceTypes(compilation.Assembly.GlobalNamespace))
        {
            cancellationToken.ThrowIfCancellationRequested();
            bool isFormat = Names.HasAttribute(type, Names.FormatAttribute);
            bool isData = Names.HasAttribute(type, Names.DataAttribute);
            if (isFormat || isData)
            {
                var problems = new List<Problem>();
                TypeModel model = LayoutParser.Parse(type, problems);
                parsed.Add((type, model, problems));
                if (isFormat) formatModels.Add(model);
                if (isFormat && model.Format is { } key)
                {
                    formats.Add(new FormatType(key, model.FullName));
                    keyed.Add((key, type));
                }
                if (isData) data.Add((type, model));
            }
            foreach (var member in type.GetMembers())
            {
                if (member is not IMethodSymbol { MethodKind: MethodKind.Ordinary } method) continue;
                if (Names.HasAttribute(method, Names.UpgradeAttribute)) conversions.Add(ConversionParser.Parse(method, isUpgrade: true));
                if (Names.HasAttribute(method, Names.DowngradeAttribute)) conversions.Add(ConversionParser.Parse(method, isUpgrade: false));
            }
        }

        var retired = RetiredParser.Read(compilation.Assembly).ToList();
        var index = new DeclarationIndex(new FormatFamilies(formats.ToEquatableArray(), conversions.ToEquatableArray(),
            retired.ToEquatableArray(), CatalogClass: ""));
        foreach (var (key, type) in keyed)
        {
            if (!index._formats.TryGetValue(key, out var list)) index._formats[key] = list = new List<INamedTypeSymbol>();
            list.Add(type);
            index.AddVersion(key);
        }
        foreach (var key in retired)
        {
            index._retired.Add(key);
            index.AddVersion(key);
        }
        foreach (var (type, model) in data) index._data[model.FullName] = (type, model);
        index._formatModels.AddRange(formatModels);
        index.References = ReferencedCatalogs.Of(compilation, cancellationToken);
        index.Imports = ImportedTypes.Collect(parsed.Select(p => p.Item2).Where(m => m.IsValid).SelectMany(m => m.Members).Select(m => m.Shape),
            index.References, static (json, assembly) => ReferencedCatalogs.Parse(json, assembly, out _));
        // A data type of this project whose catalog name is one a reference's type keeps (a type of the
        // global namespace named like a reference's short name): the catalog can hold only one.
        var imported = index.Imports.Data.ToDictionary(d => d.Name, d => d.Origin + " " + d.OriginVersion);
        var clashes = data.Where(d => d.Item2.IsValid && imported.ContainsKey(d.Item2.CatalogName))
            .Select(d => new ImportConflict(d.Item2.CatalogName, imported[d.Item2.CatalogName], (compilation.AssemblyName ?? "this project") + " (this project)",
                "this project declares a data type of that name too"))
            .ToList();
        if (clashes.Count > 0)
            index.Imports = index.Imports with { Conflicts = index.Imports.Conflicts.Concat(clashes).ToEquatableArray() };
        foreach (var (type, model, problems) in parsed) index._parsed[type] = (model, problems);
        return index;
    }

    void AddVersion(FormatKey key)
    {
        if (!_versions.TryGetValue(key.Name, out var set)) _versions[key.Name] = set = new SortedSet<int>();
        set.Add(key.Version);
    }

    /// <summary>Every type declared in <paramref name="ns"/> and below, nested types included.</summary>
    public static IEnumerable<INamedTypeSymbol> SourceTypes(INamespaceSymbol ns)
    {
        foreach (var member in ns.GetMembers())
        {
            if (member is INamespaceSymbol inner)
                foreach (var t in SourceTypes(inner)) yield return t;
            else if (member is INamedTypeSymbol type)
                foreach (var t in WithNested(type)) yield return t;
        }
    }

    static IEnumerable<INamedTypeSymbol> WithNested(INamedTypeSymbol type)
    {
        yield return type;
        foreach (var nested in type.GetTypeMembers())
            foreach (var t in WithNested(nested)) yield return t;
    }
}

/// <summary>
/// Builds the <see cref="DeclarationIndex"/> of a compilation on first use, once for all analyzers. Unlike Lazy&lt;T&gt;,
/// a cancelled build is not cached: the next caller builds it again.
/// </summary>
sealed class LazyDeclarationIndex
{
    // One index per compilation, whichever analyzer asks: the declaration rules, the baseline rules.
    static readonly ConditionalWeakTable<Compilation, LazyDeclarationIndex> PerCompilation = new();

    readonly Compilation _compilation;
    readonly object _gate = new();
    DeclarationIndex? _index;

    LazyDeclarationIndex(Compilation compilation) => _compilation = compilation;

    /// <summary>The index of <paramref name="compilation"/>, shared by every analyzer that analyzes it.</summary>
    public static LazyDeclarationIndex For(Compilation compilation) => PerCompilation.GetValue(compilation, c => new LazyDeclarationIndex(c));

    public DeclarationIndex Get(CancellationToken cancellationToken)
    {
        lock (_gate) return _index ??= DeclarationIndex.Build(_compilation, cancellationToken);
    }
}
