using System.Collections.Generic;
using KhoGen.Layout;

namespace KhoGen;

sealed partial class KhoCatalog : ILayoutResolver
{
    // Lookups by name, built on first use (a forged catalog may list thousands of entries).
    Dictionary<string, KhoFormatEntry>? _formats;
    Dictionary<string, KhoDataEntry>? _data;
    Dictionary<string, KhoEnumEntry>? _enums;

    bool ILayoutResolver.TryGetData(string name, out bool isClass, out IReadOnlyList<KhoMember> members)
    {
        if (FindData(name) is { } d)
        {
            isClass = d.IsClass;
            members = d.Members;
            return true;
        }
        isClass = false;
        members = System.Array.Empty<KhoMember>();
        return false;
    }

    KhoEnumEntry? ILayoutResolver.GetEnum(string name)
    {
        return FindEnum(name);
    }

    /// <summary>The first entry of each name (a parsed catalog has no duplicates).</summary>
    static Dictionary<string, T> Index<T>(IReadOnlyList<T> items, System.Func<T, string> key)
    {
        var map = new Dictionary<string, T>();
        foreach (var item in items)
            if (!map.ContainsKey(key(item))) map[key(item)] = item;
        return map;
    }
}
