using System;
using System.Collections.Generic;
using System.Linq;
using KhoGen.Generator.Model;

namespace KhoGen.Generator.Emit;

/// <summary>
/// Which generated file a type's source goes to: one of <see cref="Count"/> files, chosen by a stable
/// hash of the type's full name, the types of a file in ordinal name order.
/// </summary>
/// <remarks>
/// The generator driver pays for every generated file on every run, changed or not (about 30 µs a
/// file: 150 ms an edit at 5,000 files; docs/benchmarks.md, section 6'). A bounded number of files
/// keeps that cost flat, and a type's group depends on its own name only, so editing one type
/// rewrites one file, and adding or removing a type moves no other type.
/// </remarks>
static class SourceGroups
{
    /// <summary>How many files the types' sources are spread over, at most.</summary>
    public const int Count = 64;

    /// <summary>The group of a type: FNV-1a of its name's UTF-16 code units (string.GetHashCode differs between processes).</summary>
    public static int Of(string fullName)
    {
        uint hash = 2166136261;
        foreach (char c in fullName)
        {
            hash = (hash ^ (byte)c) * 16777619;
            hash = (hash ^ (byte)(c >> 8)) * 16777619;
        }
        return (int)(hash % Count);
    }

    /// <summary>
    /// The non-empty groups in number order. A name declared twice (an error the compiler reports)
    /// is emitted once, the first of its sources in ordinal order, so the output does not depend
    /// on the order of the compilation's files.
    /// </summary>
    /// <remarks>It reads every type on every edit that changes one, so it is written without LINQ's groupings: one pass to pick each name's source, one to file it, and each group sorted alone.</remarks>
    public static EquatableArray<SourceGroup> Group(IEnumerable<TypeSource> sources)
    {
        var byName = new Dictionary<string, TypeSource>(StringComparer.Ordinal);
        foreach (var s in sources)
            if (!byName.TryGetValue(s.FullName, out var kept) || string.CompareOrdinal(s.Text, kept.Text) < 0) byName[s.FullName] = s;
        var groups = new List<TypeSource>?[Count];
        foreach (var s in byName.Values) (groups[Of(s.FullName)] ??= new List<TypeSource>()).Add(s);
        var result = new List<SourceGroup>();
        for (int number = 0; number < Count; number++)
        {
            if (groups[number] is not { } types) continue;
            types.Sort(static (a, b) => string.CompareOrdinal(a.FullName, b.FullName));
            result.Add(new SourceGroup(number, types.ToEquatableArray()));
        }
        return result.ToEquatableArray();
    }

    /// <summary>The file of a group: each type's source as the emitter wrote it, a blank line between two.</summary>
    public static string Text(SourceGroup group) => string.Join("\n", group.Types.Select(t => t.Text));
}
