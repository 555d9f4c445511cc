using System.Collections.Generic;
using System.Linq;
using KhoGen.Generator.Model;

namespace KhoGen.Generator;

/// <summary>The compilation's declarations grouped by format name: one <see cref="FormatName"/> per catalog entry.</summary>
/// <remarks>
/// The grouping is the only step of the catalog that reads every format on a layout edit, and it
/// computes nothing: it files each model, conversion and source line under its name. Names come in
/// the order they are first met (trees in compilation order, then retired versions), which an edit
/// inside a type does not move, so the driver finds every other name's value equal at its place.
/// </remarks>
static class CatalogNames
{
    // Most names have one type, one source line, a conversion or two and nothing retired: lists made when first needed.
    sealed class Builder
    {
        public List<TypeModel>? Types;
        public List<ConversionModel>? Conversions;
        public List<FormatKey>? Retired;
        public List<SourceModel>? Sources;
    }

    static void Add<T>(ref List<T>? list, T item) => (list ??= new List<T>(1)).Add(item);

    static EquatableArray<T> Array<T>(List<T>? list) where T : System.IEquatable<T> => list is null ? EquatableArray<T>.Empty : list.ToEquatableArray();

    public static EquatableArray<FormatName> Group(EquatableArray<TreeDeclarations> trees, AssemblyModel assembly)
    {
        var names = new Dictionary<string, Builder>();
        var order = new List<(string Name, Builder Declarations)>();
        Builder Of(string name)
        {
            if (!names.TryGetValue(name, out var b))
            {
                names[name] = b = new Builder();
                order.Add((name, b));
            }
            return b;
        }
        foreach (var tree in trees)
        {
            foreach (var t in tree.Formats)
                if (t.IsValid && t.Format is not null) Add(ref Of(t.Format.Name).Types, t);
            foreach (var s in tree.Sources) Add(ref Of(s.Key.Name).Sources, s);
        }
        // Upgrades, then downgrades, each in the compilation's order: as FormatFamilies lists them.
        foreach (var tree in trees)
            foreach (var c in tree.Upgrades) AddConversion(c);
        foreach (var tree in trees)
            foreach (var c in tree.Downgrades) AddConversion(c);
        foreach (var r in assembly.Retired) Add(ref Of(r.Name).Retired, r);
        return order.Select(static n => new FormatName(n.Name, Array(n.Declarations.Types), Array(n.Declarations.Conversions),
            Array(n.Declarations.Retired), Array(n.Declarations.Sources))).ToEquatableArray();

        // A conversion belongs to the version that hosts it (FormatFamilies); an invalid one takes part in no chain.
        void AddConversion(ConversionModel c)
        {
            FormatKey? host = c.IsUpgrade ? c.To : c.From;
            if (c.IsValid && host is not null && names.TryGetValue(host.Name, out var b)) Add(ref b.Conversions, c);
        }
    }
}
