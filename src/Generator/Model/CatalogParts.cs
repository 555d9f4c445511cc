namespace KhoGen.Generator.Model;

/// <summary>
/// What every layout of a catalog is resolved against: the valid data types (one per catalog name)
/// and the enums the declared types use. Changes only when one of them does, so the parts made
/// from it stay cached when a format's own layout changes.
/// </summary>
/// <param name="Data">The valid data types, the first of each catalog name.</param>
/// <param name="Enums">The enums that data and format members use, in the order they are first met.</param>
/// <param name="HasTypes">Whether any format or data type is declared, valid or not (then there is a catalog).</param>
sealed record CatalogTypes(EquatableArray<TypeModel> Data, EquatableArray<EnumModel> Enums, bool HasTypes);

/// <summary>A member as the catalog records it: its C# name and its catalog type.</summary>
sealed record CatalogMember(string Name, string Type);

/// <summary>
/// One format version's share of the catalog, computed from its type alone (and the
/// <see cref="CatalogTypes"/>): its members, fingerprint and shape. Null fingerprint: the layout
/// cannot be fingerprinted (KHO011) and the version stays out of the catalog.
/// </summary>
sealed record LayoutPart(FormatKey Key, string FullName, EquatableArray<CatalogMember> Members, string? Fingerprint, ulong Shape);
