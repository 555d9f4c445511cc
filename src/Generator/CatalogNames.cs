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
    sealed class Builder
    {
        public readonly List<TypeModel> Types = new();
        public readonly List<ConversionModel> Conversions = new();
        public readonly List<FormatKey> Retired = new();
        public readonly List<SourceModel> Sources = new();
    }

    public static EquatableArray<FormatName> Group(EquatableArray<TreeDeclarations> trees, AssemblyModel assembly)
    {
        var names = new Dictionary<string, Builder>();
        var order = new List<string>();
        Builder Of(string name)
        {
            if (!names.TryGetValue(name, out var b))
            {
                names[name] = b = new Builder();
                order.Add(name);
            }
            return b;
        }
        foreach (var tree in trees)
        {
            foreach (var t in tree.Formats)
                if (t.IsValid && t.Format is not null) Of(t.Format.Name).Types.Add(t);
            foreach (var s in tree.Sources) Of(s.Key.Name).Sources.Add(s);
        }
        // Upgrades, then downgrades, each in the compilation's order: as FormatFamilies lists them.
        foreach (var tree in trees)
            foreach (var c in tree.Upgrades) AddConversion(c);
        foreach (var tree in trees)
            foreach (var c in tree.Downgrades) AddConversion(c);
        foreach (var r in assembly.Retired) Of(r.Name).Retired.Add(r);
        return order.Select(n =>
        {
            var b = names[n];
            return new FormatName(n, b.Types.ToEquatableArray(), b.Conversions.ToEquatableArray(), b.Retired.ToEquatableArray(), b.Sources.ToEquatableArray());
        }).ToEquatableArray();

        // A conversion belongs to the version that hosts it (FormatFamilies); an invalid one takes part in no chain.
        void AddConversion(ConversionModel c)
        {
            FormatKey? host = c.IsUpgrade ? c.To : c.From;
            if (c.IsValid && host is not null && names.TryGetValue(host.Name, out var b)) b.Conversions.Add(c);
        }
    }
}
