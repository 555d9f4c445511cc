using System.Linq;
using Microsoft.CodeAnalysis;

namespace KhoGen.Generator.Parsing;

/// <summary>How symbols are named in generated code and in the catalog.</summary>
static class Names
{
    public const string FormatAttribute = "KhoGen.KhoFormatAttribute";
    public const string DataAttribute = "KhoGen.KhoDataAttribute";
    public const string IgnoreAttribute = "KhoGen.KhoIgnoreAttribute";
    public const string UpgradeAttribute = "KhoGen.KhoUpgradeAttribute";
    public const string DowngradeAttribute = "KhoGen.KhoDowngradeAttribute";
    public const string RetiredAttribute = "KhoGen.KhoRetiredAttribute";

    static readonly SymbolDisplayFormat CatalogFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted)
        .WithMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.None);

    /// <summary><c>global::Ns.Outer.Type</c>, for generated code.</summary>
    public static string FullName(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);

    /// <summary>The symbol's name as a C# identifier: a keyword gets an '@' (<c>@class</c>).</summary>
    public static string Identifier(ISymbol symbol) => Identifier(symbol.Name);

    /// <summary><paramref name="name"/> as a C# identifier: a keyword gets an '@' (<c>@class</c>).</summary>
    public static string Identifier(string name) =>
        Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(name) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None ? "@" + name : name;

    /// <summary><c>Ns.Outer.Type</c>, for the catalog; a name that is a grammar keyword gets an '@'.</summary>
    public static string CatalogName(ITypeSymbol type)
    {
        string name = type.ToDisplayString(CatalogFormat);
        return Layout.TypeExpr.IsReserved(name) ? "@" + name : name;
    }

    /// <summary><c>Outer.Type</c>: the catalog name without the namespace.</summary>
    public static string ShortName(ITypeSymbol type)
    {
        string name = type.Name;
        for (var t = type.ContainingType; t is not null; t = t.ContainingType) name = t.Name + "." + name;
        return Layout.TypeExpr.IsReserved(name) ? "@" + name : name;
    }

    /// <summary>
    /// Whether <paramref name="type"/> is or mentions a type the compiler could not resolve (CS0246 and
    /// the like, often code being typed). The compiler reports those; KhoGen's rules stay silent on them.
    /// </summary>
    public static bool HasErrorType(ITypeSymbol type) => type switch
    {
        { TypeKind: TypeKind.Error } => true,
        IArrayTypeSymbol array => HasErrorType(array.ElementType),
        IPointerTypeSymbol pointer => HasErrorType(pointer.PointedAtType),
        INamedTypeSymbol named => named.TypeArguments.Any(HasErrorType),
        _ => false,
    };

    public static bool HasAttribute(ISymbol symbol, string metadataName) =>
        symbol.GetAttributes().Any(a => Is(a.AttributeClass, metadataName));

    public static AttributeData? GetAttribute(ISymbol symbol, string metadataName) =>
        symbol.GetAttributes().FirstOrDefault(a => Is(a.AttributeClass, metadataName));

    /// <summary>Whether <paramref name="type"/> is the type with this metadata name (no compilation lookup needed).</summary>
    public static bool Is(ITypeSymbol? type, string metadataName)
    {
        if (type is null) return false;
        int dot = metadataName.LastIndexOf('.');
        string name = metadataName.Substring(dot + 1);
        int tick = name.IndexOf('`');
        int arity = 0;
        if (tick >= 0)
        {
            arity = int.Parse(name.Substring(tick + 1), System.Globalization.CultureInfo.InvariantCulture);
            name = name.Substring(0, tick);
        }
        if (type.Name != name) return false;
        if (type is INamedTypeSymbol named && named.Arity != arity) return false;
        if (type.ContainingType is not null) return false;
        return NamespaceIs(type.ContainingNamespace, metadataName.Substring(0, dot < 0 ? 0 : dot));
    }

    static bool NamespaceIs(INamespaceSymbol? ns, string expected)
    {
        string actual = ns is null || ns.IsGlobalNamespace ? "" : ns.ToDisplayString();
        return actual == expected;
    }
}
