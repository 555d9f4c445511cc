namespace KhoGen.Generator.Model;

/// <summary>What kind of thing a member's type is on the wire.</summary>
enum ShapeKind { Scalar, Enum, Nullable, Bytes, Seq, Map, Sparse, Data }

/// <summary>Which C# type carries a sequence, map or byte buffer (they share one wire form).</summary>
enum Flavor { None, Array, List, ReadOnlyList, ImmutableArray, ByteArray, Memory, ReadOnlyMemory, Dictionary, ReadOnlyDictionary, Class, Struct }

/// <summary>
/// A member type as the generator sees it: the C# type to emit, the catalog type string, and
/// its element types. Value-equal; holds no symbols.
/// </summary>
/// <param name="Kind">The wire kind.</param>
/// <param name="CSharp">The fully qualified C# type, e.g. <c>global::System.Collections.Generic.List&lt;int&gt;</c>.</param>
/// <param name="Keyword">For scalars the catalog keyword (<c>u64</c>); for data and enums the catalog name.</param>
/// <param name="Flavor">The collection, buffer or data flavor.</param>
/// <param name="Args">Element types: one for sequences, sparse arrays and nullables, two for maps.</param>
/// <param name="Enum">The enum's values, for enums.</param>
/// <param name="ShortName">For data and enums: the name without its namespace, which the catalog uses when it is unique.</param>
/// <param name="NotNull">
/// A reference type declared non-nullable (in a nullable-enabled context, without <c>?</c>): a null is
/// refused when written and when read. Not part of the layout: the catalog and the fingerprint ignore it.
/// </param>
/// <param name="Origin">
/// For a data type of another assembly: that assembly, whose embedded catalog gives the layout
/// (<see cref="ImportedTypes"/>); <see cref="Keyword"/> is then its name in that catalog.
/// </param>
sealed record TypeShape(ShapeKind Kind, string CSharp, string Keyword, Flavor Flavor, EquatableArray<TypeShape> Args, EnumModel? Enum, string? ShortName = null, bool NotNull = false,
    string? Origin = null)
{
    /// <summary>The catalog type string (docs/catalog-format.md).</summary>
    public string Catalog => Kind switch
    {
        ShapeKind.Nullable => Args[0].Catalog + "?",
        ShapeKind.Seq => "seq<" + Args[0].Catalog + ">",
        ShapeKind.Sparse => "sparse<" + Args[0].Catalog + ">",
        ShapeKind.Map => "map<" + Args[0].Catalog + "," + Args[1].Catalog + ">",
        ShapeKind.Bytes => "bytes",
        _ => Keyword,
    };

    public bool IsValueType => Kind switch
    {
        ShapeKind.Scalar => Keyword is not ("string" or "bytes"),
        ShapeKind.Enum or ShapeKind.Nullable => true,
        ShapeKind.Bytes => Flavor != Flavor.ByteArray,
        ShapeKind.Seq => Flavor == Flavor.ImmutableArray,
        ShapeKind.Data => Flavor == Flavor.Struct,
        _ => false,
    };
}

/// <summary>An enum's catalog entry, inlined into each shape that uses it so the emitter can check values.</summary>
sealed record EnumModel(string Name, string ShortName, string Underlying, bool Flags, EquatableArray<EnumValueModel> Values);

/// <summary>One enum value; <see cref="Value"/> holds the bits.</summary>
sealed record EnumValueModel(string Name, long Value);
