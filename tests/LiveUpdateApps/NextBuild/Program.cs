using System;
using System.Linq;
using KhoGen;
using NextBuild;

// NextBuild                              prints the catalog this build registers at run time: the tests
//                                        compare it with the one read from the built assembly
// NextBuild write <image> <format>...    commits an image of the given formats (ledger, shade, memo, tally),
//                                        with this build's layouts: what a build that changed them hands over
if (args.Length == 0)
{
    Console.Write(KhoRegistry.Catalog.ToJson());
    return 0;
}
if (args.Length < 3 || args[0] != "write")
{
    Console.Error.WriteLine("usage: NextBuild [write <image> <format>...]");
    return 2;
}
var update = new KhoLiveUpdate(new KhoLiveUpdateOptions { ImagePath = args[1] });
foreach (string format in args.Skip(2))
{
    switch (format)
    {
        case "ledger": update.Register(KhoParticipant.Create(() => new LedgerV1(12, "ann"), _ => { })); break;
        case "shade": update.Register(KhoParticipant.Create(() => new ShadeV1(Shade.Dark), _ => { })); break;
        case "memo": update.Register(KhoParticipant.Create(() => new MemoV1(null), _ => { })); break;
        case "tally": update.Register(KhoParticipant.Create(() => new TallyV1(-1), _ => { })); break;
        default:
            Console.Error.WriteLine($"unknown format {format}");
            return 2;
    }
}
var prepared = await update.PrepareAsync(KhoRegistry.Catalog);
var report = await prepared.CommitAsync();
Console.WriteLine($"committed {report.ImageBytes}");
return 0;
