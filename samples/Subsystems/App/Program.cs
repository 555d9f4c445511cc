using System;
using System.Linq;
using System.Threading.Tasks;
using App;
using Cache;
using KhoGen;
using Model;
using Sessions;

// The application of the Subsystems sample: it hosts the page cache (a project reference), the
// session store (a package) and its own statistics, all of them storing Model's shared types, and
// hands them over together in one live update.
//   round-trip                      each format through its envelope, and sessions down to v1 and back
//   update <image> <next build>     fill every subsystem and hand them to the next build (an assembly or a catalog)
//   restore <image>                 take every subsystem's state over and check every value
//   catalog                         print the running build's catalog (KhoRegistry.Catalog)
// Exit: 0 done, 1 a value differs, 2 usage, 3 the live update was refused or failed.
var cache = new PageCache();
var sessions = new SessionStore();
var stats = new AppStatsV1(0, default);
var update = new KhoLiveUpdate(new KhoLiveUpdateOptions { ImagePath = args.Length > 1 ? args[1] : "unused" });
update.Register(cache.Participant());
update.Register(sessions.Participant());
update.Register(KhoParticipant.Create(() => stats, s => stats = s, () => stats = new AppStatsV1(0, default)));

try
{
    switch (args.FirstOrDefault())
    {
        case "round-trip":
        {
            Fill(cache, sessions, ref stats);
            var pages = KhoEnvelope.Deserialize<PageCacheV1>(KhoEnvelope.Serialize(cache.State));
            var viaV1 = KhoEnvelope.Deserialize<SessionsV2>(KhoEnvelope.Serialize(sessions.State, version: 1));
            var same = KhoEnvelope.Deserialize<SessionsV2>(KhoEnvelope.Serialize(sessions.State));
            var back = KhoEnvelope.Deserialize<AppStatsV1>(KhoEnvelope.Serialize(stats));
            bool ok = Describe(pages) == Describe(cache.State) && Describe(same) == Describe(sessions.State) &&
                Describe(viaV1) == Describe(sessions.State with { Admin = null }) && back == stats;
            Console.WriteLine(ok ? "round-trip: ok" : "round-trip: values differ");
            return ok ? 0 : 1;
        }
        case "update" when args.Length == 3:
        {
            Fill(cache, sessions, ref stats);
            var report = await update.UpdateAsync(KhoCatalog.LoadAny(args[2]));
            Console.WriteLine("wrote " + string.Join(", ", report.Entries.Select(e => e.Id).OrderBy(id => id, StringComparer.Ordinal)));
            return 0;
        }
        case "restore" when args.Length == 2:
        {
            var report = await update.RestoreAsync();
            if (report.Refused is not null) throw new KhoLiveUpdateException(KhoPhase.Retrieve, report.Refused);
            Console.WriteLine("restored " + string.Join(", ", report.Retrieved.Select(e => e.Id).OrderBy(id => id, StringComparer.Ordinal)));
            var (expectedCache, expectedSessions) = (new PageCache(), new SessionStore());
            var expectedStats = stats with { Requests = 0 };
            Fill(expectedCache, expectedSessions, ref expectedStats);
            bool ok = Describe(cache.State) == Describe(expectedCache.State) && Describe(sessions.State) == Describe(expectedSessions.State) && stats == expectedStats;
            Console.WriteLine(ok
                ? $"verified: {cache.State.Pages.Count} pages, {sessions.State.ById.Count} sessions, {stats.Requests} requests"
                : "values differ");
            await update.FinishAsync();
            return ok ? 0 : 1;
        }
        case "catalog":
            Fill(cache, sessions, ref stats);
            Console.Write(KhoRegistry.Catalog.ToJson());
            return 0;
        default:
            Console.Error.WriteLine("usage: App round-trip | update <image> <next build> | restore <image> | catalog");
            return 2;
    }
}
catch (KhoLiveUpdateException e)
{
    Console.Error.WriteLine($"refused in {e.Phase}: {e.Message}");
    return 3;
}

// The same values every run, so the next process can check what it restored.
static void Fill(PageCache cache, SessionStore sessions, ref AppStatsV1 stats)
{
    for (ulong i = 0; i < 1000; i++)
        cache.Put(i * 4099 + (1UL << 36), new Folio(i * 7, i % 3 == 0 ? FolioFlags.Dirty | FolioFlags.Uptodate : FolioFlags.Uptodate));
    cache.Bump();
    for (int i = 0; i < 50; i++)
        sessions.Open("s" + i, new Session(new Principal("user" + i, new Guid(i, 1, 2, new byte[8])),
            Enumerable.Range(0, i % 4).Select(p => new Folio((ulong)(i * 100 + p), FolioFlags.Pinned)).ToArray(),
            new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(i)));
    sessions.SetAdmin(new Principal("root", new Guid(7, 7, 7, new byte[8])));
    stats = new AppStatsV1(12345, new Folio(42, FolioFlags.Dirty));
}

static string Describe(object state) => state switch
{
    PageCacheV1 c => c.Generation + ":" + string.Join(",", c.Pages.Select(p => $"{p.Key}={p.Value}")),
    SessionsV2 s => (s.Admin?.ToString() ?? "-") + ":" + string.Join(",", s.ById.OrderBy(p => p.Key, StringComparer.Ordinal)
        .Select(p => $"{p.Key}={p.Value.Who}/{p.Value.Since:O}/{string.Join("+", p.Value.Pinned)}")),
    _ => state.ToString() ?? "",
};
