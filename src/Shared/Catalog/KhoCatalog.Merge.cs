using System.Collections.Generic;

namespace KhoGen;

sealed partial class KhoCatalog
{
    /// <summary>
    /// One catalog for a whole build: the formats, data types and enums of every part. A format
    /// declared by two parts, or a data type or enum name with two different layouts, is a
    /// build that cannot take part in a live update, and is refused.
    /// </summary>
    /// <exception cref="KhoFormatException">Two parts conflict; the message names both.</exception>
    public static KhoCatalog Merge(string assemblyName, string assemblyVersion, IEnumerable<KhoCatalog> parts)
    {
        var formats = new Dictionary<string, (KhoFormatEntry Entry, string Owner)>();
        var data = new Dictionary<string, (KhoDataEntry Entry, string Owner)>();
        var enums = new Dictionary<string, (KhoEnumEntry Entry, string Owner)>();
        foreach (var part in parts)
        {
            foreach (var f in part.Formats)
            {
                if (formats.TryGetValue(f.Name, out var seen))
                {
                    if (seen.Owner == part.AssemblyName) continue;
                    throw new KhoFormatException($"format '{f.Name}' is declared by both {seen.Owner} and {part.AssemblyName}");
                }
                formats[f.Name] = (f, part.AssemblyName);
            }
            foreach (var d in part.Data)
            {
                if (data.TryGetValue(d.Name, out var seen) && seen.Entry.Fingerprint != d.Fingerprint)
                    throw new KhoFormatException($"data type '{d.Name}' has different layouts in {seen.Owner} and {part.AssemblyName}");
                data[d.Name] = (d, part.AssemblyName);
            }
            foreach (var e in part.Enums)
            {
                if (enums.TryGetValue(e.Name, out var seen) && !SameEnum(seen.Entry, e))
                    throw new KhoFormatException($"enum '{e.Name}' differs between {seen.Owner} and {part.AssemblyName}");
                enums[e.Name] = (e, part.AssemblyName);
            }
        }
        return new KhoCatalog(assemblyName, assemblyVersion,
            Values(formats), Values(data), Values(enums));
    }

    static IEnumerable<T> Values<T>(Dictionary<string, (T Entry, string Owner)> map)
    {
        foreach (var pair in map) yield return pair.Value.Entry;
    }

    static bool SameEnum(KhoEnumEntry a, KhoEnumEntry b)
    {
        if (a.Underlying != b.Underlying || a.Flags != b.Flags || a.Values.Count != b.Values.Count) return false;
        for (int i = 0; i < a.Values.Count; i++)
            if (a.Values[i].Name != b.Values[i].Name || a.Values[i].Value != b.Values[i].Value) return false;
        return true;
    }
}
