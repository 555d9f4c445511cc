namespace KhoGen.Generator.Parsing;

/// <summary>
/// The id of every KhoGen rule, in one place: the parser's problems, the analyzers' descriptors and
/// the code fixes' <c>FixableDiagnosticIds</c> all name a rule through these constants. Each has a
/// page docs/diagnostics/&lt;id&gt;.md.
/// </summary>
static class RuleIds
{
    public const string NotPartial = "KHO001";
    public const string InvalidFormatName = "KHO002";
    public const string InvalidVersion = "KHO003";
    public const string DuplicateVersion = "KHO004";
    public const string UnsupportedMemberType = "KHO005";
    public const string SplitLayout = "KHO006";
    public const string MissingUpgrade = "KHO007";
    public const string BadConversion = "KHO008";
    public const string VersionGap = "KHO009";
    public const string MissingDowngrade = "KHO010";
    public const string RecursiveData = "KHO011";
    public const string NotConstructible = "KHO012";
    public const string UnsupportedShape = "KHO013";
    public const string ImportConflict = "KHO014";

    public const string BaselineUnreadable = "KHO100";
    public const string ShippedLayoutChanged = "KHO101";
    public const string ShippedVersionUnreadable = "KHO102";
    public const string ShippedEnumChanged = "KHO103";
    public const string ShippedMemberRenamed = "KHO104";
    public const string RollbackImpossible = "KHO105";
    public const string SharedDataChanged = "KHO106";
}
