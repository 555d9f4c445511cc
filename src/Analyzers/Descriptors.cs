using System.Collections.Generic;
using System.Collections.Immutable;
using KhoGen.Generator.Parsing;
using Microsoft.CodeAnalysis;

namespace KhoGen.Analyzers;

/// <summary>
/// The declaration rules users see (SPEC "Diagnostics"; KHO013 is the analyzers' own). Each has a
/// page in docs/diagnostics and a line in AnalyzerReleases.*.md.
/// </summary>
static class Descriptors
{
    const string Declaration = "KhoGen.Declaration";
    const string Versioning = "KhoGen.Versioning";
    const string Baselines = "KhoGen.Baselines";

    /// <summary>The help page of a rule.</summary>
    public static string HelpLink(string id) => $"https://github.com/khogen/khogen/blob/main/docs/diagnostics/{id}.md";

    public static readonly DiagnosticDescriptor NotPartial = new(
        RuleIds.NotPartial,
        "Format and data types must be partial",
        "Type '{0}' and every type containing it must be partial{1}: KhoGen adds the serializer in a second declaration",
        Declaration, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "KhoGen generates the serializer of a [KhoFormat] or [KhoData] type in another partial declaration of the type, so the type and all its containing types must be declared partial.",
        helpLinkUri: HelpLink(RuleIds.NotPartial));

    public static readonly DiagnosticDescriptor InvalidFormatName = new(
        RuleIds.InvalidFormatName,
        "Invalid format name",
        "'{0}' is not a valid format name: {1}",
        Declaration, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "Format names match ^[a-z][a-z0-9]*(-[a-z0-9]+)*$, do not end in -v<digits>, and are at most 48 characters long with the -vN suffix.",
        helpLinkUri: HelpLink(RuleIds.InvalidFormatName));

    public static readonly DiagnosticDescriptor InvalidVersion = new(
        RuleIds.InvalidVersion,
        "Invalid version number",
        "Version {0} is not a valid format version: versions are numbered from 1",
        Declaration, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "A format version is a positive integer; the first version of a format is 1.",
        helpLinkUri: HelpLink(RuleIds.InvalidVersion));

    public static readonly DiagnosticDescriptor DuplicateVersion = new(
        RuleIds.DuplicateVersion,
        "Two types declare the same format version",
        "'{0}' is declared by both '{1}' and '{2}': give each version of a format its own number",
        Versioning, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "Each version of a format is exactly one type; the catalog, the envelope and the version chains identify a version by its id.",
        helpLinkUri: HelpLink(RuleIds.DuplicateVersion));

    public static readonly DiagnosticDescriptor UnsupportedMemberType = new(
        RuleIds.UnsupportedMemberType,
        "A member's type cannot be serialized",
        "Member '{0}' of type '{1}' cannot be serialized: {2}",
        Declaration, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "Layout members must have a supported type: scalars, enums, strings, byte buffers, arrays and the supported collections of them, KhoArray<T>, and [KhoData] types of the same project or of a referenced assembly that carries a KhoGen catalog (whose catalog gives their layout).",
        helpLinkUri: HelpLink(RuleIds.UnsupportedMemberType));

    public static readonly DiagnosticDescriptor SplitLayout = new(
        RuleIds.SplitLayout,
        "Layout members are declared in more than one partial declaration",
        "The layout members of '{0}' are declared in more than one partial declaration, so their order is not defined: declare them all in one declaration",
        Declaration, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "The layout is the declaration order of the members, which C# defines only within one declaration; all layout members must be in the same partial declaration.",
        helpLinkUri: HelpLink(RuleIds.SplitLayout));

    public static readonly DiagnosticDescriptor MissingUpgrade = new(
        RuleIds.MissingUpgrade,
        "No upgrade from version n-1 to version n",
        "No [KhoUpgrade] method converts {0} to {1}, so this build cannot read {0}: add 'static {2} M({3} value)' marked [KhoUpgrade], or retire {0} with [assembly: KhoRetired(\"{4}\", {5})]",
        Versioning, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "Every version of a format that is not retired must be readable: an upgrade chain must lead from it to the latest version, one [KhoUpgrade] step per version.",
        helpLinkUri: HelpLink(RuleIds.MissingUpgrade));

    public static readonly DiagnosticDescriptor BadConversion = new(
        RuleIds.BadConversion,
        "An upgrade or downgrade method has the wrong shape",
        "{0} method '{1}' has the wrong shape: {2}; the expected shape is '{3}'",
        Versioning, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "An upgrade is 'static TVn M(TVn-1 value)' and a downgrade 'static TVn-1 M(TVn value)', where both types are versions of the same format, and there is one of each per step.",
        helpLinkUri: HelpLink(RuleIds.BadConversion));

    public static readonly DiagnosticDescriptor VersionGap = new(
        RuleIds.VersionGap,
        "A gap in a format's version numbers",
        "Format '{0}' has no {1} (it declares versions {2} and {3}): number versions consecutively, or mark a removed version with [assembly: KhoRetired]",
        Versioning, DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: "Version chains are built from adjacent steps, so a missing version number breaks the chain: older versions can neither be read nor written.",
        helpLinkUri: HelpLink(RuleIds.VersionGap));

    public static readonly DiagnosticDescriptor MissingDowngrade = new(
        RuleIds.MissingDowngrade,
        "No downgrade from version n to version n-1",
        "No [KhoDowngrade] method converts {1} to {0}, so builds that read only {0} cannot be rolled back to: add 'static {3} M({2} value)' marked [KhoDowngrade]",
        Versioning, DiagnosticSeverity.Info, isEnabledByDefault: true,
        description: "A build can write an older version (for a rollback to a build that reads only that version) only through a downgrade chain from the latest version.",
        helpLinkUri: HelpLink(RuleIds.MissingDowngrade));

    public static readonly DiagnosticDescriptor RecursiveData = new(
        RuleIds.RecursiveData,
        "A recursive data type",
        "Data type '{0}' contains itself ({1}), so its depth is unbounded: break the cycle, for example with a flat list of items that refer to each other by index",
        Declaration, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "A [KhoData] type that reaches itself through members, collections or nullable wrappers has no bounded depth; a reader of hostile input could be made to recurse without limit.",
        helpLinkUri: HelpLink(RuleIds.RecursiveData));

    public static readonly DiagnosticDescriptor NotConstructible = new(
        RuleIds.NotConstructible,
        "The reader cannot construct the type",
        "The reader cannot construct '{0}': {1}",
        Declaration, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "The generated reader calls a record's primary constructor, or the constructor whose parameters all match layout members by name and type, and sets every other layout member.",
        helpLinkUri: HelpLink(RuleIds.NotConstructible));

    public static readonly DiagnosticDescriptor UnsupportedShape = new(
        RuleIds.UnsupportedShape,
        "A format or data type has a shape KhoGen cannot serialize",
        "'{0}' cannot be a format or data type: {1}",
        Declaration, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "Format and data types are non-generic, non-abstract, non-static classes, structs and records that derive from no other class and are not ref structs.",
        helpLinkUri: HelpLink(RuleIds.UnsupportedShape));

    public static readonly DiagnosticDescriptor ImportConflict = new(
        RuleIds.ImportConflict,
        "Two references give one catalog name to different data types",
        "Member '{0}' stores '{1}', a name that {2} and {3} both give to a data type or enum ({4}), and a catalog can hold only one layout under a name: {5}",
        Declaration, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "A format may store [KhoData] types of referenced assemblies; their layouts come from those assemblies' catalogs, under the names they have there. Two referenced types with one name (or one type seen at two versions, through references built against each) cannot both be in this build's catalog, nor in the application's that merges them.",
        helpLinkUri: HelpLink(RuleIds.ImportConflict));

    // The baseline rules (KHO100-KHO106): the compilation against the catalogs of shipped builds.
    // Every message names the baseline: its file name, and the assembly name and version it records.

    public static readonly DiagnosticDescriptor BaselineUnreadable = new(
        RuleIds.BaselineUnreadable,
        "A baseline file is missing, unreadable or not a catalog",
        "Baseline '{0}' cannot be used: {1}; record it again with 'khogen baseline', or remove it from the <KhoBaseline> items",
        Baselines, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "Each <KhoBaseline> item (and each additional file named *.kho.json) must be the catalog of a shipped build, as 'khogen baseline' or the build's $(TargetName).kho.json records it. A baseline that cannot be read protects nothing, so it is an error rather than silently skipped.",
        helpLinkUri: HelpLink(RuleIds.BaselineUnreadable));

    public static readonly DiagnosticDescriptor ShippedLayoutChanged = new(
        RuleIds.ShippedLayoutChanged,
        "The layout of a shipped version changed",
        "The layout of {0} changed since it shipped in {1}: {2}; keep {0} exactly as shipped and make the change in a new version, {3}, with a [KhoUpgrade] from {0}",
        Baselines, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "A shipped build writes and reads a format version with the layout recorded in its catalog. The same id with another layout is a build that would misread that build's state, and that build would misread this one's: a layout is frozen once shipped, and every change is a new version.",
        helpLinkUri: HelpLink(RuleIds.ShippedLayoutChanged));

    public static readonly DiagnosticDescriptor ShippedVersionUnreadable = new(
        RuleIds.ShippedVersionUnreadable,
        "A shipped version is no longer readable",
        "{0} shipped in {1}, but this build can no longer read it: {2}; upgrading from that release would lose its state: restore {0} with an upgrade chain to the latest version, or retire it with [assembly: KhoRetired(\"{3}\", {4})]",
        Baselines, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "A live update from a shipped build hands over state in a version that build writes. A version that shipped must stay readable (declared, with an upgrade chain to the latest version) until it is deliberately retired with [assembly: KhoRetired].",
        helpLinkUri: HelpLink(RuleIds.ShippedVersionUnreadable));

    /// <summary>
    /// KHO103 is one rule with two severities: an error when a value of a shipped version's enum was
    /// lost or renumbered, a warning (reported with that effective severity) when values were added.
    /// </summary>
    public static readonly DiagnosticDescriptor ShippedEnumChanged = new(
        RuleIds.ShippedEnumChanged,
        "An enum used by a shipped version lost, renumbered or gained a value",
        "An enum of {0} changed since it shipped in {1}: {2}; {3}",
        Baselines, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "Enum values are part of a layout: a reader refuses a value it does not define. A value lost or renumbered means state written by the shipped build is refused or misread here (an error); a value added means the shipped build refuses state this build writes, so a rollback fails while the state holds it (a warning).",
        helpLinkUri: HelpLink(RuleIds.ShippedEnumChanged));

    public static readonly DiagnosticDescriptor ShippedMemberRenamed = new(
        RuleIds.ShippedMemberRenamed,
        "A member of a shipped version was renamed",
        "{0} has names that differ from the ones it shipped with in {1}: {2}; renames are wire-compatible, so nothing needs to change unless the meaning did",
        Baselines, DiagnosticSeverity.Info, isEnabledByDefault: true,
        description: "Layouts are positional: member, data type, enum and enum value names do not reach the wire, so a rename keeps the shipped layout. Two members of one type that swapped names also look like renames, and then read each other's values.",
        helpLinkUri: HelpLink(RuleIds.ShippedMemberRenamed));

    public static readonly DiagnosticDescriptor RollbackImpossible = new(
        RuleIds.RollbackImpossible,
        "This build can no longer write any version that a baseline build reads",
        "This build writes no version of '{0}' that {1} reads, so a rollback to that release is impossible ({2}); add [KhoDowngrade] steps from {3} down to a version it reads",
        Baselines, DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: "Rolling back from this build to a shipped one means writing each format in a version the shipped build reads: this build writes its latest version, and older ones through its downgrade chain.",
        helpLinkUri: HelpLink(RuleIds.RollbackImpossible));

    public static readonly DiagnosticDescriptor SharedDataChanged = new(
        RuleIds.SharedDataChanged,
        "The layout of a shipped data type changed",
        "Data type '{0}' changed since it shipped in {1}: {2}; formats of other assemblies store it, and their shipped versions would change with it: keep '{0}' exactly as shipped and add a new data type for the new layout, which those formats use in new versions",
        Baselines, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "A library that ships [KhoData] types (a Model or Common project of a solution of subsystems) ships their layouts: formats of other assemblies store them, and a format's layout includes the layouts of the data types it stores. A data type is frozen once shipped, like a format version; a new layout is a new data type.",
        helpLinkUri: HelpLink(RuleIds.SharedDataChanged));

    /// <summary>The baseline rules, reported by <see cref="BaselineAnalyzer"/>.</summary>
    public static readonly ImmutableArray<DiagnosticDescriptor> BaselineRules = ImmutableArray.Create(
        BaselineUnreadable, ShippedLayoutChanged, ShippedVersionUnreadable, ShippedEnumChanged, ShippedMemberRenamed, RollbackImpossible, SharedDataChanged);

    public static readonly ImmutableArray<DiagnosticDescriptor> All = ImmutableArray.Create(
        NotPartial, InvalidFormatName, InvalidVersion, DuplicateVersion, UnsupportedMemberType, SplitLayout, MissingUpgrade,
        BadConversion, VersionGap, MissingDowngrade, RecursiveData, NotConstructible, UnsupportedShape, ImportConflict);

    static readonly Dictionary<string, DiagnosticDescriptor> ById = Index();

    /// <summary>The descriptor of a parser problem's id, or null for an id with no rule here (not reported).</summary>
    public static DiagnosticDescriptor? For(string id) => ById.TryGetValue(id, out var d) ? d : null;

    static Dictionary<string, DiagnosticDescriptor> Index()
    {
        var map = new Dictionary<string, DiagnosticDescriptor>();
        foreach (var d in All) map[d.Id] = d;
        return map;
    }
}
