using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using KhoGen.Generator.Model;
using KhoGen.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KhoGen.Analyzers;

/// <summary>
/// The rules about a format's versions as a whole (KHO004, 007, 009, 010), checked from each
/// version's type. Which version reads and writes which is <see cref="FormatFamilies"/>'s answer,
/// the same one the generator emits chains from.
/// </summary>
static class VersionRules
{
    /// <summary>Diagnostic properties of KHO007 and KHO010, for the code fixes.</summary>
    public const string LowerTypeProperty = "LowerType", FormatProperty = "Format", LowerVersionProperty = "LowerVersion";

    public static void Analyze(INamedTypeSymbol type, FormatKey key, DeclarationIndex index, Reporter reporter)
    {
        AttributeData? attribute = Names.GetAttribute(type, Names.FormatAttribute);
        Location? typeLocation = Identifier(type, attribute) ?? type.Locations.FirstOrDefault();

        var others = index.TypesOf(key).Where(t => !SymbolEqualityComparer.Default.Equals(t, type)).ToList();
        if (others.Count > 0)
            reporter.Report(Descriptors.DuplicateVersion, attribute?.ApplicationSyntaxReference?.GetSyntax().GetLocation() ?? typeLocation, null,
                key.Id, Display(type), string.Join("', '", others.Select(Display)));

        var lower = new FormatKey(key.Name, key.Version - 1);
        var lowerTypes = index.TypesOf(lower);
        // With two types of one version (KHO004) the chain is ambiguous: that error comes first.
        if (lowerTypes.Count == 1 && others.Count == 0 && !index.IsRetired(lower))
        {
            ChainModel chain = index.Families.ChainFor(key);
            string lowerName = Display(lowerTypes[0]);
            string version = lower.Version.ToString(CultureInfo.InvariantCulture);
            // The stub fixes build the conversion from this type and the lower version's type.
            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(LowerTypeProperty, DocumentationCommentId.CreateDeclarationId(lowerTypes[0]))
                .Add(FormatProperty, key.Name)
                .Add(LowerVersionProperty, version);
            if (chain.Upgrade is null)
                reporter.Report(Descriptors.MissingUpgrade, typeLocation, null, properties,
                    lower.Id, key.Id, type.Name, lowerName, key.Name, version);
            if (chain.Downgrade is null)
                reporter.Report(Descriptors.MissingDowngrade, typeLocation, null, properties,
                    lower.Id, key.Id, type.Name, lowerName);
        }

        int below = index.Versions(key.Name).Where(v => v < key.Version).DefaultIfEmpty(0).Max();
        if (below > 0 && below < key.Version - 1)
        {
            string missing = below + 1 == key.Version - 1
                ? "version " + (below + 1).ToString(CultureInfo.InvariantCulture)
                : $"versions {(below + 1).ToString(CultureInfo.InvariantCulture)} to {(key.Version - 1).ToString(CultureInfo.InvariantCulture)}";
            Location? versionArgument = attribute is null ? null : LayoutParser.AttributeLocation(attribute, 1);
            reporter.Report(Descriptors.VersionGap, versionArgument ?? typeLocation, null,
                key.Name, missing, below.ToString(CultureInfo.InvariantCulture), key.Version.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>The identifier of the declaration that carries [KhoFormat]: where upgrade stubs go.</summary>
    static Location? Identifier(INamedTypeSymbol type, AttributeData? attribute) =>
        attribute?.ApplicationSyntaxReference?.GetSyntax().FirstAncestorOrSelf<TypeDeclarationSyntax>()?.Identifier.GetLocation();

    static string Display(INamedTypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);
}
