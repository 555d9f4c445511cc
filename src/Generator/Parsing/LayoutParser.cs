using System;
using System.Collections.Generic;
using System.Linq;
using KhoGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KhoGen.Generator.Parsing;

/// <summary>
/// Reads the layout of a <c>[KhoFormat]</c> or <c>[KhoData]</c> type (docs/catalog-format.md,
/// "Layout") and how the reader will construct it. The generator and the analyzers both call it,
/// so a type the analyzers accept is exactly a type the generator emits code for.
/// </summary>
static class LayoutParser
{
    /// <summary>Parses <paramref name="type"/>; <paramref name="problems"/> receives every rule it breaks.</summary>
    public static TypeModel Parse(INamedTypeSymbol type, List<Problem>? problems = null) =>
        Parse(type, problems ?? new List<Problem>(), new Dictionary<INamedTypeSymbol, bool>(SymbolEqualityComparer.Default));

    /// <param name="usable">Whether each [KhoData] type seen so far gets generated code (see <see cref="UsesUnusableData"/>).</param>
    static TypeModel Parse(INamedTypeSymbol type, List<Problem> problems, Dictionary<INamedTypeSymbol, bool> usable)
    {
        int before = problems.Count;
        // A type that reaches itself is KHO011's business (the code compiles); assume it usable meanwhile.
        usable[type] = true;
        Location? where = type.Locations.FirstOrDefault();

        FormatKey? format = FormatAttribute.Of(type, problems);
        CheckPartial(type, problems);
        CheckShape(type, where, problems);
        CheckReservedNames(type, problems);
        // Two types with one full name (the compiler's CS0101) would share a generated file name.
        if (type.ContainingSymbol is INamespaceOrTypeSymbol container && container.GetTypeMembers(type.Name, type.Arity).Length > 1)
            problems.Add(Problem.ReportedByCompiler(where));

        var members = new List<(ISymbol Symbol, ITypeSymbol Type, bool Positional)>();
        IMethodSymbol? primary = PrimaryConstructor(type);
        if (primary is not null)
            foreach (var p in primary.Parameters)
            {
                var prop = type.GetMembers(p.Name).FirstOrDefault(m => m is IPropertySymbol or IFieldSymbol);
                if (prop is not null && Names.HasAttribute(prop, Names.IgnoreAttribute)) continue;
                members.Add((prop ?? p, p.Type, true));
            }
        foreach (ISymbol m in type.GetMembers())
        {
            if (m.IsStatic || m.IsImplicitlyDeclared || m.DeclaredAccessibility != Accessibility.Public) continue;
            if (members.Any(x => x.Symbol.Name == m.Name)) continue;
            if (Names.HasAttribute(m, Names.IgnoreAttribute)) continue;
            if (m is IFieldSymbol { IsConst: false } f) members.Add((f, f.Type, false));
            else if (m is IPropertySymbol { IsIndexer: false, GetMethod: not null, SetMethod: not null } p) members.Add((p, p.Type, false));
        }

        CheckOneDeclaration(type, members.Where(m => !m.Positional).Select(m => m.Symbol), problems);

        var models = new List<MemberModel>();
        var dropped = new HashSet<string>(StringComparer.Ordinal); // members with no model, already a problem
        foreach (var m in members)
        {
            // A member being typed (no name yet) or of a type that does not resolve: the compiler says so.
            if (m.Symbol.Name.Length == 0 || Names.HasErrorType(m.Type))
            {
                problems.Add(Problem.ReportedByCompiler(MemberLocation(m.Symbol) ?? where));
                dropped.Add(m.Symbol.Name);
                continue;
            }
            TypeShape? shape = ShapeParser.Parse(m.Type, out string? reason, type.ContainingAssembly);
            if (shape is null)
            {
                problems.Add(new Problem(RuleIds.UnsupportedMemberType, MemberLocation(m.Symbol) ?? where, m.Symbol.Name,
                    m.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat), reason ?? "unsupported"));
                dropped.Add(m.Symbol.Name);
                continue;
            }
            models.Add(new MemberModel(m.Symbol.Name, shape, AssignKind.Initializer));
        }

        var ctorArgs = ChooseConstructor(type, primary, members, models, dropped, where, problems);

        // Code being typed (a declaration without a name yet) and layouts that use a data type that
        // gets no generated code would make generated code that does not compile. The compiler, or
        // the data type's own problems, already say what is wrong: no problem of their own.
        bool complete = IsComplete(type) && members.All(m => m.Symbol.Name.Length > 0);
        bool dataUsable = !members.Any(m => UsesUnusableData(m.Type, usable, type.ContainingAssembly));

        return new TypeModel(
            type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : null,
            Containing(type),
            Keyword(type),
            Names.Identifier(type),
            Names.FullName(type),
            format?.Id ?? Names.CatalogName(type),
            Names.ShortName(type),
            type.IsValueType,
            format,
            models.ToEquatableArray(),
            ctorArgs.ToEquatableArray(),
            problems.Count == before && complete && dataUsable);
    }

    /// <summary>Whether the type, its containing types and namespaces all have names (they do not while being typed).</summary>
    static bool IsComplete(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? t = type; t is not null; t = t.ContainingType)
            if (t.Name.Length == 0) return false;
        for (var ns = type.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
            if (ns.Name.Length == 0) return false;
        return true;
    }

    /// <summary>
    /// Whether <paramref name="type"/> mentions (itself, as an element, key, value or nullable) a
    /// [KhoData] type that gets no generated code because it breaks a rule: the generated code of a
    /// layout that uses it would call members that do not exist.
    /// </summary>
    static bool UsesUnusableData(ITypeSymbol type, Dictionary<INamedTypeSymbol, bool> usable, IAssemblySymbol home)
    {
        switch (type)
        {
            case IArrayTypeSymbol array:
                return UsesUnusableData(array.ElementType, usable, home);
            case INamedTypeSymbol named:
                foreach (var argument in named.TypeArguments)
                    if (UsesUnusableData(argument, usable, home)) return true;
                // A data type of another assembly is usable when its catalog lists it (ShapeParser says when not).
                if (!Names.HasAttribute(named, Names.DataAttribute) || !SymbolEqualityComparer.Default.Equals(named.ContainingAssembly, home)) return false;
                var definition = named.OriginalDefinition;
                if (!usable.TryGetValue(definition, out bool ok))
                {
                    ok = Parse(definition, new List<Problem>(), usable).IsValid;
                    usable[definition] = ok;
                }
                return !ok;
            default:
                return false;
        }
    }

    /// <summary>Where the attribute's nth argument is written, for precise diagnostics.</summary>
    public static Location? AttributeLocation(AttributeData a, int argument)
    {
        if (a.ApplicationSyntaxReference?.GetSyntax() is AttributeSyntax syntax)
        {
            var args = syntax.ArgumentList?.Arguments;
            if (args is { } list && list.Count > argument) return list[argument].GetLocation();
            return syntax.GetLocation();
        }
        return null;
    }

    static Location? MemberLocation(ISymbol member) => member.Locations.FirstOrDefault(l => l.IsInSource);

    static void CheckPartial(INamedTypeSymbol type, List<Problem> problems)
    {
        for (INamedTypeSymbol? t = type; t is not null; t = t.ContainingType)
        {
            bool partial = t.DeclaringSyntaxReferences.Length > 0 && t.DeclaringSyntaxReferences.All(r =>
                r.GetSyntax() is TypeDeclarationSyntax d && d.Modifiers.Any(SyntaxKind.PartialKeyword));
            if (!partial)
                problems.Add(new Problem(RuleIds.NotPartial, (t.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is TypeDeclarationSyntax d2
                    ? d2.Identifier.GetLocation() : t.Locations.FirstOrDefault()), type.Name,
                    SymbolEqualityComparer.Default.Equals(t, type) ? "" : $" (its containing type {t.Name} is not)"));
        }
    }

    static void CheckShape(INamedTypeSymbol type, Location? where, List<Problem> problems)
    {
        string? why = null;
        if (type.IsGenericType || ContainingTypes(type).Any(t => t.IsGenericType)) why = "generic types cannot be format or data types";
        else if (type.IsAbstract || type.IsStatic) why = "abstract and static types cannot be constructed";
        else if (type.IsRefLikeType) why = "ref structs cannot be stored";
        else if (type.IsFileLocal || ContainingTypes(type).Any(t => t.IsFileLocal))
            why = "file-local types cannot be format or data types: their generated part is in another file";
        else if (type.TypeKind == TypeKind.Class && type.BaseType is { SpecialType: not SpecialType.System_Object })
            why = $"it derives from {type.BaseType.Name}; inherited members would not be serialized, so format and data types cannot derive from other types";
        if (why is not null) problems.Add(new Problem(RuleIds.UnsupportedShape, where, type.Name, why));
    }

    /// <summary>The members the generator adds to a format or data type; the user's own must not take these names.</summary>
    static readonly HashSet<string> Generated = new(StringComparer.Ordinal)
    {
        "KhoName", "KhoMinSize", "KhoWrite", "KhoRead", "KhoFormatName", "KhoVersion",
        "KhoReadableVersions", "KhoWritableVersions", "KhoShapeOf", "KhoReadVersion", "KhoWriteVersion",
    };

    static void CheckReservedNames(INamedTypeSymbol type, List<Problem> problems)
    {
        foreach (ISymbol m in type.GetMembers())
        {
            if (!Generated.Contains(m.Name) || m.IsImplicitlyDeclared) continue;
            // The analyzers see the generator's own output too: only the user's declarations count.
            var location = m.Locations.FirstOrDefault(l => l.IsInSource && !l.SourceTree!.FilePath.EndsWith(SourceGroup.FileSuffix, StringComparison.Ordinal));
            if (location is not null)
                problems.Add(new Problem(RuleIds.UnsupportedShape, location, type.Name, $"its member '{m.Name}' has a name the generator uses; rename it"));
        }
    }

    static IEnumerable<INamedTypeSymbol> ContainingTypes(INamedTypeSymbol type)
    {
        for (var t = type.ContainingType; t is not null; t = t.ContainingType) yield return t;
    }

    static void CheckOneDeclaration(INamedTypeSymbol type, IEnumerable<ISymbol> members, List<Problem> problems)
    {
        var declarations = members
            .Select(m => m.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax().FirstAncestorOrSelf<TypeDeclarationSyntax>())
            .Where(d => d is not null)
            .Distinct()
            .ToList();
        if (declarations.Count > 1)
        {
            var second = members.FirstOrDefault(m =>
                m.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax().FirstAncestorOrSelf<TypeDeclarationSyntax>() != declarations[0]);
            problems.Add(new Problem(RuleIds.SplitLayout, second is null ? type.Locations.FirstOrDefault() : MemberLocation(second), type.Name));
        }
    }

    /// <summary>A record's positional (primary) constructor, or null.</summary>
    public static IMethodSymbol? PrimaryConstructor(INamedTypeSymbol type)
    {
        if (!type.IsRecord) return null;
        foreach (var ctor in type.InstanceConstructors)
            if (ctor.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is RecordDeclarationSyntax { ParameterList: not null })
                return ctor;
        return null;
    }

    /// <summary>
    /// Picks the constructor the reader calls: a record's primary constructor, else the one whose
    /// parameters all match members by name and type with the most parameters. Every other member
    /// must be settable (KHO012 otherwise).
    /// </summary>
    static List<int> ChooseConstructor(INamedTypeSymbol type, IMethodSymbol? primary,
        List<(ISymbol Symbol, ITypeSymbol Type, bool Positional)> members, List<MemberModel> models, HashSet<string> dropped, Location? where, List<Problem> problems)
    {
        IMethodSymbol? chosen = primary;
        if (chosen is null)
        {
            foreach (var ctor in type.InstanceConstructors.OrderByDescending(c => c.Parameters.Length))
            {
                if (type.IsRecord && ctor.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(ctor.Parameters[0].Type, type)) continue;
                if (ctor.Parameters.All(p => members.Any(m => Matches(m.Symbol, m.Type, p))))
                {
                    chosen = ctor;
                    break;
                }
            }
        }
        if (chosen is null)
        {
            problems.Add(new Problem(RuleIds.NotConstructible, where, type.Name,
                "no constructor has parameters that all match layout members by name and type, and there is no parameterless constructor"));
            return new List<int>();
        }

        var args = new List<int>();
        var byConstructor = new HashSet<string>();
        foreach (var p in chosen.Parameters)
        {
            int index = models.FindIndex(m => string.Equals(m.Name, p.Name, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                // Either the member has no model (KHO005 or the compiler says why) or it is [KhoIgnore]d.
                if (!dropped.Contains(p.Name))
                    problems.Add(new Problem(RuleIds.NotConstructible, where, type.Name,
                        $"constructor parameter '{p.Name}' is not a layout member (is it [KhoIgnore]?), so the reader has no value for it"));
                return args;
            }
            args.Add(index);
            byConstructor.Add(models[index].Name);
            models[index] = models[index] with { Assign = AssignKind.Constructor };
        }
        foreach (var m in members)
        {
            if (byConstructor.Contains(m.Symbol.Name)) continue;
            bool settable = m.Symbol switch
            {
                IFieldSymbol f => !f.IsReadOnly,
                IPropertySymbol p => p.SetMethod is not null,
                _ => false,
            };
            if (!settable)
                problems.Add(new Problem(RuleIds.NotConstructible, MemberLocation(m.Symbol) ?? where, type.Name,
                    $"member '{m.Symbol.Name}' is neither a constructor parameter nor settable"));
        }
        return args;
    }

    static bool Matches(ISymbol member, ITypeSymbol memberType, IParameterSymbol p) =>
        string.Equals(member.Name, p.Name, StringComparison.OrdinalIgnoreCase) &&
        SymbolEqualityComparer.Default.Equals(memberType.WithNullableAnnotation(NullableAnnotation.None), p.Type.WithNullableAnnotation(NullableAnnotation.None));

    static EquatableArray<ContainingType> Containing(INamedTypeSymbol type)
    {
        var list = new List<ContainingType>();
        for (var t = type.ContainingType; t is not null; t = t.ContainingType)
            list.Insert(0, new ContainingType(Keyword(t), Names.Identifier(t)));
        return list.ToEquatableArray();
    }

    static string Keyword(INamedTypeSymbol t) => t switch
    {
        { IsRecord: true, IsValueType: true } => "record struct",
        { IsRecord: true } => "record",
        { TypeKind: TypeKind.Struct } => "struct",
        { TypeKind: TypeKind.Interface } => "interface",
        _ => "class",
    };
}
