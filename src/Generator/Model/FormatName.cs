namespace KhoGen.Generator.Model;

/// <summary>
/// Everything one format name's catalog entry is made from, gathered per name before anything is
/// computed: its valid types (every version), the conversions hosted by them, its retired versions
/// and where its versions are declared. A layout edit changes the value of the edited name only, so
/// the entry of every other name stays cached (docs/benchmarks.md, section 6').
/// </summary>
/// <param name="Name">The format name.</param>
/// <param name="Types">Its valid <c>[KhoFormat]</c> types, in the compilation's order.</param>
/// <param name="Conversions">The valid conversions whose host version (the target of an upgrade, the source of a downgrade) has this name.</param>
/// <param name="Retired">Its <c>[assembly: KhoRetired]</c> versions.</param>
/// <param name="Sources">Where its versions are declared, as the trees name their files, in the compilation's order.</param>
sealed record FormatName(string Name, EquatableArray<TypeModel> Types, EquatableArray<ConversionModel> Conversions,
    EquatableArray<FormatKey> Retired, EquatableArray<SourceModel> Sources);
