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
        public const string FormatUses = nameof(FormatUses);
        public const string References = nameof(References);
        public const string CatalogTypes = nameof(CatalogTypes);
        public const string FormatNames = nameof(FormatNames);
        public const string CatalogFormats = nameof(CatalogFormats);
        public const string CatalogFragments = nameof(CatalogFragments);
        public const string CatalogGroups = nameof(CatalogGroups);
        public const string CatalogFrame = nameof(CatalogFrame);
        public const string IndexNames = nameof(IndexNames);
        public const string Catalog = nameof(Catalog);
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

        // One node for both users: every node of the pipeline is a table of 5,000 entries at 5,000 types, on every run.
        var validFormats = formats.Where(static t => t.IsValid && t.Format is not null);
        var families = validFormats
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

        var formatOutputs = validFormats
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

        // The catalog per format name, each name's entry computed from its own declarations only (its
        // versions' layouts, its chains, its retired versions, where it is declared), so a layout edit
        // recomputes the edited name's entry and no other: the names are grouped before anything is
        // computed (FormatNames), not collected after. What every layout resolves against (data types,
        // enums, referenced data types) is one value, made from what each format uses outside itself
        // (FormatUses), which a layout edit leaves equal: it stays cached unless a data type, an enum or
        // a referenced catalog changes.
        var formatUses = formats
            .Select(static (t, _) => CatalogBuilder.UsesOf(t))
            .WithTrackingName(Steps.FormatUses);
        // The catalogs embedded in referenced assemblies, where the layouts of their data types come
        // from: a value-equal list of texts, unchanged by edits of this project's sources.
        var references = context.CompilationProvider
            .Select(static (c, ct) => ReferencedCatalogs.Of(c, ct))
            .WithTrackingName(Steps.References);
        var catalogTypes = formatUses.Collect()
            .Combine(data.Collect())
            .Combine(references)
            .Select(static (x, _) => CatalogBuilder.Types(x.Left.Left, x.Left.Right, x.Right))
            .WithTrackingName(Steps.CatalogTypes);
        var formatNames = declarations
            .Combine(assembly)
            .SelectMany(static (x, _) => CatalogNames.Group(x.Left, x.Right))
            .WithTrackingName(Steps.FormatNames);
        // Where each format version is declared is written relative to the project directory when the
        // build says which it is (build_property.projectdir, visible to generators by default in the SDK).
        var projectDir = context.AnalyzerConfigOptionsProvider
            .Select(static (o, _) => o.GlobalOptions.TryGetValue("build_property.projectdir", out string? dir) ? dir : null);
        var catalogFormats = formatNames
            .Combine(catalogTypes.Combine(projectDir))
            .SelectMany(static (x, _) => CatalogBuilder.Format(x.Left, x.Right.Left, x.Right.Right) is { } f
                ? ImmutableArray.Create(f) : ImmutableArray<CatalogFormat>.Empty)
            .WithTrackingName(Steps.CatalogFormats);

        // The catalog's text from cached pieces too: each format's entry (CatalogFormats) and its JSON
        // (CatalogFragments) stay cached unless that format changes; the part files group the texts as
        // the type files group the types, and the index joins them (CatalogEmitter) and changes only when
        // a format name, a data type, an enum or the assembly does.
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
        // The index reads the formats' names only, which a layout edit leaves equal: it is not even made again.
        var names = catalogFormats
            .Select(static (f, _) => f.Name)
            .WithTrackingName(Steps.IndexNames);
        var catalog = names.Collect()
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
