using System.Collections.Immutable;
using System.Linq;
using KhoGen.Generator.Emit;
using KhoGen.Generator.Model;
using KhoGen.Generator.Parsing;
using Microsoft.CodeAnalysis;

namespace KhoGen.Generator;

/// <summary>
/// Wires the pipeline: attributed types and conversion methods are parsed into value-equal models
/// (Parsing/, tree by tree and only when they can have changed: <see cref="DeclarationScan"/>), grouped into version chains (Model/FormatFamilies), and written out (Emit/): each
/// type's source once, grouped into at most 64 files by a hash of its name (Emit/SourceGroups), and
/// one catalog per assembly. Rules are reported by the analyzers, not here.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class KhoGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names, so tests can prove each step caches.</summary>
    public static class Steps
    {
        public const string Formats = nameof(Formats);
        public const string Data = nameof(Data);
        public const string Upgrades = nameof(Upgrades);
        public const string Downgrades = nameof(Downgrades);
        public const string Assembly = nameof(Assembly);
        public const string Families = nameof(Families);
        public const string FormatOutputs = nameof(FormatOutputs);
        public const string TypeSources = nameof(TypeSources);
        public const string Groups = nameof(Groups);
        public const string References = nameof(References);
        public const string CatalogTypes = nameof(CatalogTypes);
        public const string LayoutParts = nameof(LayoutParts);
        public const string CatalogFormats = nameof(CatalogFormats);
        public const string CatalogFragments = nameof(CatalogFragments);
        public const string CatalogGroups = nameof(CatalogGroups);
        public const string CatalogFrame = nameof(CatalogFrame);
        public const string Catalog = nameof(Catalog);
        public const string Sources = nameof(Sources);
    }

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // Each tree's declarations, parsed again only when they can have changed (DeclarationScan).
        var declarations = context.CompilationProvider.Select(static (c, ct) => DeclarationScan.Scan(c, ct));

        var formats = declarations.SelectMany(static (trees, _) => trees.SelectMany(t => t.Formats)).WithTrackingName(Steps.Formats);
        var data = declarations.SelectMany(static (trees, _) => trees.SelectMany(t => t.Data)).WithTrackingName(Steps.Data);
        var upgrades = declarations.SelectMany(static (trees, _) => trees.SelectMany(t => t.Upgrades)).WithTrackingName(Steps.Upgrades);
        var downgrades = declarations.SelectMany(static (trees, _) => trees.SelectMany(t => t.Downgrades)).WithTrackingName(Steps.Downgrades);

        var assembly = context.CompilationProvider
            .Select(static (c, _) => new AssemblyModel(
                c.AssemblyName ?? "assembly",
                c.Assembly.Identity.Version.ToString(),
                RetiredParser.Read(c.Assembly).ToEquatableArray()))
            .WithTrackingName(Steps.Assembly);

        var families = formats
            .Where(static t => t.IsValid && t.Format is not null)
            .Select(static (t, _) => new FormatType(t.Format!, t.FullName))
            .Collect()
            .Combine(upgrades.Collect())
            .Combine(downgrades.Collect())
            .Combine(assembly)
            .Select(static (x, _) => new FormatFamilies(
                x.Left.Left.Left.ToEquatableArray(),
                x.Left.Left.Right.Concat(x.Left.Right).ToEquatableArray(),
                x.Right.Retired,
                x.Right.CatalogClass))
            .WithTrackingName(Steps.Families);

        var formatOutputs = formats
            .Where(static t => t.IsValid && t.Format is not null)
            .Combine(families)
            .Select(static (x, _) => new FormatOutput(x.Left, x.Right.ChainFor(x.Left.Format!)))
            .WithTrackingName(Steps.FormatOutputs);

        // Each type's source is written once and kept; the files group them (SourceGroups), so an edit
        // rewrites the one file of the edited type and the driver carries tens of files, not thousands.
        var formatSources = formatOutputs
            .Select(static (o, _) => new TypeSource(o.Type.FullName, TypeEmitter.Emit(o.Type, o.Chain)))
            .WithTrackingName(Steps.TypeSources);
        var dataSources = data.Where(static t => t.IsValid)
            .Select(static (t, _) => new TypeSource(t.FullName, TypeEmitter.Emit(t, null)))
            .WithTrackingName(Steps.TypeSources);
        var groups = formatSources.Collect()
            .Combine(dataSources.Collect())
            .SelectMany(static (x, _) => SourceGroups.Group(x.Left.Concat(x.Right)))
            .WithTrackingName(Steps.Groups);
        context.RegisterSourceOutput(groups, static (spc, g) => spc.AddSource(g.HintName, SourceGroups.Text(g)));

        // Where each format version is declared, relative to the project directory when the build
        // says which it is (build_property.projectdir, visible to generators by default in the SDK).
        var projectDir = context.AnalyzerConfigOptionsProvider
            .Select(static (o, _) => o.GlobalOptions.TryGetValue("build_property.projectdir", out string? dir) ? dir : null);
        var sources = declarations
            .Combine(projectDir)
            .Select(static (x, _) => x.Left.SelectMany(t => t.Sources)
                .Select(s => s with { File = SourcePaths.Relative(s.File, x.Right) }).ToEquatableArray())
            .WithTrackingName(Steps.Sources);

        // The catalog from per-format parts: a format's layout edit recomputes its own part (members,
        // fingerprint, shape) only; what every part resolves against (data types, enums) is one value
        // that stays cached unless a data type or an enum changes.
        // The catalogs embedded in referenced assemblies, where the layouts of their data types come
        // from: a value-equal list of texts, unchanged by edits of this project's sources.
        var references = context.CompilationProvider
            .Select(static (c, ct) => ReferencedCatalogs.Of(c, ct))
            .WithTrackingName(Steps.References);
        var catalogTypes = formats.Collect()
            .Combine(data.Collect())
            .Combine(references)
            .Select(static (x, _) => CatalogBuilder.Types(x.Left.Left, x.Left.Right, x.Right))
            .WithTrackingName(Steps.CatalogTypes);
        var layoutParts = formats
            .Where(static t => t.IsValid && t.Format is not null)
            .Combine(catalogTypes)
            .Select(static (x, _) => CatalogBuilder.Part(x.Left, x.Right))
            .WithTrackingName(Steps.LayoutParts);

        // The catalog's text from cached pieces too: each format's entry (CatalogFormats) and its JSON
        // (CatalogFragments) stay cached unless that format changes; the part files group the texts as
        // the type files group the types, and the index joins them (CatalogEmitter) and changes only when
        // a format name, a data type, an enum or the assembly does.
        var catalogFormats = layoutParts.Collect()
            .Combine(families)
            .Combine(assembly)
            .Combine(sources)
            .SelectMany(static (y, _) => CatalogBuilder.Formats(y.Left.Left.Left, y.Left.Left.Right, y.Left.Right, y.Right))
            .WithTrackingName(Steps.CatalogFormats);
        var fragments = catalogFormats
            .Select(static (f, _) => CatalogEmitter.Fragment(f))
            .WithTrackingName(Steps.CatalogFragments);
        var catalogClass = families.Select(static (f, _) => f.CatalogClass);
        var catalogGroups = fragments.Collect()
            .Combine(catalogClass)
            .SelectMany(static (x, _) => CatalogEmitter.Groups(x.Left, x.Right))
            .WithTrackingName(Steps.CatalogGroups);
        context.RegisterSourceOutput(catalogGroups, static (spc, g) => spc.AddSource(CatalogEmitter.PartHintName(g.Number), CatalogEmitter.Part(g)));

        // The text around the formats: written again only when a data type, an enum or the assembly changes.
        var frame = catalogTypes
            .Combine(assembly)
            .Select(static (x, _) => !x.Left.HasTypes && x.Right.Retired.Count == 0 ? null : CatalogEmitter.Frame(CatalogBuilder.Frame(x.Left, x.Right)))
            .WithTrackingName(Steps.CatalogFrame);
        var catalog = fragments.Collect()
            .Combine(frame)
            .Combine(catalogClass)
            .Select(static (y, _) => y.Left.Right is { } f ? CatalogEmitter.Index(y.Left.Left, f, y.Right) : null)
            .WithTrackingName(Steps.Catalog);

        context.RegisterSourceOutput(catalog, static (spc, index) =>
        {
            if (index is not null) spc.AddSource(CatalogEmitter.HintName, CatalogEmitter.Emit(index));
        });
    }
}
