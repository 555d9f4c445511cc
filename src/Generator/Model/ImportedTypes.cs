using System.Collections.Generic;
using System.Linq;
using KhoGen.Layout;

namespace KhoGen.Generator.Model;

/// <summary>A referenced assembly's embedded catalog, as the pipeline carries it: its name, version and text.</summary>
sealed record ReferencedCatalog(string Assembly, string Version, string Json);

/// <summary>
/// A data type of another assembly, as that assembly's catalog gives it: its catalog name there
/// (kept here, so an application that merges both catalogs sees one type), its layout, and the
/// assembly that declares it.
/// </summary>
sealed record ImportedData(string Name, bool IsClass, EquatableArray<CatalogMember> Members, string Origin, string OriginVersion);

/// <summary>
/// One catalog name that two referenced assemblies give to different data types or enums (or one
/// assembly at two versions, through two references built against each): the build cannot say which
/// layout the name means (KHO014).
/// </summary>
sealed record ImportConflict(string Name, string First, string Second, string Why);

/// <summary>
/// The data types (and their data types and enums) that the layouts of this compilation take from
/// referenced assemblies, read from those assemblies' catalogs: what the catalog resolves imported
/// names against, and what it lists with their origins.
/// </summary>
sealed record ImportedTypes(EquatableArray<ImportedData> Data, EquatableArray<EnumModel> Enums, EquatableArray<ImportConflict> Conflicts)
{
    public static readonly ImportedTypes None = new(EquatableArray<ImportedData>.Empty, EquatableArray<EnumModel>.Empty, EquatableArray<ImportConflict>.Empty);

    /// <summary>
    /// The closure of the referenced data types that <paramref name="shapes"/> name (a data shape with
    /// an origin), each with what its layout names in turn, from the catalog of the assembly that
    /// declares it. Deterministic: in the order the shapes and members name them.
    /// </summary>
    public static ImportedTypes Collect(IEnumerable<TypeShape> shapes, IEnumerable<ReferencedCatalog> references,
        System.Func<string, string, KhoCatalog?> parse)
    {
        var queue = new Queue<(string Assembly, string Name)>();
        foreach (var s in shapes) Roots(s, queue);
        if (queue.Count == 0) return None; // nothing from references: no catalog is read

        var catalogs = new Dictionary<string, KhoCatalog?>();
        foreach (var r in references)
            if (!catalogs.ContainsKey(r.Assembly)) catalogs[r.Assembly] = parse(r.Json, r.Assembly);

        var data = new Dictionary<string, ImportedData>();
        var dataOrder = new List<string>();
        var enums = new Dictionary<string, (EnumModel Model, string Owner)>();
        var enumOrder = new List<string>();
        var conflicts = new List<ImportConflict>();

        var seen = new HashSet<(string, string)>();
        while (queue.Count > 0)
        {
            var (assembly, name) = queue.Dequeue();
            if (!seen.Add((assembly, name))) continue;
            if (!catalogs.TryGetValue(assembly, out var catalog) || catalog?.FindData(name) is not { } entry) continue;
            var origin = entry.Origin ?? new KhoOrigin(catalog.AssemblyName, catalog.AssemblyVersion);
            var imported = new ImportedData(name, entry.IsClass, entry.Members.Select(m => new CatalogMember(m.Name, m.Type)).ToEquatableArray(),
                origin.Assembly, origin.Version);
            if (data.TryGetValue(name, out var first))
            {
                if (first != imported) conflicts.Add(Conflict(name, first, imported));
                continue;
            }
            data[name] = imported;
            dataOrder.Add(name);

            var names = new List<string>();
            foreach (var m in entry.Members) TypeExpr.TryParse(m.Type)?.CollectNames(names);
            foreach (string n in names)
            {
                if (catalog.FindData(n) is not null) queue.Enqueue((assembly, n));
                else if (catalog.FindEnum(n) is { } e)
                {
                    var model = new EnumModel(e.Name, e.Name, e.Underlying, e.Flags, e.Values.Select(v => new EnumValueModel(v.Name, v.Value)).ToEquatableArray());
                    if (enums.TryGetValue(n, out var had))
                    {
                        if (had.Model != model)
                            conflicts.Add(new ImportConflict(n, had.Owner, catalog.AssemblyName + " " + catalog.AssemblyVersion, "their values differ"));
                        continue;
                    }
                    enums[n] = (model, catalog.AssemblyName + " " + catalog.AssemblyVersion);
                    enumOrder.Add(n);
                }
            }
        }
        if (dataOrder.Count == 0 && conflicts.Count == 0) return None;
        return new ImportedTypes(dataOrder.Select(n => data[n]).ToEquatableArray(), enumOrder.Select(n => enums[n].Model).ToEquatableArray(),
            conflicts.Distinct().ToEquatableArray());
    }

    static ImportConflict Conflict(string name, ImportedData first, ImportedData second)
    {
        string a = first.Origin + " " + first.OriginVersion, b = second.Origin + " " + second.OriginVersion;
        string why = first.Origin != second.Origin
            ? "two assemblies declare a data type of that name"
            : first.OriginVersion != second.OriginVersion
                ? $"the references were built against different versions of {first.Origin}"
                : "their layouts differ";
        return new ImportConflict(name, a, b, why);
    }

    /// <summary>Whether <paramref name="s"/> or a shape inside it names a data type of another assembly.</summary>
    public static bool NamesReference(TypeShape s) => (s.Kind == ShapeKind.Data && s.Origin is not null) || s.Args.Any(NamesReference);

    static void Roots(TypeShape s, Queue<(string, string)> queue)
    {
        if (s.Kind == ShapeKind.Data && s.Origin is { } origin) queue.Enqueue((origin, s.Keyword));
        foreach (var a in s.Args) Roots(a, queue);
    }
}
