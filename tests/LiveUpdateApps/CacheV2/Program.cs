using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using CacheService;
using KhoGen;

// CacheService 2.0
//   upgrade <image> <rollback target: assembly or catalog>
//       take over the cache 1.0 handed over, check every value, finish; then add entries and hand
//       the cache to the rollback target (which chooses the version: cache-v1 for 1.0)
//   write <image> <next build>   hand 2.0's own cache to a next build
//   hosted-read <image> [host args]  on the generic host (KhoGen.Hosting): take over the cache 1.0 handed over, check every value;
//                                    with --KhoGen:Verify=<image>, verify mode (exit 0 passed, 1 an entry failed, 2 no valid image)
// CACHE_FAULT=upgrade-throws makes the v1 -> v2 upgrade throw on key-0013; CACHE_FAULT=downgrade-loses makes
// the v2 -> v1 downgrade drop key-0007 (a conversion that breaks the law): what verify mode must name.
// Exit: 0 done, 1 a value differs, 2 usage, 3 the live update was refused or failed.
if (args.Length < 3 && !(args.Length >= 2 && args[0] == "hosted-read")) return Usage();
var cache = Empty();
var update = new KhoLiveUpdate(new KhoLiveUpdateOptions { ImagePath = args[1] });
update.Register(KhoParticipant.Create(() => cache, state => cache = state, () => cache = Empty()));

try
{
    switch (args[0])
    {
        case "upgrade":
        {
            var restored = await update.RestoreAsync();
            if (restored.Refused is not null) throw new KhoLiveUpdateException(KhoPhase.Retrieve, restored.Refused);
            foreach (var e in restored.Retrieved) Console.WriteLine($"restored {e.Id} written by {restored.Writer} as cache-v2 from {cache.Origin}");
            var problems = CacheData.Differences(cache.Generation, cache.Entries.ToDictionary(e => e.Key, e => e.Value.Text), cache.Slots,
                CacheData.Generation, CacheData.Entries(), CacheData.Slots());
            if (cache.Entries.Values.Any(v => v.Hits != 0)) problems.Add("an upgraded entry has hits");
            if (!CacheData.Report(problems, cache.Entries.Count, cache.Slots.Count, cache.Generation)) return 1;
            if (await update.FinishAsync() && !File.Exists(args[1])) Console.WriteLine("finished: image released");

            AddWork();
            return await HandOver(args[2]);
        }
        case "write":
            cache = new CacheV2(CacheData.Generation, CacheData.Entries().ToDictionary(e => e.Key, e => new CachedValue(e.Value, 1)),
                CacheData.Slots(), "2.0");
            AddWork();
            return await HandOver(args[2]);
        case "hosted-read":
            return await Hosted.RunAsync(args[1], () => cache, state => cache = state, () => cache = Empty(), (_, _) =>
            {
                Console.WriteLine($"started: {cache.Entries.Count} entries as cache-v2 from {cache.Origin}");
                var problems = CacheData.Differences(cache.Generation, cache.Entries.ToDictionary(e => e.Key, e => e.Value.Text), cache.Slots,
                    CacheData.Generation, CacheData.Entries(), CacheData.Slots());
                return Task.FromResult(CacheData.Report(problems, cache.Entries.Count, cache.Slots.Count, cache.Generation) ? 0 : 1);
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

// What 2.0 does while it runs: new entries (with hit counts 1.0 cannot keep), one more slot.
void AddWork()
{
    var entries = cache.Entries.ToDictionary(e => e.Key, e => e.Value);
    foreach (var (k, v) in CacheData.Additions()) entries[k] = new CachedValue(v, 5);
    cache.Slots[CacheData.AddedSlotIndex] = CacheData.AddedSlot;
    cache = cache with { Generation = cache.Generation + 1, Entries = entries };
}

async Task<int> HandOver(string target)
{
    KhoCatalog next = KhoCatalog.LoadAny(target);
    var report = await update.UpdateAsync(next);
    var plan = report.Plan.Find("cache")!;
    Console.WriteLine($"plan {plan.Name}-v{plan.Version}");
    Console.WriteLine($"committed {report.ImageBytes} bytes for {next.AssemblyName} {next.AssemblyVersion}");
    return 0;
}

static CacheV2 Empty() => new(0, new(), new(), "empty");

static int Usage()
{
    Console.Error.WriteLine("usage: CacheService upgrade <image> <rollback target> | write <image> <next build>");
    return 2;
}
