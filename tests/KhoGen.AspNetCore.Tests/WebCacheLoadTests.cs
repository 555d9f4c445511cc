using System.IO;
using System.Threading.Tasks;
using KhoGen.AspNetCore.Tests.Support;
using WebCache.Load;

namespace KhoGen.AspNetCore.Tests;

/// <summary>The sample's load driver, as the README runs it, on a smaller cache.</summary>
public sealed class WebCacheLoadTests
{
    [Fact]
    public async Task With_the_socket_held_across_restarts_upgrade_and_rollback_refuse_no_connection_and_lose_no_entry()
    {
        string driver = Path.Combine(System.AppContext.BaseDirectory, "WebCache.Load.dll");
        using var load = ServiceProcess.Start("dotnet", [driver, "--socket-activation", "--no-build", "--entries", "20000", "--requests", "6000",
            "--duration", "100", "--workers", "4", "--v1", Releases.WebCache(1), "--v2", Releases.WebCache(2)]);
        int exit = await load.WaitForExitAsync();
        Assert.True(exit is 0 or 3, load.Output); // 3: some requests failed, checked below
        string output = load.Output;
        Assert.Contains("upgrade  1.0 -> 2.0: old release exited (0)", output);
        Assert.Contains("rollback 2.0 -> 1.0: old release exited (0)", output);
        Assert.Equal(2, output.Split("entries verified 20000 of 20000").Length - 1);
        Assert.Contains(", refused connections 0 ", output);
        // Stop-then-start closes the old release's keep-alive connections: a request sent on one as
        // it closes fails, at most one per pooled connection and restart. Zero needs the handover.
        var counts = System.Text.RegularExpressions.Regex.Match(output, @"requests sent 6,000, succeeded ([\d,]+), failed (\d+),");
        Assert.True(counts.Success, output);
        int failed = int.Parse(counts.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(failed, 0, 2 * 4);
        Assert.Equal(6000 - failed, int.Parse(counts.Groups[1].Value, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task With_the_handover_socket_a_failed_successor_upgrade_and_rollback_refuse_no_connection_fail_no_request_and_lose_no_entry()
    {
        string driver = Path.Combine(System.AppContext.BaseDirectory, "WebCache.Load.dll");
        using var load = ServiceProcess.Start("dotnet", [driver, "--handover", "--no-build", "--entries", "20000", "--requests", "8000",
            "--duration", "150", "--workers", "4", "--v1", Releases.WebCache(1), "--v2", Releases.WebCache(2)]);
        int exit = await load.WaitForExitAsync();
        string output = load.Output;
        Assert.True(exit == 0, output);   // 0: no request failed
        // The successor that failed its restore exited; release 1.0 (the driver's first process) kept serving with its state.
        var failedUpgrade = System.Text.RegularExpressions.Regex.Match(output, @"failed upgrade 1\.0 -> 2\.0: successor exited \((\d+)\); serving: release=1\.0 .*origin=cold start; entries verified 20000 of 20000");
        Assert.True(failedUpgrade.Success, output);
        Assert.NotEqual("0", failedUpgrade.Groups[1].Value);
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(output, @"upgrade  1\.0 -> 2\.0: .*old release exited \(0\).*release=2\.0 .*origin=restored from webcache-v\d; entries verified 20000 of 20000; blackout [\d.]+ ms"), output);
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(output, @"rollback 2\.0 -> 1\.0: .*old release exited \(0\).*release=1\.0 .*origin=restored from webcache-v1; entries verified 20000 of 20000; blackout [\d.]+ ms"), output);
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(output, @"requests sent 8,000, succeeded 8,000, failed 0, refused connections 0 "), output);
    }
}
