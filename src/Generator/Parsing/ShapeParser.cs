using System;
using System.Linq;
using KhoGen.Generator.Model;
using Microsoft.CodeAnalysis;

namespace KhoGen.Generator.Parsing;

/// <summary>
/// Decides what a member's type is on the wire, or why it cannot be serialized (KHO005):
/// the one answer to "is this type supported", for the generator and the analyzers.
/// </summary>
static class ShapeParser
{
    const int MaxDepth = 16;

    /// <summary>The shape of <paramref name="type"/>, or null with <paramref name="reason"/> saying why not.</summary>
    /// <param name="home">The assembly of the type whose member this is: a data type of any other assembly is a referenced one. Null: one with no declaration in source.</param>
    public static TypeShape? Parse(ITypeSymbol type, out string? reason, IAssemblySymbol? home = null) => Parse(type, 0, home, out reason);

    /// <summary>
    /// Whether <paramref name="type"/> is declared in another assembly than <paramref name="home"/>: in the
    /// IDE a project reference's types have declarations in source too, so the assembly decides.
    /// </summary>
    static bool IsReferenced(INamedTypeSymbol type, IAssemblySymbol? home) =>
        home is null ? type.DeclaringSyntaxReferences.Length == 0 : !SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, home);

    static TypeShape? Parse(ITypeSymbol type, int depth, IAssemblySymbol? home, out string? reason)
    {
        // Nullability is the declaration's, not the layout's: only reference types declared
        // non-nullable in a nullable-enabled context refuse null (docs/wire-format.md).
        TypeShape? shape = ParseType(type, depth, home, out reason);
        return shape is { IsValueType: false } && type.NullableAnnotation == NullableAnnotation.NotAnnotated
            ? shape with { NotNull = true }
            : shape;
    }

    static TypeShape? ParseType(ITypeSymbol type, int depth, IAssemblySymbol? home, out string? reason)
    {
        reason = null;
        if (depth > MaxDepth)
        {
            reason = "collections nest too deeply";
            return null;
        }
        string cs = Names.FullName(type.WithNullableAnnotation(NullableAnnotation.NotAnnotated));

        string? scalar = Scalar(type);
        if (scalar is not null) return Leaf(ShapeKind.Scalar, cs, scalar, Flavor.None);

        if (type is IArrayTypeSymbol array)
        {
            if (array.Rank != 1 || !array.IsSZArray)
            {
                reason = "multi-dimensional arrays are not supported; use an array of arrays";
                return null;
            }
            if (array.ElementType.SpecialType == SpecialType.System_Byte)
                return Leaf(ShapeKind.Bytes, cs, "bytes", Flavor.ByteArray);
            return Collection(ShapeKind.Seq, cs, Flavor.Array, depth, home, out reason, array.ElementType);
        }

        if (type is not INamedTypeSymbol named)
        {
            reason = type.TypeKind == TypeKind.TypeParameter
                ? "a type parameter has no fixed layout"
                : "this kind of type has no layout";
            return null;
        }

        if (named.TypeKind == TypeKind.Enum) return Enum(named, cs, home, out reason);

        if (named.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
        {
            var inner = Parse(named.TypeArguments[0], depth + 1, home, out reason);
            if (inner is null) return null;
            return new TypeShape(ShapeKind.Nullable, cs, "?", Flavor.None, new[] { inner }.ToEquatableArray(), null);
        }

        var def = named.OriginalDefinition;
        if (Names.Is(def, "System.Memory`1") || Names.Is(def, "System.ReadOnlyMemory`1"))
        {
            if (named.TypeArguments[0].SpecialType == SpecialType.System_Byte)
                return Leaf(ShapeKind.Bytes, cs, "bytes", def.Name == "Memory" ? Flavor.Memory : Flavor.ReadOnlyMemory);
            reason = $"only Memory<byte> and ReadOnlyMemory<byte> are supported; use an array or List<T> of {Display(named.TypeArguments[0])}";
            return null;
        }
        if (Names.Is(def, "System.Collections.Generic.List`1"))
            return Collection(ShapeKind.Seq, cs, Flavor.List, depth, home, out reason, named.TypeArguments[0]);
        if (Names.Is(def, "System.Collections.Generic.IReadOnlyList`1"))
            return Collection(ShapeKind.Seq, cs, Flavor.ReadOnlyList, depth, home, out reason, named.TypeArguments[0]);
        if (Names.Is(def, "System.Collections.Immutable.ImmutableArray`1"))
            return Collection(ShapeKind.Seq, cs, Flavor.ImmutableArray, depth, home, out reason, named.TypeArguments[0]);
        if (Names.Is(def, "System.Collections.Generic.Dictionary`2"))
            return Map(cs, Flavor.Dictionary, named, depth, home, out reason);
        if (Names.Is(def, "System.Collections.Generic.IReadOnlyDictionary`2"))
            return Map(cs, Flavor.ReadOnlyDictionary, named, depth, home, out reason);
        if (Names.Is(def, "KhoGen.KhoArray`1"))
            return Collection(ShapeKind.Sparse, cs, Flavor.None, depth, home, out reason, named.TypeArguments[0]);

        if (Names.HasAttribute(named, Names.DataAttribute))
        {
            if (IsReferenced(named, home)) return Referenced(named, cs, out reason);
            return Leaf(ShapeKind.Data, cs, Names.CatalogName(named), named.IsValueType ? Flavor.Struct : Flavor.Class) with { ShortName = Names.ShortName(named) };
        }
        if (Names.HasAttribute(named, Names.FormatAttribute))
        {
            reason = "a [KhoFormat] type cannot be a member of another layout; move the shared members into a [KhoData] type";
            return null;
        }
        reason = Unsupported(named, home);
        return null;
    }

    /// <summary>
    /// A [KhoData] type of another assembly: its layout is the one that assembly's embedded catalog
    /// lists (its generated serializer writes exactly that), never one read off its members here.
    /// </summary>
    static TypeShape? Referenced(INamedTypeSymbol named, string cs, out string? reason)
    {
        reason = null;
        IAssemblySymbol assembly = named.ContainingAssembly;
        string from = $"{assembly.Name} {assembly.Identity.Version}";
        KhoCatalog? catalog = ReferencedCatalogs.Of(assembly, out string? problem);
        if (catalog is null)
        {
            reason = problem is not null
                ? $"it is a [KhoData] type of {from}, whose embedded catalog cannot be read ({problem}); rebuild {assembly.Name} with the KhoGen package"
                : $"it is a [KhoData] type of {from}, which carries no KhoGen catalog, so its layout is unknown here; build {assembly.Name} with the KhoGen package (whose generator embeds the catalog), or declare the data type in this project";
            return null;
        }
        // The catalog names a type by its full name, or without namespace when that is unique in it (CatalogBuilder).
        KhoDataEntry? entry = catalog.FindData(Names.CatalogName(named)) ?? catalog.FindData(Names.ShortName(named));
        if (entry is null)
        {
            reason = $"it is a [KhoData] type of {from}, whose catalog does not list it (was it valid when {assembly.Name} was built?); rebuild {assembly.Name} with the KhoGen package";
            return null;
        }
        if (entry.IsClass == named.IsValueType)
        {
            reason = $"the catalog of {from} lists it as a {(entry.IsClass ? "class" : "struct")}, but it is a {(named.IsValueType ? "struct" : "class")}: that catalog is not of this assembly's build; rebuild {assembly.Name}";
            return null;
        }
        return Leaf(ShapeKind.Data, cs, entry.Name, entry.IsClass ? Flavor.Class : Flavor.Struct) with { ShortName = entry.Name, Origin = assembly.Name };
    }

    static string Unsupported(INamedTypeSymbol named, IAssemblySymbol? home)
    {
        // A type of a referenced assembly that KhoGen was not told about: its members are not a layout anyone vouches for.
        if (IsReferenced(named, home) && ReferencedCatalogs.UsesKhoGen(named.ContainingAssembly) &&
            named.TypeKind is TypeKind.Class or TypeKind.Struct && !named.IsAbstract)
            return $"it is declared in {named.ContainingAssembly.Name} {named.ContainingAssembly.Identity.Version} and is not a [KhoData] type there, so no catalog gives its layout; " +
                $"mark it [KhoData] (and partial) in {named.ContainingAssembly.Name}, use a [KhoData] type of this project that holds its values, or mark the member [KhoIgnore]";
        if (named.Name is "IList" or "ICollection" or "IEnumerable" or "IReadOnlyCollection" or "HashSet" or "ISet" or "Queue" or "Stack" or "LinkedList" or "ImmutableList" or "SortedSet" or "Collection")
            return "this collection type is not supported; use an array, List<T>, IReadOnlyList<T> or ImmutableArray<T>";
        if (named.Name is "IDictionary" or "SortedDictionary" or "ConcurrentDictionary" or "ImmutableDictionary" or "SortedList")
            return "this dictionary type is not supported; use Dictionary<K,V> or IReadOnlyDictionary<K,V>";
        if (named.SpecialType == SpecialType.System_Object || named.TypeKind == TypeKind.Interface || named.IsAbstract)
            return "it has no fixed layout; use a concrete [KhoData] type";
        return "mark it [KhoData] (and partial), use a supported type, or mark the member [KhoIgnore]";
    }

    static string Display(ITypeSymbol t) => t.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);

    static TypeShape Leaf(ShapeKind kind, string cs, string keyword, Flavor flavor) =>
        new(kind, cs, keyword, flavor, EquatableArray<TypeShape>.Empty, null);

    static TypeShape? Collection(ShapeKind kind, string cs, Flavor flavor, int depth, IAssemblySymbol? home, out string? reason, ITypeSymbol element)
    {
        var e = Parse(element, depth + 1, home, out reason);
        if (e is null)
        {
            reason = $"its element type {Display(element)} cannot be serialized: {reason}";
            return null;
        }
        return new TypeShape(kind, cs, kind == ShapeKind.Seq ? "seq" : "sparse", flavor, new[] { e }.ToEquatableArray(), null);
    }

    static TypeShape? Map(string cs, Flavor flavor, INamedTypeSymbol named, int depth, IAssemblySymbol? home, out string? reason)
    {
        var k = Parse(named.TypeArguments[0], depth + 1, home, out reason);
        if (k is null)
        {
            reason = $"its key type {Display(named.TypeArguments[0])} cannot be serialized: {reason}";
            return null;
        }
        if (k.Kind is ShapeKind.Seq or ShapeKind.Map or ShapeKind.Sparse or ShapeKind.Bytes or ShapeKind.Nullable)
        {
            reason = $"its key type {Display(named.TypeArguments[0])} is not a scalar, enum or data type, so it has no value equality";
            return null;
        }
        var v = Parse(named.TypeArguments[1], depth + 1, home, out reason);
        if (v is null)
        {
            reason = $"its value type {Display(named.TypeArguments[1])} cannot be serialized: {reason}";
            return null;
        }
        return new TypeShape(ShapeKind.Map, cs, "map", flavor, new[] { k, v }.ToEquatableArray(), null);
    }

    static TypeShape? Enum(INamedTypeSymbol named, string cs, IAssemblySymbol? home, out string? reason)
    {
        reason = null;
        string? underlying = named.EnumUnderlyingType is { } u ? Scalar(u) : null;
        if (underlying is null)
        {
            reason = "its underlying type is not an integer type";
            return null;
        }
        var values = named.GetMembers().OfType<IFieldSymbol>()
            .Where(f => f.HasConstantValue && f.ConstantValue is not null)
            .Select(f => new EnumValueModel(f.Name, Bits(f.ConstantValue!)))
            .ToEquatableArray();
        bool flags = named.GetAttributes().Any(a => Names.Is(a.AttributeClass, "System.FlagsAttribute"));
        var model = new EnumModel(Names.CatalogName(named), Names.ShortName(named), underlying, flags, values);
        // An enum of a referenced assembly whose catalog lists it keeps its name there, as that assembly's data types do.
        if (IsReferenced(named, home) && ReferencedCatalogs.Of(named.ContainingAssembly, out _) is { } catalog &&
            (catalog.FindEnum(model.Name) ?? catalog.FindEnum(model.ShortName)) is { } listed && SameEnum(listed, model))
            model = model with { Name = listed.Name, ShortName = listed.Name };
        return new TypeShape(ShapeKind.Enum, cs, model.Name, Flavor.None, EquatableArray<TypeShape>.Empty, model, model.ShortName);
    }

    static bool SameEnum(KhoEnumEntry listed, EnumModel model) =>
        listed.Underlying == model.Underlying && listed.Flags == model.Flags &&
        listed.Values.Select(v => (v.Name, v.Value)).OrderBy(v => v.Name, StringComparer.Ordinal)
            .SequenceEqual(model.Values.Select(v => (v.Name, v.Value)).OrderBy(v => v.Name, StringComparer.Ordinal));

    static long Bits(object value) => value switch
    {
        ulong u => unchecked((long)u),
        _ => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The catalog keyword of a scalar type, or null.</summary>
    public static string? Scalar(ITypeSymbol type) =>
        type is INamedTypeSymbol { ContainingType: null, Arity: 0, ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } }
            ? Layout.Scalars.ForMetadataName("System." + type.MetadataName)?.Keyword
            : null;
}
