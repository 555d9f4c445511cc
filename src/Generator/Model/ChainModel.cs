namespace KhoGen.Generator.Model;

/// <summary>
/// A format version's place in its chain: the versions it reads and writes and the neighbours it
/// calls. Holds names only, so editing one version's layout leaves the others' output cached.
/// </summary>
/// <param name="Readable">Versions an upgrade chain leads from to this one, highest first.</param>
/// <param name="Writable">Versions a downgrade chain leads to from this one, highest first.</param>
/// <param name="LowerType">The type of version n-1, when an upgrade or downgrade step uses it.</param>
/// <param name="Upgrade">The method that upgrades n-1 to n, when there is one.</param>
/// <param name="Downgrade">The method that downgrades n to n-1, when there is one.</param>
/// <param name="CatalogClass">The generated class that holds this assembly's catalog and shapes.</param>
sealed record ChainModel(
    EquatableArray<int> Readable,
    EquatableArray<int> Writable,
    string? LowerType,
    string? Upgrade,
    string? Downgrade,
    string CatalogClass);
