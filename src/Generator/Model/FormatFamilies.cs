using System.Collections.Generic;
using System.Linq;

namespace KhoGen.Generator.Model;

/// <summary>
/// The formats of a compilation grouped into version chains: which version reads and writes which,
/// through which methods. Both the chain emitter and the catalog ask it: one rule for read/write.
/// </summary>
sealed record FormatFamilies(
    EquatableArray<FormatType> Types,
    EquatableArray<ConversionModel> Conversions,
    EquatableArray<FormatKey> Retired,
    string CatalogClass)
{
    Index? _index; // a cache of the lookups, not part of the value

    public bool Equals(FormatFamilies? other) =>
        other is not null && Types == other.Types && Conversions == other.Conversions &&
        Retired == other.Retired && CatalogClass == other.CatalogClass;

    public override int GetHashCode() => (Types, Conversions, Retired, CatalogClass).GetHashCode();

    sealed class Index
    {
        public readonly Dictionary<FormatKey, string> Types = new();
        public readonly Dictionary<FormatKey, ConversionModel> Up = new();   // keyed by the target version
        public readonly Dictionary<FormatKey, ConversionModel> Down = new(); // keyed by the source version
        public readonly HashSet<FormatKey> Retired = new();
    }

    Index Build()
    {
        if (_index is not null) return _index;
        var index = new Index();
        // A version declared by two types (KHO004) takes part in no chain: wiring one type's
        // conversions to the other would not compile. Competing conversions (KHO008): the first
        // by name wins, so that the output stays deterministic.
        foreach (var g in Types.GroupBy(t => t.Key))
            if (g.Count() == 1) index.Types[g.Key] = g.First().FullName;
        foreach (var c in Conversions.Where(c => c.IsValid).OrderBy(c => c.Method, System.StringComparer.Ordinal))
        {
            FormatKey host = c.IsUpgrade ? c.To! : c.From!;
            if (!index.Types.TryGetValue(host, out string? hostType)) continue;
            if (c.OnlyInside is not null && c.OnlyInside != hostType) continue;
            var map = c.IsUpgrade ? index.Up : index.Down;
            if (!map.ContainsKey(host)) map[host] = c;
        }
        foreach (var r in Retired) index.Retired.Add(r);
        return _index = index;
    }

    /// <summary>Versions from which upgrades lead to <paramref name="key"/>, highest first, retired ones left out.</summary>
    public IReadOnlyList<int> Readable(FormatKey key) => Walk(key, Build().Up);

    /// <summary>Versions to which downgrades lead from <paramref name="key"/>, highest first, retired ones left out.</summary>
    public IReadOnlyList<int> Writable(FormatKey key) => Walk(key, Build().Down);

    List<int> Walk(FormatKey key, Dictionary<FormatKey, ConversionModel> steps)
    {
        var index = Build();
        var versions = new List<int>();
        var at = key;
        while (true)
        {
            if (!index.Retired.Contains(at)) versions.Add(at.Version);
            var lower = new FormatKey(at.Name, at.Version - 1);
            if (!steps.ContainsKey(at) || !index.Types.ContainsKey(lower)) break;
            at = lower;
        }
        return versions;
    }

    /// <summary>The chain of one format version.</summary>
    public ChainModel ChainFor(FormatKey key)
    {
        var index = Build();
        var lower = new FormatKey(key.Name, key.Version - 1);
        index.Types.TryGetValue(lower, out string? lowerType);
        string? up = lowerType is not null && index.Up.TryGetValue(key, out var u) ? u.Method : null;
        string? down = lowerType is not null && index.Down.TryGetValue(key, out var d) ? d.Method : null;
        return new ChainModel(Readable(key).ToEquatableArray(), Writable(key).ToEquatableArray(),
            up is null && down is null ? null : lowerType, up, down, CatalogClass);
    }

    /// <summary>Every format name with its latest version: the highest one not retired.</summary>
    public IEnumerable<(string Name, int Latest)> Latest() =>
        Build().Types.Keys.Where(k => !Build().Retired.Contains(k))
            .GroupBy(k => k.Name).Select(g => (g.Key, g.Max(k => k.Version)));
}

/// <summary>A format version and the type that declares it.</summary>
sealed record FormatType(FormatKey Key, string FullName);
