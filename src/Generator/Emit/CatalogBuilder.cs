using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using KhoGen.Generator.Model;
using KhoGen.Layout;

namespace KhoGen.Generator.Emit;

/// <summary>
/// Builds the compilation's <see cref="KhoCatalog"/> from the parsed types: the same model, JSON
/// and fingerprints that the runtime and the tool read back.
/// </summary>
static class CatalogBuilder
{
    /// <summary>The catalog and the shape of each format version in it.</summary>
    public sealed class Result
    {
        public Result(KhoCatalog catalog, IReadOnlyList<(FormatKey Key, ulong Shape)> shapes)
        {
            Catalog = catalog;
            Shapes = shapes;
        }

        public KhoCatalog Catalog { get; }
        public IReadOnlyList<(FormatKey Key, ulong Shape)> Shapes { get; }
    }

    sealed class Resolver : ILayoutResolver
    {
        public readonly Dictionary<string, (bool IsClass, IReadOnlyList<KhoMember> Members)> Data = new();
        public readonly Dictionary<string, KhoEnumEntry> Enums = new();

        public bool TryGetData(string name, out bool isClass, out IReadOnlyList<KhoMember> members)
        {
            bool found = Data.TryGetValue(name, out var d);
            isClass = d.IsClass;
            members = d.Members ?? new List<KhoMember>();
            return found;
        }

        public KhoEnumEntry? GetEnum(string name) => Enums.TryGetValue(name, out var e) ? e : null;
    }

    /// <summary>The resolver, names and data entries of one <see cref="CatalogTypes"/>, made once per instance (the pipeline passes one instance to every part).</summary>
    sealed class Resolved
    {
        public readonly Resolver Resolver = new();
        public Dictionary<string, string> Rename = new();
        public readonly List<KhoDataEntry> DataEntries = new();
    }

    static readonly ConditionalWeakTable<CatalogTypes, Resolved> ResolvedTypes = new();

    /// <summary>The catalog of the parsed types, every part computed here (what the analyzers ask for).</summary>
    public static Result Build(IEnumerable<TypeModel> formats, IEnumerable<TypeModel> data, FormatFamilies families, AssemblyModel assembly,
        IEnumerable<SourceModel>? sources = null, IEnumerable<ReferencedCatalog>? references = null)
    {
        var formatList = formats.ToList();
        var types = Types(formatList, data, references);
        var parts = formatList.Where(f => f.IsValid && f.Format is not null).Select(f => Part(f, types));
        return Compose(parts, types, families, assembly, sources);
    }

    /// <summary>
    /// The data types and enums the layouts of <paramref name="formats"/> and <paramref name="data"/>
    /// resolve against: their own, and those they take from the catalogs of <paramref name="references"/>.
    /// </summary>
    public static CatalogTypes Types(IEnumerable<TypeModel> formats, IEnumerable<TypeModel> data, IEnumerable<ReferencedCatalog>? references = null) =>
        Types(formats.Select(UsesOf), data, references);

    /// <summary>
    /// The data types and enums the layouts resolve against, from what each format uses outside itself
    /// (<see cref="UsesOf"/>, one value per declared format type, valid or not), the data types, and the
    /// catalogs of <paramref name="references"/>: a format's layout edit leaves its value equal unless it
    /// starts or stops using an enum or a referenced type, so the pipeline does not come here again.
    /// </summary>
    public static CatalogTypes Types(IEnumerable<FormatUses> formatUses, IEnumerable<TypeModel> data, IEnumerable<ReferencedCatalog>? references = null)
    {
        var useList = formatUses.ToList();
        var dataList = data.ToList();
        var dataTypes = dataList.Where(d => d.IsValid).GroupBy(d => d.CatalogName).Select(g => g.First()).ToList();
        // In the order they are first met: the data types' members, then each format's.
        var enums = new Dictionary<string, EnumModel>();
        foreach (var t in dataTypes)
            foreach (var m in t.Members) CollectEnums(m.Shape, enums);
        foreach (var uses in useList)
            foreach (var e in uses.Enums)
                if (!enums.ContainsKey(e.Name)) enums[e.Name] = e;
        var imported = references is null ? ImportedTypes.None : ImportedTypes.Collect(
            dataTypes.SelectMany(t => t.Members).Select(m => m.Shape).Concat(useList.SelectMany(u => u.Imports)), references,
            static (json, assembly) => Parsing.ReferencedCatalogs.Parse(json, assembly, out _));
        return new CatalogTypes(dataTypes.ToEquatableArray(), enums.Values.ToEquatableArray(), useList.Count > 0 || dataList.Count > 0,
            imported == ImportedTypes.None ? null : imported);
    }

    /// <summary>
    /// What the members of <paramref name="type"/> use outside it: the enums, in the order they are
    /// first met, and (a valid type only) the member shapes that name a data type of another assembly.
    /// </summary>
    public static FormatUses UsesOf(TypeModel type)
    {
        var enums = new Dictionary<string, EnumModel>();
        foreach (var m in type.Members) CollectEnums(m.Shape, enums);
        var imports = type.IsValid ? type.Members.Select(m => m.Shape).Where(ImportedTypes.NamesReference).ToEquatableArray() : EquatableArray<TypeShape>.Empty;
        return new FormatUses(enums.Count == 0 ? EquatableArray<EnumModel>.Empty : enums.Values.ToEquatableArray(), imports);
    }

    /// <summary>The catalog's share of one valid format type: its members, fingerprint and shape.</summary>
    public static LayoutPart Part(TypeModel format, CatalogTypes types)
    {
        var resolved = Resolve(types);
        var members = Members(format, resolved.Rename);
        string? fp = TryFingerprint(members, resolved.Resolver);
        ulong shape = fp is null ? 0 : LayoutCanon.Shape(members, resolved.Resolver);
        return new LayoutPart(format.Format!, format.FullName, members.Select(m => new CatalogMember(m.Name, m.Type)).ToEquatableArray(), fp, shape);
    }

    /// <summary>
    /// The catalog from its parts: which versions read and write which (<paramref name="families"/>),
    /// retired versions, and where each version is declared. Nothing here is per-layout work.
    /// </summary>
    public static Result Compose(IEnumerable<LayoutPart> parts, CatalogTypes types, FormatFamilies families, AssemblyModel assembly,
        IEnumerable<SourceModel>? sources = null)
    {
        var formats = Formats(parts, families, assembly, sources);
        var resolved = Resolve(types);
        var catalog = new KhoCatalog(assembly.Name, assembly.Version, formats.Select(Entry), resolved.DataEntries, resolved.Resolver.Enums.Values);
        var shapes = formats.SelectMany(f => f.Versions.Where(v => v.Fingerprint is not null).Select(v => (new FormatKey(f.Name, v.Version), v.Shape)));
        return new Result(catalog, shapes.OrderBy(s => s.Item1.Name, System.StringComparer.Ordinal).ThenBy(s => s.Item1.Version).ToList());
    }

    /// <summary>The catalog without its formats (assembly, data types, enums): what its text is framed by.</summary>
    public static KhoCatalog Frame(CatalogTypes types, AssemblyModel assembly)
    {
        var resolved = Resolve(types);
        return new KhoCatalog(assembly.Name, assembly.Version, Enumerable.Empty<KhoFormatEntry>(), resolved.DataEntries, resolved.Resolver.Enums.Values);
    }

    /// <summary>The catalog's formats in ordinal name order, each a value that stays equal while its versions' entries do.</summary>
    public static EquatableArray<CatalogFormat> Formats(IEnumerable<LayoutPart> parts, FormatFamilies families, AssemblyModel assembly,
        IEnumerable<SourceModel>? sources = null)
    {
        var partsOf = parts.ToLookup(p => p.Key.Name);
        var retiredOf = assembly.Retired.ToLookup(r => r.Name);
        var sourcesOf = (sources ?? Enumerable.Empty<SourceModel>()).ToLookup(s => s.Key.Name);
        var latest = families.Latest().ToDictionary(x => x.Name, x => x.Latest);
        var result = new List<CatalogFormat>();
        foreach (string name in partsOf.Select(g => g.Key).Concat(retiredOf.Select(g => g.Key)).Distinct().OrderBy(n => n, System.StringComparer.Ordinal))
        {
            latest.TryGetValue(name, out int top);
            if (Format(name, partsOf[name], retiredOf[name], sourcesOf[name], families, top) is { } format) result.Add(format);
        }
        return result.ToEquatableArray();
    }

    /// <summary>
    /// The catalog entry of one format name from its declarations alone (the pipeline's per-name step):
    /// its family is made of its own types and conversions, which is all a chain of one name reads.
    /// </summary>
    public static CatalogFormat? Format(FormatName name, CatalogTypes types, string? projectDir)
    {
        var family = new FormatFamilies(name.Types.Select(t => new FormatType(t.Format!, t.FullName)).ToEquatableArray(), name.Conversions, name.Retired, "");
        int top = family.Latest().Select(l => l.Latest).FirstOrDefault();
        return Format(name.Name, name.Types.Select(t => Part(t, types)), name.Retired,
            name.Sources.Select(s => s with { File = SourcePaths.Relative(s.File, projectDir) }), family, top);
    }

    /// <summary>
    /// One name's entry from its parts, retired versions and sources (all of that name), the
    /// <paramref name="families"/> that know its chains and its latest version <paramref name="top"/>
    /// (0: none); null when no version is listed.
    /// </summary>
    static CatalogFormat? Format(string name, IEnumerable<LayoutPart> parts, IEnumerable<FormatKey> retiredKeys, IEnumerable<SourceModel> sources,
        FormatFamilies families, int top)
    {
        // The first declaration of a version wins, as for its type (two types of one version are KHO004).
        var where = new Dictionary<FormatKey, SourceModel>();
        foreach (var s in sources)
            if (!where.ContainsKey(s.Key) && s.File.Length > 0) where[s.Key] = s;

        var byKey = parts.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.OrderBy(p => p.FullName, System.StringComparer.Ordinal).First());
        var retired = new HashSet<FormatKey>(retiredKeys);
        var readable = top > 0 ? new HashSet<int>(families.Readable(new FormatKey(name, top))) : new HashSet<int>();
        var writable = top > 0 ? new HashSet<int>(families.Writable(new FormatKey(name, top))) : new HashSet<int>();
        var versions = new List<CatalogVersion>();
        foreach (int v in byKey.Keys.Concat(retired).Select(k => k.Version).Distinct().OrderBy(v => v))
        {
            var key = new FormatKey(name, v);
            bool isRetired = retired.Contains(key);
            if (!byKey.TryGetValue(key, out var part))
            {
                versions.Add(new CatalogVersion(v, false, false, true, null, EquatableArray<CatalogMember>.Empty, null, 0, 0));
                continue;
            }
            if (part.Fingerprint is null) continue;
            where.TryGetValue(key, out var at);
            versions.Add(new CatalogVersion(v, !isRetired && readable.Contains(v), !isRetired && writable.Contains(v),
                isRetired, part.Fingerprint, part.Members, at?.File, at?.Line ?? 0, part.Shape));
        }
        return versions.Count > 0 ? new CatalogFormat(name, versions.ToEquatableArray()) : null;
    }

    /// <summary>The catalog entry of one format.</summary>
    public static KhoFormatEntry Entry(CatalogFormat f) => new(f.Name, f.Versions.Select(v =>
        new KhoVersionEntry(f.Name, v.Version, v.Read, v.Write, v.Retired, v.Fingerprint,
            v.Members.Select(m => new KhoMember(m.Name, m.Type)), v.File is null ? null : new KhoSource(v.File, v.Line))));

    static Resolved Resolve(CatalogTypes types) => ResolvedTypes.GetValue(types, static t =>
    {
        var resolved = new Resolved();
        var imported = t.Imported ?? ImportedTypes.None;
        // A referenced type keeps its name from its own catalog; one of ours that would take that name takes its full name.
        var taken = new HashSet<string>(imported.Data.Select(d => d.Name).Concat(imported.Enums.Select(e => e.Name)));
        var rename = resolved.Rename = Aliases(t.Data.Select(d => (d.CatalogName, d.ShortName)).Concat(t.Enums.Select(e => (e.Name, e.ShortName))), taken);
        var resolver = resolved.Resolver;
        foreach (var e in imported.Enums)
            resolver.Enums[e.Name] = new KhoEnumEntry(e.Name, e.Underlying, e.Flags, e.Values.Select(v => new KhoEnumValue(v.Name, v.Value)));
        foreach (var e in t.Enums)
            resolver.Enums[rename[e.Name]] = new KhoEnumEntry(rename[e.Name], e.Underlying, e.Flags, e.Values.Select(v => new KhoEnumValue(v.Name, v.Value)));
        foreach (var d in imported.Data)
            resolver.Data[d.Name] = (d.IsClass, d.Members.Select(m => new KhoMember(m.Name, m.Type)).ToList());
        foreach (var d in t.Data)
            resolver.Data[rename[d.CatalogName]] = (!d.IsValueType, Members(d, rename));
        foreach (var d in imported.Data)
        {
            string? fp = TryFingerprint(resolver.Data[d.Name].Members, resolver);
            if (fp is not null && !t.Data.Any(l => rename[l.CatalogName] == d.Name))
                resolved.DataEntries.Add(new KhoDataEntry(d.Name, d.IsClass, fp, resolver.Data[d.Name].Members, new KhoOrigin(d.Origin, d.OriginVersion)));
        }
        foreach (var d in t.Data)
        {
            // A data type that cannot be fingerprinted (it nests in a cycle: KHO011) stays out of the catalog.
            var members = resolver.Data[rename[d.CatalogName]].Members;
            string? fp = TryFingerprint(members, resolver);
            if (fp is not null) resolved.DataEntries.Add(new KhoDataEntry(rename[d.CatalogName], !d.IsValueType, fp, members));
        }
        return resolved;
    });

    static List<KhoMember> Members(TypeModel t, Dictionary<string, string> rename) =>
        t.Members.Select(m => new KhoMember(m.Name, Rename(m.Shape.Catalog, rename))).ToList();

    /// <summary>
    /// Data types and enums appear in the catalog by their name without namespace (<c>Folio</c>)
    /// when no other one of the catalog has that name, else by their full name.
    /// </summary>
    static Dictionary<string, string> Aliases(IEnumerable<(string Full, string Short)> names, HashSet<string> taken)
    {
        var list = names.Distinct().ToList();
        var shortCounts = list.GroupBy(n => n.Short).ToDictionary(g => g.Key, g => g.Count());
        var fullNames = new HashSet<string>(list.Select(n => n.Full));
        var map = new Dictionary<string, string>();
        foreach (var (full, shortName) in list)
            map[full] = shortCounts[shortName] == 1 && (shortName == full || !fullNames.Contains(shortName)) && (shortName == full || !taken.Contains(shortName)) ? shortName : full;
        return map;
    }

    static string Rename(string type, Dictionary<string, string> rename) =>
        TypeExpr.TryParse(type)?.Rename(n => rename.TryGetValue(n, out var r) ? r : n).ToString() ?? type;

    static string? TryFingerprint(IReadOnlyList<KhoMember> members, ILayoutResolver resolver)
    {
        try { return LayoutCanon.Fingerprint(members, resolver); }
        catch (KhoFormatException) { return null; }
    }

    static void CollectEnums(TypeShape s, Dictionary<string, EnumModel> enums)
    {
        if (s.Enum is { } e && !enums.ContainsKey(e.Name)) enums[e.Name] = e;
        foreach (var a in s.Args) CollectEnums(a, enums);
    }
}
