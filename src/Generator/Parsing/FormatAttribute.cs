using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using KhoGen.Generator.Model;
using Microsoft.CodeAnalysis;

namespace KhoGen.Generator.Parsing;

/// <summary>
/// The one reader of a format version's (name, version) arguments: <c>[KhoFormat(name, version)]</c>
/// on a type and <c>[assembly: KhoRetired(name, version)]</c>. The layout parser, the conversion
/// parser, the retired versions and the analyzers all read them here, so they agree on what a
/// valid format version is (KHO002, KHO003).
/// </summary>
static class FormatAttribute
{
    /// <summary>The format version <paramref name="type"/> declares, or null (none, or invalid: then <paramref name="problems"/> says why).</summary>
    public static FormatKey? Of(ITypeSymbol type, List<Problem>? problems = null)
    {
        AttributeData? a = Names.GetAttribute(type, Names.FormatAttribute);
        return a is null ? null : Read(a, type.Locations.FirstOrDefault(), problems);
    }

    /// <summary>
    /// The valid format version of <paramref name="a"/>'s arguments, or null; every rule they break
    /// goes to <paramref name="problems"/>, located at the argument.
    /// </summary>
    public static FormatKey? Read(AttributeData a, Location? fallback, List<Problem>? problems)
    {
        if (a.AttributeConstructor is null) return null; // the compiler reports the bad attribute itself
        if (a.ConstructorArguments.Length != 2 || a.ConstructorArguments[0].Value is not string name ||
            a.ConstructorArguments[1].Value is not int version)
        {
            problems?.Add(new Problem(RuleIds.InvalidFormatName, LayoutParser.AttributeLocation(a, 0) ?? fallback, "(missing)", "the format name must be a constant string"));
            return null;
        }
        string? invalid = FormatNames.Validate(name, version);
        if (invalid is not null) problems?.Add(new Problem(RuleIds.InvalidFormatName, LayoutParser.AttributeLocation(a, 0) ?? fallback, name, invalid));
        if (version < 1) problems?.Add(new Problem(RuleIds.InvalidVersion, LayoutParser.AttributeLocation(a, 1) ?? fallback, version.ToString(CultureInfo.InvariantCulture)));
        return invalid is null && version >= 1 ? new FormatKey(name, version) : null;
    }
}
