using System.Collections.Generic;
using System.Linq;
using KhoGen.Generator.Model;
using Microsoft.CodeAnalysis;

namespace KhoGen.Generator.Parsing;

/// <summary>Reads a <c>[KhoUpgrade]</c> or <c>[KhoDowngrade]</c> method and checks its shape (KHO008).</summary>
static class ConversionParser
{
    public static ConversionModel Parse(IMethodSymbol method, bool isUpgrade, List<Problem>? problems = null)
    {
        problems ??= new List<Problem>();
        string attribute = isUpgrade ? "[KhoUpgrade]" : "[KhoDowngrade]";
        string expected = isUpgrade ? "static TVn M(TVn-1 value)" : "static TVn-1 M(TVn value)";
        Location? where = method.Locations.FirstOrDefault();
        string name = Names.FullName(method.ContainingType) + "." + method.Name;

        FormatKey? from = method.Parameters.Length == 1 ? FormatAttribute.Of(method.Parameters[0].Type) : null;
        FormatKey? to = FormatAttribute.Of(method.ReturnType);

        // A parameter or return type that does not resolve (yet): the compiler reports it, KHO008 stays silent.
        if (method.Parameters.Any(p => Names.HasErrorType(p.Type)) || Names.HasErrorType(method.ReturnType))
        {
            problems.Add(Problem.ReportedByCompiler(where));
            return new ConversionModel(isUpgrade, from, to, name, null, IsValid: false);
        }

        string? why = null;
        if (!method.IsStatic) why = "it must be static";
        else if (method.IsGenericMethod) why = "it must not be generic";
        else if (InGenericType(method.ContainingType)) why = "it must not be declared in a generic type";
        else if (method.Parameters.Length != 1) why = "it must take exactly one parameter";
        else if (method.Parameters[0].RefKind != RefKind.None) why = "its parameter must be passed by value";
        else if (from is null) why = $"its parameter type {Display(method.Parameters[0].Type)} is not a [KhoFormat] type";
        else if (to is null) why = $"its return type {Display(method.ReturnType)} is not a [KhoFormat] type";
        else if (from.Name != to.Name) why = $"it converts between two formats ('{from.Name}' and '{to.Name}')";
        else if (isUpgrade && to.Version != from.Version + 1) why = $"it converts {from.Id} to {to.Id}; an upgrade goes from version n-1 to n";
        else if (!isUpgrade && to.Version != from.Version - 1) why = $"it converts {from.Id} to {to.Id}; a downgrade goes from version n to n-1";
        else if (!Callable(method, isUpgrade ? method.ReturnType : method.Parameters[0].Type))
            why = $"it is not accessible from the generated code in {Display(isUpgrade ? method.ReturnType : method.Parameters[0].Type)}: make it internal or public, or declare it in that type";

        if (why is not null) problems.Add(new Problem(RuleIds.BadConversion, where, attribute, method.Name, why, expected));

        string? onlyInside = method.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal
            ? Names.FullName(method.ContainingType)
            : null;
        return new ConversionModel(isUpgrade, from, to, name, onlyInside, why is null);
    }

    static string Display(ITypeSymbol t) => t.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);

    /// <summary>A private method is callable only from its own type, where the chain is emitted if that is the newer version.</summary>
    static bool Callable(IMethodSymbol method, ITypeSymbol host)
    {
        if (SymbolEqualityComparer.Default.Equals(method.ContainingType, host)) return true;
        if (method.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal)
            return SymbolEqualityComparer.Default.Equals(method.ContainingType, host);
        for (var t = method.ContainingType; t is not null; t = t.ContainingType)
            if (t.IsFileLocal || t.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal) return false;
        return true;
    }

    static bool InGenericType(INamedTypeSymbol? type)
    {
        for (; type is not null; type = type.ContainingType)
            if (type.IsGenericType) return true;
        return false;
    }
}
