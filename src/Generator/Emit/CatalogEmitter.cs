using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using KhoGen.Generator.Model;
using Microsoft.CodeAnalysis.CSharp;

namespace KhoGen.Generator.Emit;

/// <summary>
/// The assembly's catalog: embedded as <c>[assembly: KhoCatalog(json)]</c> for tools that read
/// metadata, registered with <c>KhoRegistry</c> by a module initializer, and the shape of each
/// format version for envelope and image readers.
/// </summary>
/// <remarks>
/// The catalog's text is one constant, but written in pieces: each format's JSON is a constant of
/// a part file (<c>KhoCatalogNN.g.cs</c>, the formats grouped by a hash of their name as the types
/// are), and the index file (<c>KhoCatalog.g.cs</c>) joins them with the text around them by constant
/// concatenation, which the compiler folds into the one string the attribute and the registry hold.
/// A layout edit thus writes one format's text and one part file; the index changes only when a
/// format name, a data type, an enum or the assembly does (docs/catalog-format.md).
/// </remarks>
static class CatalogEmitter
{
    public const string HintName = "KhoCatalog.g.cs";

    /// <summary>How many format texts one intermediate constant of the index joins (keeps each concatenation short).</summary>
    const int Chunk = 64;

    /// <summary>The hint name of part file <paramref name="number"/>: <c>KhoCatalog07.g.cs</c>.</summary>
    public static string PartHintName(int number) => "KhoCatalog" + number.ToString("D2", CultureInfo.InvariantCulture) + ".g.cs";

    static string PartClass(string className, int number) => className + "_" + number.ToString("D2", CultureInfo.InvariantCulture);

    static string Literal(string s) => SymbolDisplay.FormatLiteral(s, quote: true);

    /// <summary>One format's text and shapes, written once per change of its entry.</summary>
    public static CatalogFragment Fragment(CatalogFormat format) => new(
        format.Name,
        KhoCatalog.FormatJson(CatalogBuilder.Entry(format)),
        format.Versions.Where(v => v.Fingerprint is not null).Select(v => (v.Version, v.Shape)).ToEquatableArray());

    /// <summary>The non-empty part files in number order, each with its formats in ordinal name order.</summary>
    /// <remarks>Made again on every layout edit from every format's text: one pass that files each text, and each part sorted alone.</remarks>
    public static EquatableArray<CatalogGroup> Groups(IEnumerable<CatalogFragment> fragments, string className)
    {
        var parts = new List<CatalogFragment>?[SourceGroups.Count];
        foreach (var f in fragments) (parts[SourceGroups.Of(f.Name)] ??= new List<CatalogFragment>()).Add(f);
        var result = new List<CatalogGroup>();
        for (int number = 0; number < parts.Length; number++)
        {
            if (parts[number] is not { } formats) continue;
            formats.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
            result.Add(new CatalogGroup(number, className, formats.ToEquatableArray()));
        }
        return result.ToEquatableArray();
    }

    /// <summary>The text of <paramref name="catalog"/> around its formats (it has none).</summary>
    public static CatalogFrame Frame(KhoCatalog catalog)
    {
        var (head, tail) = catalog.JsonFrame();
        return new CatalogFrame(catalog.AssemblyName, head, tail);
    }

    /// <summary>The index of the formats named <paramref name="names"/> (in ordinal name order) within <paramref name="frame"/>.</summary>
    public static CatalogIndex Index(IEnumerable<string> names, CatalogFrame frame, string className)
    {
        var slots = new Dictionary<int, int>();
        var formats = new List<(string, int, int)>();
        foreach (string name in names.OrderBy(n => n, System.StringComparer.Ordinal))
        {
            int group = SourceGroups.Of(name);
            slots.TryGetValue(group, out int slot);
            slots[group] = slot + 1;
            formats.Add((name, group, slot));
        }
        return new CatalogIndex(className, frame, formats.ToEquatableArray());
    }

    /// <summary>A part file: each format's text as a constant <c>Fn</c> and its shapes as <c>Sn(version)</c>, n its place in the file.</summary>
    public static string Part(CatalogGroup group)
    {
        var w = Header();
        w.Open("namespace KhoGen.Generated");
        w.Line($"/// <summary>Part {group.Number.ToString(CultureInfo.InvariantCulture)} of the catalog: the text and shapes of the formats whose names fall in it.</summary>");
        w.Line(SourceWriter.GeneratedCode);
        w.Open($"internal static class {PartClass(group.ClassName, group.Number)}");
        for (int i = 0; i < group.Formats.Count; i++)
        {
            var f = group.Formats[i];
            string n = i.ToString(CultureInfo.InvariantCulture);
            if (i > 0) w.Line();
            w.Line("// " + f.Name);
            w.Line($"internal const string F{n} = ", Literal(f.Json), ";");
            // No switch without cases: an empty switch block is warning CS1522 (a format of retired versions only).
            if (f.Shapes.Count == 0) { w.Line($"internal static ulong S{n}(int version) => 0;"); continue; }
            w.Open($"internal static ulong S{n}(int version)");
            w.Open("switch (version)");
            foreach (var (version, shape) in f.Shapes)
                w.Line($"case {version.ToString(CultureInfo.InvariantCulture)}: return 0x{shape.ToString("X16", CultureInfo.InvariantCulture)}UL;");
            w.Close();
            w.Line("return 0;");
            w.Close();
        }
        w.Close();
        w.Close();
        return w.ToString();
    }

    /// <summary>The index file: the attribute, the <c>Json</c> constant joined from the parts, the registration, <c>ShapeOf</c>.</summary>
    public static string Emit(CatalogIndex index)
    {
        string className = index.ClassName;
        var w = Header();
        w.Line($"[assembly: global::KhoGen.KhoCatalogAttribute(global::KhoGen.Generated.{className}.Json)]");
        w.Line();
        w.Open("namespace KhoGen.Generated");
        w.Line("/// <summary>The catalog of this assembly (schema khogen-catalog/1).</summary>");
        w.Line(SourceWriter.GeneratedCode);
        w.Open($"internal static class {className}");
        w.Line("const string Head = ", Literal(index.Frame.Head), ";");
        w.Line("const string Tail = ", Literal(index.Frame.Tail), ";");
        string Ref((string Name, int Group, int Slot) f) => PartClass(className, f.Group) + ".F" + f.Slot.ToString(CultureInfo.InvariantCulture);
        var chunks = new List<string>();
        for (int start = 0; start < index.Formats.Count; start += Chunk)
        {
            string name = "Formats" + chunks.Count.ToString(CultureInfo.InvariantCulture);
            chunks.Add(name);
            w.Line($"const string {name} = " + string.Join(" + \",\" + ", index.Formats.Skip(start).Take(Chunk).Select(Ref)) + ";");
        }
        // The formats joined by commas, the array closed as KhoCatalog.JoinJson closes it.
        w.Line(chunks.Count == 0
            ? "public const string Json = Head + \"]\" + Tail;"
            : "public const string Json = Head + " + string.Join(" + \",\" + ", chunks) + " + " + Literal(KhoCatalog.FormatsClose) + " + Tail;");
        w.Line();
        w.Line("[global::System.Runtime.CompilerServices.ModuleInitializer]");
        w.Line($"internal static void Register() => global::KhoGen.KhoRegistry.Register({Literal(index.Frame.AssemblyName)}, Json);");
        w.Line();
        w.Open("public static ulong ShapeOf(string format, int version)");
        // No switch without cases: an empty switch block is warning CS1522 (data types and no format).
        if (index.Formats.Count > 0)
        {
            w.Open("switch (format)");
            foreach (var f in index.Formats)
                w.Line($"case {Literal(f.Name)}: return {PartClass(className, f.Group)}.S{f.Slot.ToString(CultureInfo.InvariantCulture)}(version);");
            w.Close();
        }
        w.Line("return 0;");
        w.Close();
        w.Close();
        w.Close();
        return w.ToString();
    }

    static SourceWriter Header()
    {
        var w = new SourceWriter();
        w.Line("// <auto-generated/> by KhoGen.Generator");
        w.Line("#nullable disable");
        w.Line("#pragma warning disable CS1591, CA2255");
        w.Line();
        return w;
    }
}
