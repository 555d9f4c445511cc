namespace KhoGen.Generator.Model;

/// <summary>A containing type, for emitting the nested <c>partial</c> declarations around a type.</summary>
sealed record ContainingType(string Keyword, string Name);

/// <summary>One serialized member, in layout order.</summary>
/// <param name="Name">The C# member name.</param>
/// <param name="Shape">Its type.</param>
/// <param name="Assign">How the reader sets it.</param>
sealed record MemberModel(string Name, TypeShape Shape, AssignKind Assign);

/// <summary>How the reader sets a member: as a constructor argument or in an object initializer.</summary>
enum AssignKind { Constructor, Initializer }

/// <summary>The version of a format a type declares.</summary>
sealed record FormatKey(string Name, int Version)
{
    public string Id => FormatNames.Id(Name, Version);
}

/// <summary>Where the type of a format version is declared: the tree's path and the 1-based line of the type's name.</summary>
sealed record SourceModel(FormatKey Key, string File, int Line);

/// <summary>
/// A <c>[KhoFormat]</c> or <c>[KhoData]</c> type: everything the emitter and the catalog need,
/// and nothing tied to a compilation. Built by <c>LayoutParser</c>.
/// </summary>
sealed record TypeModel(
    string? Namespace,
    EquatableArray<ContainingType> Containing,
    string Keyword,
    string Name,
    string FullName,
    string CatalogName,
    string ShortName,
    bool IsValueType,
    FormatKey? Format,
    EquatableArray<MemberModel> Members,
    EquatableArray<int> ConstructorArguments,
    bool IsValid);
