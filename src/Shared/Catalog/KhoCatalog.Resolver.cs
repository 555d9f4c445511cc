using System.Collections.Generic;
using KhoGen.Layout;

namespace KhoGen;

sealed partial class KhoCatalog : ILayoutResolver
{
    Dictionary<string, KhoDataEntry>? _data;
    Dictionary<string, KhoEnumEntry>? _enums;

    bool ILayoutResolver.TryGetData(string name, out bool isClass, out IReadOnlyList<KhoMember> members)
    {
        _data ??= Index(Data, d => d.Name);
        if (_data.TryGetValue(name, out var d))
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
        _enums ??= Index(Enums, e => e.Name);
        return _enums.TryGetValue(name, out var e) ? e : null;
    }

    static Dictionary<string, T> Index<T>(IReadOnlyList<T> items, System.Func<T, string> key)
    {
        var map = new Dictionary<string, T>();
        foreach (var item in items) map[key(item)] = item;
        return map;
    }
}
