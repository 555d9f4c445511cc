using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Tasks;
using KhoGen;

namespace MemfdCache;

/// <summary>
/// The service's command line, the same in both builds:
///   fill    --entries N --seed S --image PATH --next NEXT.dll   fill the cache, then live-update into NEXT
///   restore --entries N --seed S --image PATH [--next NEXT.dll] restore, verify, finish; then optionally live-update into NEXT
///   --snapshot SNAP (with either): then write a snapshot of the state to SNAP without stopping (for verify mode and
///                                  khogen baseline --samples), before any live update
///   pages-serve, pages-take                                    the region-backed mode (Pages.cs)
/// Lines that start with "kho:" are for the demo to read.
/// </summary>
static class Service
{
    public static async Task<int> RunAsync(string[] args, Func<PageCache> create)
    {
        string command = args.Length > 0 ? args[0] : "";
        if (command.StartsWith("pages-", StringComparison.Ordinal)) return await Pages.RunAsync(command, args);   // the region-backed mode
        int entries = int.Parse(Option(args, "--entries") ?? "1000000", CultureInfo.InvariantCulture);
        int seed = int.Parse(Option(args, "--seed") ?? "1", CultureInfo.InvariantCulture);
        string? next = Option(args, "--next");
        var update = new KhoLiveUpdate(new KhoLiveUpdateOptions { ImagePath = Option(args, "--image") ?? KhoLiveUpdateOptions.DefaultImagePath("MemfdCache") });
        PageCache cache = create();
        update.Register(cache.Participant());

        var clock = Stopwatch.StartNew();
        KhoRestoreReport restored = await update.RestoreAsync();
        Say($"restore {(restored.NoImage ? "none" : string.Join(",", System.Linq.Enumerable.Select(restored.Retrieved, e => e.Id)))} ms={clock.ElapsedMilliseconds}");
        if (command == "fill")
        {
            clock.Restart();
            cache.Folios = Workload.Fill(entries, seed);
            Say($"filled {cache.Folios.Count} ms={clock.ElapsedMilliseconds}");
        }
        else if (command == "restore")
        {
            int good = Workload.Verify(cache.Folios, entries, seed);
            Say($"verified {good} of {entries} read-as={cache.ReadAs}");
            if (good != entries) return 3;
            if (!await update.FinishAsync()) return 4;
        }
        else
        {
            Console.Error.WriteLine("usage: fill|restore --entries N --seed S --image PATH [--next NEXT.dll]");
            return 2;
        }

        if (Option(args, "--snapshot") is string snapshot)
        {
            KhoSnapshotReport written = await update.WriteSnapshotAsync(snapshot);
            Say($"snapshot {string.Join(",", System.Linq.Enumerable.Select(written.Entries, e => e.Id))} bytes={written.Bytes}");
        }
        if (next is null) return 0;
        KhoCatalog nextCatalog = KhoCatalog.ReadAssembly(next);
        KhoUpdateReport report = await update.UpdateAsync(nextCatalog);
        foreach (var e in report.Entries) Say($"wrote {e.Id} bytes={e.Bytes}");
        Say($"image bytes={report.ImageBytes} preserve-ms={report.PreserveTime.TotalMilliseconds:F0} freeze-ms={report.FreezeTime.TotalMilliseconds:F0} commit-ms={report.CommitTime.TotalMilliseconds:F0}");
        return 0;
    }

    static string? Option(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    static void Say(string line) => Console.WriteLine("kho: " + line);
}

/// <summary>The service's state, whichever build holds it.</summary>
abstract class PageCache
{
    public KhoArray<Folio> Folios { get; set; } = new();
    public string ReadAs { get; protected set; } = "cold";
    public abstract KhoParticipant Participant();
}
