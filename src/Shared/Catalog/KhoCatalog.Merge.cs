using System.Collections.Generic;

namespace KhoGen;

sealed partial class KhoCatalog
{
    /// <summary>
    /// One catalog for a whole build: the formats, data types and enums of every part. A format
    /// declared by two parts, or a data type or enum name with two different layouts, is a
    /// build that cannot take part in a live update, and is refused.
    /// </summary>
    /// <remarks>
    /// A catalog that spans several assemblies says where each format and data type came from: every
    /// entry gets its <c>origin</c> (the one it had, for a data type a part took from a reference;
    /// else that part's assembly and version), so version skew between subsystems is visible.
    /// </remarks>
    /// <exception cref="KhoFormatException">Two parts conflict; the message names both.</exception>
    public static KhoCatalog Merge(string assemblyName, string assemblyVersion, IEnumerable<KhoCatalog> parts)
    {
        var partList = new List<KhoCatalog>(parts);
        var names = new HashSet<string>();
        foreach (var part in partList) names.Add(part.AssemblyName);
        bool several = names.Count > 1;
        var formats = new Dictionary<string, (KhoFormatEntry Entry, string Owner)>();
        var data = new Dictionary<string, (KhoDataEntry Entry, string Owner)>();
        var enums = new Dictionary<string, (KhoEnumEntry Entry, string Owner)>();
        foreach (var part in partList)
        {
            var self = new KhoOrigin(part.AssemblyName, part.AssemblyVersion);
            foreach (var f0 in part.Formats)
            {
                var f = several && f0.Origin is null ? f0.WithOrigin(self) : f0;
                if (formats.TryGetValue(f.Name, out var seen))
                {
                    if (seen.Owner == part.AssemblyName) continue;
                    throw new KhoFormatException($"format '{f.Name}' is declared by both {seen.Owner} and {part.AssemblyName}");
                }
                formats[f.Name] = (f, part.AssemblyName);
            }
            foreach (var d0 in part.Data)
            {
                var d = several && d0.Origin is null ? d0.WithOrigin(self) : d0;
                if (data.TryGetValue(d.Name, out var seen))
                {
                    if (seen.Entry.Fingerprint != d.Fingerprint)
                        throw new KhoFormatException($"data type '{d.Name}' has different layouts in {Describe(seen.Owner, seen.Entry.Origin)} and {Describe(part.AssemblyName, d.Origin)}" +
                            (seen.Entry.Origin is { } a && d.Origin is { } b && a.Assembly == b.Assembly && a.Version != b.Version
                                ? $": they were built against different versions of {a.Assembly}; build every part against the same one"
                                : ""));
                    continue; // the first keeps its origin
                }
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

    /// <summary><c>Cache</c>, or <c>Cache (from Model 1.0.0.0)</c> for a type it took from a reference.</summary>
    static string Describe(string owner, KhoOrigin? origin) =>
        origin is null || origin.Assembly == owner ? owner : $"{owner} (from {origin})";

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
