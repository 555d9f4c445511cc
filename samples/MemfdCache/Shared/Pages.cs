using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using KhoGen;

namespace MemfdCache;

/// <summary>
/// One page of the region-backed cache: where it is and what it holds. Integers only, a plain
/// layout: the pages live in a memfd region (docs/regions.md) that a handover passes, not copies.
/// </summary>
[KhoFormat("cache-page", 1)]
public partial record struct CachePage(ulong Index, ulong Pfn, ulong Stamp, ulong Sum);

/// <summary>
/// The region-backed mode, the same in both builds:
///   pages-serve --pages N --mode region|copying [--next NEXT.dll]   fill a region of N pages; region: serve the
///                                                                   handover socket until a successor takes it;
///                                                                   copying: commit an image file for NEXT and exit
///   pages-take  --pages N                                           restore (the socket first, else the image file), verify every page, finish
/// </summary>
static class Pages
{
    public static async Task<int> RunAsync(string command, string[] args)
    {
        long pages = long.Parse(Option(args, "--pages") ?? "2000000", CultureInfo.InvariantCulture);
        var update = new KhoLiveUpdate(new KhoLiveUpdateOptions { InstanceName = "pages" });
        var cache = new Participant();
        update.Register(cache);
        var clock = Stopwatch.StartNew();
        switch (command)
        {
            case "pages-serve":
                cache.Held = KhoRegion<CachePage>.Create(pages);
                for (long i = 0; i < pages; i++) cache.Held.Add(Expected(i));
                Say($"pages filled={pages} bytes={pages * 32} ms={clock.ElapsedMilliseconds}");
                if (Option(args, "--mode") == "region")
                {
                    var serving = update.ServeHandoverAsync();
                    Say("serving");
                    var handed = await serving;
                    Say($"handed-over image-bytes={handed.ImageBytes} commit-ms={handed.CommitTime.TotalMilliseconds:F0}");
                }
                else
                {
                    var next = Option(args, "--next") is string dll ? KhoCatalog.ReadAssembly(dll) : KhoRegistry.Catalog;
                    var written = await update.UpdateAsync(next);
                    Say($"committed image-bytes={written.ImageBytes} ms={(written.PreserveTime + written.FreezeTime + written.CommitTime).TotalMilliseconds:F0}");
                }
                return 0;
            case "pages-take":
            {
                var restored = await update.RestoreAsync();
                long ms = clock.ElapsedMilliseconds;
                if (restored.NoImage || cache.Held is null) { Say("pages none"); return 3; }
                long good = 0;
                for (long i = 0; i < cache.Held.Count; i++) if (cache.Held[i] == Expected(i)) good++;
                var r = restored.Regions[0];
                Say($"pages how={r.How} copied-bytes={r.BytesCopied} verified={good}/{pages} ms={ms} from={(restored.Handover is null ? "file" : "socket")}");
                if (good != pages) return 3;
                return await update.FinishAsync() ? 0 : 4;
            }
            default:
                return 2;
        }
    }

    static CachePage Expected(long i) => new((ulong)i, (ulong)i * 31 + 7, 1, (ulong)i ^ 0x5bd1e995);

    static string? Option(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    static void Say(string line) => Console.WriteLine("kho: " + line);

    sealed class Participant : KhoRegionParticipant<CachePage>
    {
        public KhoRegion<CachePage>? Held;
        protected override KhoRegion<CachePage> Region => Held!;
        protected override ValueTask RetrieveAsync(KhoRegion<CachePage> region, KhoRegionReport report, CancellationToken ct)
        {
            Held = region;
            return default;
        }
    }
}
