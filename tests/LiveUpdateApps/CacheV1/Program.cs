using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using CacheService;
using KhoGen;

// CacheService 1.0
//   write <image> <next build: assembly or catalog>   fill the cache, hand it to the next build
//   read <image> [--rolled-back]                       take the cache over, check every value, finish
//   hosted-write <image> <next build>                  the same as write, on the generic host (KhoGen.Hosting)
//   hosted-serve <image> [host args]                   fill the cache and serve it on the generic host: stdin
//                                                      "get <key>" prints "value <key>=<value>", "quit" ends;
//                                                      host args such as --KhoGen:SnapshotSignal=10 switch on snapshots
// Exit: 0 done, 1 a value differs, 2 usage, 3 the live update was refused or failed.
if (args.Length < 2) return Usage();
var cache = new CacheV1(0, new(), new());
var update = new KhoLiveUpdate(new KhoLiveUpdateOptions { ImagePath = args[1] });
update.Register(KhoParticipant.Create(() => cache, state => cache = state, () => cache = new CacheV1(0, new(), new())));

try
{
    switch (args[0])
    {
        case "write" when args.Length == 3:
        {
            cache = new CacheV1(CacheData.Generation, CacheData.Entries(), CacheData.Slots());
            KhoCatalog next = KhoCatalog.LoadAny(args[2]);
            var report = await update.UpdateAsync(next);
            Console.WriteLine($"plan {report.Plan.Find("cache")!.Name}-v{report.Plan.Find("cache")!.Version}");
            Console.WriteLine($"committed {report.ImageBytes} bytes for {next.AssemblyName} {next.AssemblyVersion}");
            return 0;
        }
        case "read":
        {
            bool rolledBack = args.Length > 2 && args[2] == "--rolled-back";
            var report = await update.RestoreAsync();
            if (report.Refused is not null) throw new KhoLiveUpdateException(KhoPhase.Retrieve, report.Refused);
            foreach (var e in report.Retrieved) Console.WriteLine($"restored {e.Id} written by {report.Writer}");
            var entries = CacheData.Entries();
            var slots = CacheData.Slots();
            long generation = CacheData.Generation;
            if (rolledBack)
            {
                foreach (var (k, v) in CacheData.Additions()) entries[k] = v;
                slots[CacheData.AddedSlotIndex] = CacheData.AddedSlot;
                generation++;
            }
            var problems = CacheData.Differences(cache.Generation, cache.Entries, cache.Slots, generation, entries, slots);
            if (!CacheData.Report(problems, cache.Entries.Count, cache.Slots.Count, cache.Generation)) return 1;
            if (await update.FinishAsync() && !File.Exists(args[1])) Console.WriteLine("finished: image released");
            return 0;
        }
        case "hosted-write" when args.Length == 3:
            return await Hosted.RunAsync(args[1], () => cache, state => cache = state, () => cache = new CacheV1(0, new(), new()), async (trigger, ct) =>
            {
                Console.WriteLine($"started: {cache.Entries.Count} entries");
                cache = new CacheV1(CacheData.Generation, CacheData.Entries(), CacheData.Slots());
                var report = await trigger.RequestUpgradeAsync(args[2], ct);
                Console.WriteLine($"upgraded: wrote {string.Join(", ", report.Entries.Select(e => e.Id))} for {report.Plan.To.AssemblyName} {report.Plan.To.AssemblyVersion}");
                return 0;
            });
        case "hosted-serve":
            return await Hosted.RunAsync(args[1], () => cache, state => cache = state, () => cache = new CacheV1(0, new(), new()), async (_, ct) =>
            {
                cache = new CacheV1(CacheData.Generation, CacheData.Entries(), CacheData.Slots());
                Console.WriteLine($"serving {cache.Entries.Count} entries as process {Environment.ProcessId}");
                while (await Console.In.ReadLineAsync(ct) is string line && line != "quit")
                {
                    string key = line.StartsWith("get ", StringComparison.Ordinal) ? line[4..] : "";
                    Console.WriteLine(cache.Entries.TryGetValue(key, out string? value) ? $"value {key}={value}" : $"missing {key}");
                }
                return 0;
            }, args.Skip(2).ToArray());
        default:
            return Usage();
    }
}
catch (KhoLiveUpdateException e)
{
    Console.Error.WriteLine($"refused in {e.Phase}: {e.Message}");
    return 3;
}

static int Usage()
{
    Console.Error.WriteLine("usage: CacheService write <image> <next build> | read <image> [--rolled-back]");
    return 2;
}
