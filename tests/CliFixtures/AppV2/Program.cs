using System;
using System.Threading.Tasks;
using KhoGen;
using CliFixture;

// The tests run this build to get what only a running service has:
//   write-image PATH        performs a live update to its own catalog, leaving a handover image at PATH
//   catalog [--disable ID]  prints the run-time catalog (KhoRegistry.Catalog), with writing of ID switched off
static async Task<int> Run(string[] args)
{
    if (args.Length == 2 && args[0] == "write-image")
    {
        var entries = new KhoArray<Entry>();
        for (ulong i = 0; i < 100; i++) entries[i * 1_000_003] = new Entry($"key{i}", (long)i * 7, i % 3 == 0 ? EntryKind.Stale : EntryKind.Fresh);
        var cache = new CacheV2(4096, entries, 42);
        var session = new SessionV1("alice", 1_700_000_000);
        var update = new KhoLiveUpdate();
        update.Register(KhoParticipant.Create<CacheV2>(() => cache, _ => { }));
        update.Register(KhoParticipant.Create<SessionV1>(() => session, _ => { }));
        // Through a stream: the tests' folder is theirs, not a private runtime folder.
        var prepared = await update.PrepareAsync(KhoRegistry.Catalog);
        using (var image = System.IO.File.Create(args[1])) await prepared.CommitAsync(image);
        return 0;
    }
    if (args.Length >= 1 && args[0] == "catalog")
    {
        if (args.Length == 3 && args[1] == "--disable") KhoRegistry.SetWriteEnabled(args[2], false);
        Console.Out.Write(KhoRegistry.Catalog.ToJson());
        return 0;
    }
    Console.Error.WriteLine("usage: AppV2 write-image PATH | catalog [--disable ID]");
    return 2;
}

return await Run(args);
