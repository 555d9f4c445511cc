using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using KhoGen.Generator.Model;
using KhoGen.Generator.Parsing;
using KhoGen.Layout;

namespace KhoGen.CodeFixes;

/// <summary>
/// The C# declarations of a format version exactly as a baseline records it (KHO101's fix): a
/// positional record whose members have the shipped types, in the shipped order. A member keeps
/// the user's C# type when that type is still written the way it shipped (so <c>List&lt;T&gt;</c>
/// stays a list and an unchanged <c>[KhoData]</c> type is shared); a data type or enum that changed
/// is copied as it shipped, named <c>{Name}V{n}</c>. The result's fingerprint is the baseline's.
/// </summary>
sealed class ShippedLayout
{
    readonly KhoCatalog _baseline;
    readonly ModelResolver _current;
    readonly int _version;
    readonly string _accessibility;
    readonly Func<string, bool> _isTaken;
    readonly Dictionary<string, string> _names = new();   // baseline data/enum name -> C# type here
    readonly List<string> _copies = new();                // declarations of the copies made

    ShippedLayout(KhoCatalog baseline, ModelResolver current, int version, string accessibility, Func<string, bool> isTaken)
    {
        _baseline = baseline;
        _current = current;
        _version = version;
        _accessibility = accessibility;
        _isTaken = isTaken;
    }

    /// <summary>
    /// The declarations, fully qualified (for the simplifier): the format type first, then the copies
    /// of data types and enums it needs.
    /// </summary>
    /// <param name="shipped">The version as the baseline records it.</param>
    /// <param name="baseline">The baseline's catalog, which resolves the names in <paramref name="shipped"/>.</param>
    /// <param name="edited">The user's type that declares the version now.</param>
    /// <param name="models">Every format and data type of the compilation, as the generator parses them.</param>
    /// <param name="name">The rebuilt type's name.</param>
    /// <param name="accessibility">Its accessibility keyword(s), also used for the copies.</param>
    /// <param name="isTaken">Whether a type name is already used where the declarations go.</param>
    public static List<string> Declarations(KhoVersionEntry shipped, KhoCatalog baseline, TypeModel edited, IEnumerable<TypeModel> models,
        string name, string accessibility, Func<string, bool> isTaken)
    {
        var builder = new ShippedLayout(baseline, new ModelResolver(models), shipped.Version, accessibility, isTaken);
        string members = builder.Members(shipped.Members, edited);
        var text = new StringBuilder();
        text.Append($"[global::KhoGen.KhoFormat(\"{shipped.Format}\", {shipped.Version.ToString(CultureInfo.InvariantCulture)})]\n");
        text.Append($"{accessibility} partial {(edited.IsValueType ? "record struct" : "record")} {name}({members});\n");
        var result = new List<string> { text.ToString() };
        result.AddRange(builder._copies);
        return result;
    }

    /// <summary>Positional parameters for <paramref name="members"/>, reusing <paramref name="user"/>'s member types that still match.</summary>
    string Members(IReadOnlyList<KhoMember> members, TypeModel? user) => string.Join(", ", members.Select(m =>
    {
        var mine = user?.Members.FirstOrDefault(u => u.Name == m.Name);
        string type = mine is not null && SameWire(m.Type, mine.Shape.Catalog) ? mine.Shape.CSharp : CSharp(Parse(m.Type));
        return type + " " + Names.Identifier(m.Name);
    }));

    bool SameWire(string shippedType, string currentType)
    {
        try { return Canonical(shippedType, _baseline) == Canonical(currentType, _current); }
        catch (KhoFormatException) { return false; }
    }

    static string Canonical(string type, ILayoutResolver resolver) =>
        LayoutCanon.Canonical(new[] { new KhoMember("_", type) }, resolver, enumValues: true);

    static TypeExpr Parse(string type) => TypeExpr.TryParse(type) ?? throw new KhoFormatException($"malformed type '{type}'");

    string CSharp(TypeExpr t) => t.Kind switch
    {
        TypeKind.Scalar => Scalar(t.Name),
        TypeKind.Nullable => CSharp(t.Args[0]) + "?",
        TypeKind.Seq => $"global::System.Collections.Generic.IReadOnlyList<{CSharp(t.Args[0])}>",
        TypeKind.Map => $"global::System.Collections.Generic.IReadOnlyDictionary<{CSharp(t.Args[0])}, {CSharp(t.Args[1])}>",
        TypeKind.Sparse => $"global::KhoGen.KhoArray<{CSharp(t.Args[0])}>",
        _ => Named(t.Name),
    };

    static string Scalar(string keyword) =>
        keyword == "bytes" ? "byte[]"
        : KhoGen.Layout.Scalars.Find(keyword)?.CSharp ?? throw new KhoFormatException($"unknown scalar type '{keyword}'");

    /// <summary>The C# type for a baseline data type or enum: the user's when it is written as it shipped, else a copy.</summary>
    string Named(string name)
    {
        if (_names.TryGetValue(name, out string? known)) return known;
        string shipped = Canonical(name, _baseline);
        string? reused = _current.Candidates(name).FirstOrDefault(c => Canonical(c.CatalogName, _current) == shipped).CSharp;
        if (reused is not null) return _names[name] = reused;

        string copy = FreeName(name);
        _names[name] = copy;
        if (_baseline.FindEnum(name) is { } e)
        {
            _copies.Add(EnumCopy(e, copy));
            return copy;
        }
        KhoDataEntry data = _baseline.FindData(name) ?? throw new KhoFormatException($"type '{name}' is neither a data type nor an enum of the baseline");
        // The copy keeps the member types of the user's data type of that name where they still match.
        TypeModel? user = _current.DataCandidates(name).FirstOrDefault();
        string members = Members(data.Members, user);
        _copies.Add($"[global::KhoGen.KhoData]\n{_accessibility} partial {(data.IsClass ? "record" : "record struct")} {copy}({members});\n");
        return copy;
    }

    string EnumCopy(KhoEnumEntry e, string name)
    {
        bool unsigned = KhoGen.Layout.Scalars.IsUnsigned(e.Underlying);
        var values = e.Values.Select(v => $"{Names.Identifier(v.Name)} = " +
            (unsigned ? ((ulong)v.Value).ToString(CultureInfo.InvariantCulture) : v.Value.ToString(CultureInfo.InvariantCulture)));
        return (e.Flags ? "[global::System.Flags]\n" : "") +
            $"{_accessibility} enum {name} : {Scalar(e.Underlying)} {{ {string.Join(", ", values)} }}\n";
    }

    /// <summary><c>Folio</c> shipped in version 1 and changed since: <c>FolioV1</c> (then <c>FolioV1_2</c>… if taken).</summary>
    string FreeName(string catalogName)
    {
        string simple = catalogName.Substring(catalogName.LastIndexOf('.') + 1).TrimStart('@');
        string name = simple + "V" + _version.ToString(CultureInfo.InvariantCulture);
        string candidate = name;
        for (int i = 2; _isTaken(candidate) || _names.ContainsValue(candidate); i++) candidate = name + "_" + i.ToString(CultureInfo.InvariantCulture);
        return candidate;
    }

    /// <summary>
    /// The compilation's data types and enums by their full catalog names (as <see cref="TypeShape.Catalog"/>
    /// writes them), so layouts can be put in canonical form without the catalog's short aliases.
    /// </summary>
    sealed class ModelResolver : ILayoutResolver
    {
        readonly Dictionary<string, TypeModel> _data = new();
        readonly Dictionary<string, (EnumModel Model, string CSharp)> _enums = new();

        public ModelResolver(IEnumerable<TypeModel> models)
        {
            foreach (var model in models.Where(m => m.IsValid))
            {
                if (model.Format is null) _data[model.CatalogName] = model;
                foreach (var member in model.Members) CollectEnums(member.Shape);
            }
        }

        void CollectEnums(TypeShape shape)
        {
            if (shape.Enum is { } e) _enums[e.Name] = (e, shape.CSharp);
            foreach (var arg in shape.Args) CollectEnums(arg);
        }

        public bool TryGetData(string name, out bool isClass, out IReadOnlyList<KhoMember> members)
        {
            bool found = _data.TryGetValue(name, out var d);
            isClass = found && !d!.IsValueType;
            members = found ? d!.Members.Select(m => new KhoMember(m.Name, m.Shape.Catalog)).ToList() : new List<KhoMember>();
            return found;
        }

        public KhoEnumEntry? GetEnum(string name) => _enums.TryGetValue(name, out var e)
            ? new KhoEnumEntry(e.Model.Name, e.Model.Underlying, e.Model.Flags, e.Model.Values.Select(v => new KhoEnumValue(v.Name, v.Value)))
            : null;

        /// <summary>Data types and enums here that a baseline name may mean: same full name, or same name without namespace.</summary>
        public IEnumerable<(string CatalogName, string CSharp)> Candidates(string name) =>
            _data.Values.Where(d => d.CatalogName == name || d.ShortName == name).Select(d => (d.CatalogName, d.FullName))
                .Concat(_enums.Values.Where(e => e.Model.Name == name || e.Model.ShortName == name).Select(e => (e.Model.Name, e.CSharp)));

        public IEnumerable<TypeModel> DataCandidates(string name) => _data.Values.Where(d => d.CatalogName == name || d.ShortName == name);
    }
}
