namespace KhoGen.Generator.Model;

/// <summary>
/// What every layout of a catalog is resolved against: the valid data types (one per catalog name)
/// and the enums the declared types use. Changes only when one of them does, so the parts made
/// from it stay cached when a format's own layout changes.
/// </summary>
/// <param name="Data">The valid data types, the first of each catalog name.</param>
/// <param name="Enums">The enums that data and format members use, in the order they are first met.</param>
/// <param name="HasTypes">Whether any format or data type is declared, valid or not (then there is a catalog).</param>
/// <param name="Imported">The data types and enums the layouts take from referenced assemblies' catalogs, under their names there.</param>
sealed record CatalogTypes(EquatableArray<TypeModel> Data, EquatableArray<EnumModel> Enums, bool HasTypes, ImportedTypes? Imported = null);

/// <summary>A member as the catalog records it: its C# name and its catalog type.</summary>
sealed record CatalogMember(string Name, string Type);

/// <summary>
/// One format version's share of the catalog, computed from its type alone (and the
/// <see cref="CatalogTypes"/>): its members, fingerprint and shape. Null fingerprint: the layout
/// cannot be fingerprinted (KHO011) and the version stays out of the catalog.
/// </summary>
sealed record LayoutPart(FormatKey Key, string FullName, EquatableArray<CatalogMember> Members, string? Fingerprint, ulong Shape);

/// <summary>One version of a format as the catalog lists it; <paramref name="Fingerprint"/> null for a retired version with no type.</summary>
sealed record CatalogVersion(int Version, bool Read, bool Write, bool Retired, string? Fingerprint,
    EquatableArray<CatalogMember> Members, string? File, int Line, ulong Shape);

/// <summary>One format of the catalog, its versions in number order: what its JSON text is written from.</summary>
sealed record CatalogFormat(string Name, EquatableArray<CatalogVersion> Versions);

/// <summary>One format's text in the catalog (<c>KhoCatalog.FormatJson</c>) and the shape of each of its fingerprinted versions.</summary>
sealed record CatalogFragment(string Name, string Json, EquatableArray<(int Version, ulong Shape)> Shapes);

/// <summary>The formats whose names fall in group <paramref name="Number"/>, in ordinal name order: one generated catalog part file.</summary>
sealed record CatalogGroup(int Number, string ClassName, EquatableArray<CatalogFragment> Formats);

/// <summary>
/// What the catalog's index file is written from: the catalog's text around its formats, and each format's
/// group and place in it. Unchanged by an edit that changes no format's name, data type, enum or the assembly.
/// </summary>
sealed record CatalogIndex(string ClassName, CatalogFrame Frame, EquatableArray<(string Name, int Group, int Slot)> Formats);

/// <summary>The catalog's text before its formats (<paramref name="Head"/>, up to the formats array's '[') and after them (<paramref name="Tail"/>, from its ']' on).</summary>
sealed record CatalogFrame(string AssemblyName, string Head, string Tail);

/// <summary>
/// What one format type's layout resolves against outside itself: the enums its members use and the
/// member shapes that name a data type of another assembly. A layout edit that adds neither leaves it
/// equal, so <see cref="CatalogTypes"/> is not made again.
/// </summary>
sealed record FormatUses(EquatableArray<EnumModel> Enums, EquatableArray<TypeShape> Imports);
