using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using KhoGen.Generator.Model;
using KhoGen.Generator.Parsing;
using Microsoft.CodeAnalysis;

namespace KhoGen.CodeFixes;

/// <summary>
/// The text of an upgrade or downgrade stub: builds the target version from the source version,
/// member by member. A target member with no source of the same name and a compatible type is a
/// decision the user still has to take: it gets <c>Decide&lt;T&gt;("Member")</c>, which fails loudly if
/// it is ever run, and the method opens with a <c>#warning</c> that lists every such member, so the
/// build shows what is left to do (docs/diagnostics/KHO007.md).
/// </summary>
static class ConversionStub
{
    public static string Build(bool isUpgrade, INamedTypeSymbol host, INamedTypeSymbol target, INamedTypeSymbol source,
        string methodName, string parameterName, Compilation compilation, SemanticModel model, int position)
    {
        TypeModel targetLayout = LayoutParser.Parse(target);
        TypeModel sourceLayout = LayoutParser.Parse(source);
        string targetName = target.ToMinimalDisplayString(model, position);
        string sourceName = source.ToMinimalDisplayString(model, position);
        string fromId = sourceLayout.Format?.Id ?? sourceName;
        string toId = targetLayout.Format?.Id ?? targetName;

        var undecided = new List<string>();
        string ValueOf(MemberModel member)
        {
            ITypeSymbol? targetType = MemberType(target, member.Name);
            string typeName = targetType?.ToMinimalDisplayString(model, position) ?? "object";
            var match = sourceLayout.Members.FirstOrDefault(m => m.Name == member.Name)
                ?? sourceLayout.Members.FirstOrDefault(m => string.Equals(m.Name, member.Name, StringComparison.OrdinalIgnoreCase));
            ITypeSymbol? sourceType = match is null ? null : MemberType(source, match.Name);
            if (match is not null && sourceType is not null && targetType is not null &&
                compilation.ClassifyCommonConversion(sourceType, targetType).IsImplicit)
                return parameterName + "." + match.Name;
            undecided.Add(member.Name);
            return $"Decide<{typeName}>(\"{member.Name}\")";
        }

        var arguments = targetLayout.ConstructorArguments.Select(i => ValueOf(targetLayout.Members[i])).ToList();
        var initializers = targetLayout.Members.Where(m => m.Assign == AssignKind.Initializer)
            .Select(m => m.Name + " = " + ValueOf(m)).ToList();
        string creation = $"new {targetName}({string.Join(", ", arguments)})" +
            (initializers.Count == 0 ? "" : " { " + string.Join(", ", initializers) + " }");

        string attribute = AttributeName(isUpgrade ? Names.UpgradeAttribute : Names.DowngradeAttribute, compilation, model, position);
        string accessibility = Accessibility(host, target, source);
        var text = new StringBuilder("\n");
        text.Append('[').Append(attribute).Append("]\n");
        text.Append($"{accessibility} static {targetName} {methodName}({sourceName} {parameterName})");
        if (undecided.Count == 0)
        {
            text.Append(" => ").Append(creation).Append(";\n");
            return text.ToString();
        }

        string members = string.Join(", ", undecided);
        string exception = compilation.GetTypeByMetadataName("System.NotImplementedException")?.ToMinimalDisplayString(model, position)
            ?? "System.NotImplementedException";
        text.Append("\n{\n");
        text.Append($"#warning KhoGen: {toId} needs values that {fromId} does not have ({members}): replace each Decide call, then delete Decide and this line\n");
        text.Append("return ").Append(creation).Append(";\n\n");
        text.Append($"static T Decide<T>(string member) => throw new {exception}(\"KhoGen: the value of \" + member + \" when converting {fromId} to {toId} is still to be decided\");\n");
        text.Append("}\n");
        return text.ToString();
    }

    /// <summary>The attribute as the user would write it here: <c>KhoUpgrade</c>, or qualified where <c>KhoGen</c> is not imported.</summary>
    static string AttributeName(string metadataName, Compilation compilation, SemanticModel model, int position)
    {
        string name = compilation.GetTypeByMetadataName(metadataName)?.ToMinimalDisplayString(model, position) ?? "global::" + metadataName;
        return name.EndsWith("Attribute", StringComparison.Ordinal) ? name.Substring(0, name.Length - "Attribute".Length) : name;
    }

    /// <summary>A name for the method that no member of <paramref name="host"/> uses yet.</summary>
    public static string FreeName(INamedTypeSymbol host, string preferred, int version)
    {
        string name = preferred;
        for (int i = 2; host.GetMembers(name).Length > 0 || host.Name == name; i++)
            name = preferred + "V" + version.ToString(CultureInfo.InvariantCulture) + (i == 2 ? "" : "_" + (i - 1).ToString(CultureInfo.InvariantCulture));
        return name;
    }

    static ITypeSymbol? MemberType(INamedTypeSymbol type, string name) => type.GetMembers(name).Select(m => m switch
    {
        IPropertySymbol p => p.Type,
        IFieldSymbol f => f.Type,
        _ => null,
    }).FirstOrDefault(t => t is not null);

    /// <summary>
    /// As visible as both types allow: a public method cannot mention an internal type, and the
    /// generated chain can call a private method only from its own type, which is where the stub goes.
    /// </summary>
    static string Accessibility(params INamedTypeSymbol[] types)
    {
        var least = types.Select(Effective).Min();
        return least switch
        {
            Microsoft.CodeAnalysis.Accessibility.Public => "public",
            Microsoft.CodeAnalysis.Accessibility.Internal or Microsoft.CodeAnalysis.Accessibility.ProtectedOrInternal => "internal",
            _ => "private",
        };
    }

    static Accessibility Effective(INamedTypeSymbol type)
    {
        var result = Microsoft.CodeAnalysis.Accessibility.Public;
        for (INamedTypeSymbol? t = type; t is not null; t = t.ContainingType)
        {
            var a = t.DeclaredAccessibility switch
            {
                Microsoft.CodeAnalysis.Accessibility.Public => Microsoft.CodeAnalysis.Accessibility.Public,
                Microsoft.CodeAnalysis.Accessibility.Internal or Microsoft.CodeAnalysis.Accessibility.ProtectedOrInternal => Microsoft.CodeAnalysis.Accessibility.Internal,
                _ => Microsoft.CodeAnalysis.Accessibility.Private,
            };
            if (a < result) result = a;
        }
        return result;
    }
}
