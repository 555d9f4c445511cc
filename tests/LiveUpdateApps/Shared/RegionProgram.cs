using System;
using System.Threading;
using System.Threading.Tasks;
using KhoGen;
using RegionService;
#if REGION_V2
using Page = RegionService.PageV2;
#else
using Page = RegionService.PageV1;
#endif

// RegionService <command> --folder F
//   serve N [--stop-after-failure] [--raw-write]
//                                    hold a region of N pages and serve the handover socket; --raw-write: after
//                                    the handover, write through a span taken before it (the mapping is read-only: it faults)
//   restore [--none]                 restore through the socket; --none: no participant for 'page'
//   store N                          hold a region of N pages, give its memfd to systemd's fd store ($NOTIFY_SOCKET), exit
//   adopt                            adopt the region named 'pages' passed back through LISTEN_FDS
// One fact per line; the tests wait on them. Exit: 0 done, 3 refused or failed, 2 usage.
var options = new KhoLiveUpdateOptions { InstanceName = "regions" };
bool stopAfterFailure = false, none = false, rawWrite = false;
for (int i = 1; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--folder": options.RuntimeFolder = args[++i]; break;
        case "--stop-after-failure": stopAfterFailure = true; break;
        case "--none": none = true; break;
        case "--raw-write": rawWrite = true; break;
    }
}
var update = new KhoLiveUpdate(options);
var pages = new PageParticipant();
if (!none) update.Register(pages);

static Page Make(ulong i) =>
#if REGION_V2
    new(i, i * 7, i % 3);
#else
    new(i, i * 7);
#endif

try
{
    switch (args[0])
    {
        case "serve":
        {
            pages.Pages = KhoRegion<Page>.Create();
            for (ulong i = 0; i < ulong.Parse(args[1]); i++) pages.Pages.Add(Make(i));
            Console.WriteLine($"inode {pages.Pages.Inode}");
            nint raw;   // a span's address, taken while the region is writable, as code that keeps spans would
            unsafe { raw = (nint)System.Runtime.CompilerServices.Unsafe.AsPointer(ref pages.Pages.AsSpan(0, 1)[0]); }
            using var stop = new CancellationTokenSource();
            var serving = update.ServeHandoverAsync(e =>
            {
                Console.WriteLine($"attempt failed: {e.Message.Replace('\n', ' ')}");
                pages.Pages[0] = Make(1000);   // the cut-over was undone: this build's region is writable again
                Console.WriteLine($"wrote after rollback {pages.Pages[0]}");
                if (stopAfterFailure) stop.Cancel();
            }, stop.Token);
            Console.WriteLine("serving");
            try { await serving; }
            catch (OperationCanceledException) { return 0; }
            Console.WriteLine("handed over");
            if (rawWrite)
            {
                Console.WriteLine("writing through the old span");
                Console.Out.Flush();
                unsafe { *(ulong*)raw = 1; }   // faults: the process dies here
                Console.WriteLine("raw write went through");
                return 1;
            }
            try { pages.Pages[0] = Make(2000); Console.WriteLine("wrote after handover"); }
            catch (KhoRegionFrozenException e) { Console.WriteLine($"write after handover refused: {e.GetType().Name}"); }
            return 0;
        }
        case "restore":
        {
            var report = await update.RestoreAsync();
            foreach (var r in report.Regions) Console.WriteLine($"region {r.Id} {r.How} {r.Elements} {r.BytesCopied} {r.Inode}");
            if (pages.Pages is { } region)
            {
                Console.WriteLine($"last {region[region.Count - 1]}");
                region[0] = Make(3000);   // after the point of no return: this build's
                Console.WriteLine($"wrote {region[0]}");
            }
            return 0;
        }
        case "store":
        {
            var region = KhoRegion<Page>.Create();
            for (ulong i = 0; i < ulong.Parse(args[1]); i++) region.Add(Make(i));
            KhoFdStore.Store(Environment.GetEnvironmentVariable("NOTIFY_SOCKET")!, "pages", region);
            Console.WriteLine($"inode {region.Inode}");
            Console.WriteLine("stored");
            return 0;   // the process ends; the memfd lives on in the store
        }
        case "adopt":
        {
            foreach (var fd in KhoFdStore.Listened("pages"))
            {
                try
                {
                    using var region = KhoRegion<Page>.Adopt(fd, out var r);
                    Console.WriteLine($"region {r.Id} {r.How} {r.Elements} {r.BytesCopied} {r.Inode}");
                    Console.WriteLine($"last {region[region.Count - 1]}");
                }
                catch (KhoFormatException e) { Console.WriteLine($"refused: {e.Message}"); return 3; }
            }
            return 0;
        }
        default:
            return 2;
    }
}
catch (KhoLiveUpdateException e)
{
    Console.WriteLine($"failed: {e.Message.Replace('\n', ' ')}");
    return 3;
}

sealed class PageParticipant : KhoRegionParticipant<Page>
{
    public KhoRegion<Page>? Pages { get; set; }
    protected override KhoRegion<Page> Region => Pages!;

    protected override ValueTask RetrieveAsync(KhoRegion<Page> region, KhoRegionReport report, CancellationToken cancellationToken)
    {
        Pages = region;
        // Before the running build confirmed, an adopted region is still the running build's too.
        try { region[0] = region[0]; Console.WriteLine("wrote before confirmation"); }
        catch (KhoRegionFrozenException) { Console.WriteLine("write before confirmation refused"); }
        return default;
    }
}
