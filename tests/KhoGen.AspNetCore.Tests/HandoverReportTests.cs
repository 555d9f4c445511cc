using System;
using System.Globalization;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using KhoGen.AspNetCore.Tests.Support;
using WebCache.Load;

namespace KhoGen.AspNetCore.Tests;

/// <summary>
/// Both sides of a handover report it: the old build (<c>KhoUpdateReport</c>, printed by the sample
/// once it handed over) and the successor (<c>KhoRestoreReport.Handover</c>, served at /handover),
/// with the blackout from the old build's stop-accepting to the successor's first accept. The times
/// are checked against each other (intervals that contain others), never against the clock.
/// </summary>
public sealed class HandoverReportTests
{
    static double Ms(string line, string name)
    {
        var m = Regex.Match(line, $@"\b{name} ([\d.]+) ms");
        Assert.True(m.Success, $"no '{name}' in: {line}");
        return double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Both_sides_report_the_handover_and_the_blackout_contains_what_happened_in_it()
    {
        using var setup = new HandoverSetup(TimeSpan.FromSeconds(30));
        using var running = await setup.StartAsync(1);
        using var successor = Releases.Start(2, setup.Args());
        await successor.WaitForLineAsync("kho: serving");
        Assert.Equal(0, await running.WaitForExitAsync());

        // The old build: 1.0 wrote webcache-v1 (what 2.0 reads) for the successor's process.
        string old = await running.WaitForLineAsync("kho: handed over ");
        var written = Regex.Match(old, @"^kho: handed over (\d+) bytes, entries webcache-v1:(\d+) to process (\d+): ");
        Assert.True(written.Success, old);
        long imageBytes = long.Parse(written.Groups[1].Value, CultureInfo.InvariantCulture), entryBytes = long.Parse(written.Groups[2].Value, CultureInfo.InvariantCulture);
        Assert.InRange(entryBytes, HandoverSetup.Entries, imageBytes - 1);   // at least a byte an entry, inside the image with its header
        Assert.Equal(successor.Id.ToString(CultureInfo.InvariantCulture), written.Groups[3].Value);

        // The successor: from the old build's process, the same entry (reported as written, then upgraded to webcache-v2).
        using var http = new HttpClient { BaseAddress = setup.Server, Timeout = ServiceProcess.Timeout };
        string taken = await http.GetStringAsync("/handover");
        var read = Regex.Match(taken, @"^from process (\d+): entries webcache-v1:(\d+) ");
        Assert.True(read.Success, taken);
        Assert.Equal(running.Id.ToString(CultureInfo.InvariantCulture), read.Groups[1].Value);
        Assert.Equal(entryBytes, long.Parse(read.Groups[2].Value, CultureInfo.InvariantCulture));

        const double rounding = 0.01;
        double oldBeforeImage = Ms(old, "wait") + Ms(old, "preserve") + Ms(old, "freeze");   // drain, preserve, freeze: all before the image left
        double blackout = Ms(taken, "blackout");
        Assert.True(blackout > 0, taken);
        // The successor waited from its Hello to the image: that holds the old build's drain, preserve and freeze.
        Assert.True(Ms(taken, "wait") + rounding >= oldBeforeImage, $"{old}\n{taken}");
        // From the old build's stop-accepting to the successor's first accept: all of that, and the successor's transfer.
        Assert.True(blackout + rounding >= oldBeforeImage, $"{old}\n{taken}");
        Assert.True(blackout + rounding >= Ms(taken, "transfer"), taken);
        // Retrieving happened within the successor's transfer (from the image to its acknowledgement).
        Assert.True(Ms(taken, "transfer") + rounding >= Ms(taken, "retrieve"), taken);
        Assert.True(Ms(old, "transfer") > 0 && Ms(old, "commit") + rounding >= Ms(old, "transfer"), old);

        successor.Signal(ServiceProcess.SigTerm);
        Assert.Equal(0, await successor.WaitForExitAsync());
    }
}
