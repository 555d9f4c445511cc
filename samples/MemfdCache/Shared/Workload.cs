using System;
using KhoGen;

namespace MemfdCache;

/// <summary>
/// The cache's content for the demo: <c>count</c> folios scattered over a 2^40 index space, the
/// same for a given seed in every build, so each build can check every entry it restored.
/// </summary>
static class Workload
{
    public const ulong IndexSpace = 1UL << 40;

    public static KhoArray<Folio> Fill(int count, int seed)
    {
        var folios = new KhoArray<Folio>();
        var random = new Random(seed);
        while (folios.Count < count)
        {
            ulong index = (ulong)random.NextInt64(0, (long)IndexSpace);
            folios[index] = Expected(index);
        }
        return folios;
    }

    public static Folio Expected(ulong index) =>
        new(index * 31 + 7, (index & 1) == 0 ? FolioFlags.Uptodate : FolioFlags.Dirty | FolioFlags.Uptodate);

    /// <summary>Counts the entries that are exactly what <see cref="Fill"/> put there; -1 when the count differs.</summary>
    public static int Verify(KhoArray<Folio> folios, int count, int seed)
    {
        var random = new Random(seed);
        int good = 0;
        var seen = new System.Collections.Generic.HashSet<ulong>();
        while (seen.Count < count)
        {
            ulong index = (ulong)random.NextInt64(0, (long)IndexSpace);
            if (!seen.Add(index)) continue;
            if (folios.TryGetValue(index, out var folio) && folio == Expected(index)) good++;
        }
        return folios.Count == count ? good : -1;
    }
}
