using System;
using System.Threading.Tasks;
using KhoGen;

// CrashWriter <image> <tag> <kib> [--wait]
//   Commits an image holding a blob of <kib> KiB and a note, both derived from <tag> only, so the
//   same arguments always give the same image bytes. With --wait it prints "ready" once prepared and
//   commits when a line arrives on stdin (the tests start two at once this way).
//   The crash tests set KHOGEN_TEST_CRASH_AT_BYTE=N (killed after N bytes of the image) or
//   KHOGEN_TEST_CRASH_AT=flushed|renamed; this tool, not the runtime, reads them and injects the fault
//   through the runtime's internal seam (KhoLiveUpdateOptions.Faults, InternalsVisibleTo CrashWriter).
if (args.Length < 3 || !int.TryParse(args[2], out int kib))
{
    Console.Error.WriteLine("usage: CrashWriter <image> <tag> <kib> [--wait]");
    return 2;
}
string image = args[0], tag = args[1];
bool wait = args.Length > 3 && args[3] == "--wait";

var blob = new byte[kib * 1024];
var random = new Random(StableSeed(tag));
random.NextBytes(blob);

var faults = new ImageFaults
{
    CrashAtByte = long.TryParse(Environment.GetEnvironmentVariable("KHOGEN_TEST_CRASH_AT_BYTE"), out long n) ? n : -1,
    CrashAt = Environment.GetEnvironmentVariable("KHOGEN_TEST_CRASH_AT"),
};
var update = new KhoLiveUpdate(new KhoLiveUpdateOptions { ImagePath = image, Faults = faults });
update.Register(KhoParticipant.Create(() => new BlobV1(tag, blob, kib), _ => { }));
update.Register(KhoParticipant.Create(() => new NoteV1($"written by {tag}", 7), _ => { }));

var prepared = await update.PrepareAsync(KhoRegistry.Catalog);
if (wait)
{
    Console.WriteLine("ready");
    Console.Out.Flush();
    Console.In.ReadLine();
}
var report = await prepared.CommitAsync();
Console.WriteLine($"committed {report.ImageBytes}");
return 0;

// string.GetHashCode is randomised per process; the blob must not be.
static int StableSeed(string s)
{
    int h = 17;
    foreach (char c in s) h = h * 31 + c;
    return h;
}

[KhoFormat("blob", 1)]
public partial record BlobV1(string Tag, byte[] Data, long Kib);

[KhoFormat("note", 1)]
public partial record NoteV1(string Text, int Priority);
