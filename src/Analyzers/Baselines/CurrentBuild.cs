using System.Collections.Generic;
using System.Linq;
using System.Threading;
using KhoGen.Generator.Emit;
using KhoGen.Generator.Model;
using KhoGen.Generator.Parsing;
using Microsoft.CodeAnalysis;

namespace KhoGen.Analyzers;

/// <summary>
/// The catalog of the compilation being analyzed, made by the generator's own parser and
/// <see cref="CatalogBuilder"/>: the catalog this build embeds and writes to its <c>.kho.json</c>,
/// compared with the baselines by the one comparison (<c>LayoutComparer</c>, <see cref="KhoPlan"/>).
/// </summary>
sealed class CurrentBuild
{
    CurrentBuild(DeclarationIndex index, KhoCatalog own, KhoCatalog whole)
    {
        Index = index;
        Own = own;
        Whole = whole;
    }

    /// <summary>The compilation's format and data types, chains and retired versions.</summary>
    public DeclarationIndex Index { get; }

    /// <summary>This compilation's catalog, exactly as the generator embeds it.</summary>
    public KhoCatalog Own { get; }

    /// <summary>
    /// The build's catalog (<see cref="KhoCatalog.OfBuild"/>), as its .kho.json says it: for an
    /// application, <see cref="Own"/> merged with the catalogs embedded in the referenced assemblies,
    /// so its baseline covers the formats of its libraries too (docs/catalog-format.md).
    /// </summary>
    public KhoCatalog Whole { get; }

    public static CurrentBuild Read(Compilation compilation, CancellationToken cancellationToken)
    {
        var index = LazyDeclarationIndex.For(compilation).Get(cancellationToken);
        // The assembly model as KhoGenerator makes it.
        var assembly = new AssemblyModel(compilation.AssemblyName ?? "assembly", compilation.Assembly.Identity.Version.ToString(), index.Families.Retired);
        var references = ReferencedCatalogs.Of(compilation, cancellationToken);
        KhoCatalog own = CatalogBuilder.Build(index.FormatModels, index.DataModels, index.Families, assembly, references: references).Catalog;

        // The build as its .kho.json describes it (KhoCatalog.OfBuild): an application's covers its references.
        KhoCatalog whole = own;
        try { whole = KhoCatalog.OfBuild(own.AssemblyName, own.AssemblyVersion, IsApplication(compilation), own, ReferencedCatalogs.Readable(compilation, cancellationToken)) ?? own; }
        catch (KhoFormatException) { } // parts that conflict fail the build's catalog step (WriteKhoCatalog) with their own error
        return new CurrentBuild(index, own, whole);
    }

    /// <summary>An application in the sense of <see cref="KhoCatalog.OfBuild"/>: its output has an entry point.</summary>
    static bool IsApplication(Compilation compilation) =>
        compilation.Options.OutputKind is OutputKind.ConsoleApplication or OutputKind.WindowsApplication or OutputKind.WindowsRuntimeApplication;

    /// <summary>The type that declares <paramref name="key"/> here (the one the catalog describes when two do), or null.</summary>
    public INamedTypeSymbol? TypeOf(FormatKey key) =>
        Index.TypesOf(key).OrderBy(Names.FullName, System.StringComparer.Ordinal).FirstOrDefault();

    /// <summary>The [KhoData] type of this compilation that <see cref="Own"/> lists as <paramref name="catalogName"/> (its full or its short name), or null.</summary>
    public INamedTypeSymbol? DataTypeOf(string catalogName)
    {
        var models = Index.DataModels.Where(m => m.IsValid).ToList();
        var model = models.FirstOrDefault(m => m.CatalogName == catalogName) ?? models.FirstOrDefault(m => m.ShortName == catalogName);
        return model is not null && Index.TryGetData(model.FullName, out var type, out _) ? type : null;
    }

    /// <summary>Whether this compilation's own catalog describes <paramref name="key"/> (not a referenced assembly's).</summary>
    public bool Describes(FormatKey key) => Own.FindFormat(key.Name)?.Find(key.Version) is { Fingerprint: not null } && TypeOf(key) is not null;

    /// <summary>
    /// Where to report about a version that has no type here: the type of the nearest version above
    /// it (where its upgrade would go), else the highest below; null when the format has no type here.
    /// </summary>
    public FormatKey? Neighbour(FormatKey key)
    {
        var declared = Index.Versions(key.Name).Where(v => Index.TypesOf(new FormatKey(key.Name, v)).Count > 0).ToList();
        int above = declared.Where(v => v > key.Version).DefaultIfEmpty(0).Min();
        int chosen = above > 0 ? above : declared.DefaultIfEmpty(0).Max();
        return chosen > 0 ? new FormatKey(key.Name, chosen) : null;
    }

    /// <summary>The highest version number this compilation declares or retires for <paramref name="format"/>.</summary>
    public int HighestVersion(string format) => Index.Versions(format).DefaultIfEmpty(0).Max();
}
