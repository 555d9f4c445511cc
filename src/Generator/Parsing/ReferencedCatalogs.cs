using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using KhoGen.Generator.Model;
using Microsoft.CodeAnalysis;

namespace KhoGen.Generator.Parsing;

/// <summary>
/// The catalogs embedded in referenced assemblies (<c>[assembly: KhoCatalog(json)]</c>, written by
/// their own KhoGen generator): where the layout of a [KhoData] type of another assembly comes from
/// (never from its members, which metadata shows but which only its own catalog vouches for), and
/// what an application's build is made of (<see cref="KhoCatalog.OfBuild"/>). One reader for the
/// generator, the declaration rules and the baseline rules.
/// </summary>
static class ReferencedCatalogs
{
    const string CatalogAttribute = "KhoGen.KhoCatalogAttribute";

    /// <summary>A parsed catalog text, or why it could not be read.</summary>
    sealed class Parsed
    {
        public Parsed(KhoCatalog? catalog, string? problem)
        {
            Catalog = catalog;
            Problem = problem;
        }

        public KhoCatalog? Catalog { get; }
        public string? Problem { get; }
    }

    // Keyed by the text's instance: an assembly symbol, and a cached pipeline value, keep theirs.
    static readonly ConditionalWeakTable<string, Parsed> ParsedTexts = new();

    /// <summary>Whether <paramref name="assembly"/> references the KhoGen runtime (only those can carry a catalog; the framework costs nothing).</summary>
    public static bool UsesKhoGen(IAssemblySymbol assembly) =>
        assembly.Name != "KhoGen" && assembly.Modules.Any(m => m.ReferencedAssemblies.Any(r => r.Name == "KhoGen"));

    /// <summary>The catalog text embedded in <paramref name="assembly"/>, or null.</summary>
    public static string? TextOf(IAssemblySymbol assembly)
    {
        if (!UsesKhoGen(assembly)) return null;
        foreach (AttributeData attribute in assembly.GetAttributes())
            if (Names.Is(attribute.AttributeClass, CatalogAttribute) && attribute.ConstructorArguments.Length == 1 &&
                attribute.ConstructorArguments[0].Value is string json)
                return json;
        return null;
    }

    /// <summary>
    /// The catalog embedded in <paramref name="assembly"/>; null when there is none (then
    /// <paramref name="problem"/> is null) or it cannot be read (then it says why).
    /// </summary>
    public static KhoCatalog? Of(IAssemblySymbol assembly, out string? problem)
    {
        problem = null;
        string? json = TextOf(assembly);
        return json is null ? null : Parse(json, assembly.Name, out problem);
    }

    /// <summary>The catalog text <paramref name="json"/> of <paramref name="assembly"/>, parsed once per text.</summary>
    public static KhoCatalog? Parse(string json, string assembly, out string? problem)
    {
        var parsed = ParsedTexts.GetValue(json, text =>
        {
            try { return new Parsed(KhoCatalog.Parse(text, "the catalog embedded in " + assembly), null); }
            catch (KhoFormatException e) { return new Parsed(null, e.Message); }
        });
        problem = parsed.Problem;
        return parsed.Catalog;
    }

    /// <summary>Every referenced assembly's catalog text, in assembly name order: the pipeline's value-equal view of them.</summary>
    public static EquatableArray<ReferencedCatalog> Of(Compilation compilation, CancellationToken cancellationToken)
    {
        var list = new List<ReferencedCatalog>();
        foreach (IAssemblySymbol assembly in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (TextOf(assembly) is { } json)
                list.Add(new ReferencedCatalog(assembly.Name, assembly.Identity.Version.ToString(), json));
        }
        return list.OrderBy(r => r.Assembly, StringComparer.Ordinal).ToEquatableArray();
    }

    /// <summary>The catalogs of <paramref name="compilation"/>'s references that can be read (a broken one is the build task's and the tool's to report).</summary>
    public static IEnumerable<KhoCatalog> Readable(Compilation compilation, CancellationToken cancellationToken)
    {
        foreach (var r in Of(compilation, cancellationToken))
            if (Parse(r.Json, r.Assembly, out _) is { } catalog) yield return catalog;
    }
}
