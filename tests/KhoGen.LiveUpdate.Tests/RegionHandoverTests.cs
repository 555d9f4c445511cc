using System;
using System.Linq;
using System.Threading.Tasks;
using KhoGen.LiveUpdate.Tests.Support;

namespace KhoGen.LiveUpdate.Tests;

/// <summary>
/// Regions through the handover socket, with two real releases of a service (tests/LiveUpdateApps
/// RegionV1, RegionV2) holding 1000 pages in a memfd: adopted in place by the same layout (the
/// successor maps the very memfd: same inode, no byte copied), converted when the next release
/// changed the element layout, refused by a build that cannot take it (and then the running build's
/// again, writable), and read-only for the running build after the handover.
/// </summary>
public class RegionHandoverTests
{
    static async Task<(ChildResult Server, ChildResult Successor)> HandOverAsync(string server, string successor, string folder,
        string[]? serverExtra = null, string[]? successorExtra = null)
    {
        using var running = Child.Start(Child.Dotnet, new[] { server, "serve", "1000", "--folder", folder }.Concat(serverExtra ?? Array.Empty<string>()));
        await running.WaitForLineAsync("serving");
        var next = await Child.RunAsync(Child.Dotnet, new[] { successor, "restore", "--folder", folder }.Concat(successorExtra ?? Array.Empty<string>()));
        return (await running.WaitForExitAsync(), next);
    }

    static string Inode(ChildResult server) => server.Lines.Single(l => l.StartsWith("inode ", StringComparison.Ordinal)).Substring("inode ".Length);

    [Fact]
    public async Task The_same_layout_is_adopted_in_place_and_the_old_build_can_no_longer_write()
    {
        var apps = await RegionApps.GetAsync();
        using var folder = new TempDir();
        var (server, successor) = await HandOverAsync(apps.V1, apps.V1, folder.Path);

        Assert.True(successor.ExitCode == 0, successor.ToString());
        Assert.True(server.ExitCode == 0, server.ToString());
        // The successor holds the running build's memfd itself, and read no element of it.
        Assert.Contains($"region page-v1 Adopted 1000 0 {Inode(server)}", successor.Lines);
        Assert.Contains("last PageV1 { Key = 999, Stamp = 6993 }", successor.Lines);
        Assert.Contains("write before confirmation refused", successor.Lines);   // still the running build's until it confirms
        Assert.Contains("wrote PageV1 { Key = 3000, Stamp = 21000 }", successor.Lines);   // writable after the point of no return
        Assert.Contains("handed over", server.Lines);
        Assert.Contains("write after handover refused: KhoRegionFrozenException", server.Lines);
    }

    [Fact]
    public async Task A_write_by_the_old_build_through_a_span_taken_before_the_freeze_faults_and_the_successor_keeps_its_pages()
    {
        var apps = await RegionApps.GetAsync();
        using var folder = new TempDir();
        var (server, successor) = await HandOverAsync(apps.V1, apps.V1, folder.Path, serverExtra: new[] { "--raw-write" });

        Assert.True(successor.ExitCode == 0, successor.ToString());
        Assert.Contains("last PageV1 { Key = 999, Stamp = 6993 }", successor.Lines);
        Assert.Contains("writing through the old span", server.Lines);
        Assert.DoesNotContain("raw write went through", server.Lines);
        Assert.NotEqual(0, server.ExitCode);   // the read-only mapping faulted: the runtime ends the process
        Assert.Contains("AccessViolationException", server.StdErr);
    }

    [Fact]
    public async Task A_region_of_the_previous_element_layout_is_converted_into_a_new_region_and_the_report_says_so()
    {
        var apps = await RegionApps.GetAsync();
        using var folder = new TempDir();
        var (server, successor) = await HandOverAsync(apps.V1, apps.V2, folder.Path);

        Assert.True(successor.ExitCode == 0, successor.ToString());
        var line = successor.Lines.Single(l => l.StartsWith("region ", StringComparison.Ordinal)).Split(' ');
        Assert.Equal(new[] { "region", "page-v1", "Converted", "1000", "16000" }, line[..5]);
        Assert.NotEqual(Inode(server), line[5]);
        Assert.Contains("last PageV2 { Key = 999, Stamp = 6993, Hits = 0 }", successor.Lines);
        Assert.Contains("write after handover refused: KhoRegionFrozenException", server.Lines);
    }

    [Fact]
    public async Task Rolling_back_to_the_previous_release_copies_the_region_down_a_version()
    {
        var apps = await RegionApps.GetAsync();
        using var folder = new TempDir();
        var (server, successor) = await HandOverAsync(apps.V2, apps.V1, folder.Path);

        Assert.True(successor.ExitCode == 0, successor.ToString());
        Assert.Contains(successor.Lines, l => l.StartsWith("region page-v1 Copied 1000 16000 ", StringComparison.Ordinal));
        Assert.Contains("last PageV1 { Key = 999, Stamp = 6993 }", successor.Lines);
        Assert.True(server.ExitCode == 0, server.ToString());
    }

    [Fact]
    public async Task A_successor_that_cannot_take_the_region_refuses_it_and_the_running_build_writes_it_again()
    {
        var apps = await RegionApps.GetAsync();
        using var folder = new TempDir();
        var (server, successor) = await HandOverAsync(apps.V1, apps.V1, folder.Path,
            serverExtra: new[] { "--stop-after-failure" }, successorExtra: new[] { "--none" });

        Assert.Equal(3, successor.ExitCode);
        Assert.Contains(successor.Lines, l => l.Contains("page-v1: this build has no participant for format 'page'", StringComparison.Ordinal));
        Assert.DoesNotContain(successor.Lines, l => l.StartsWith("region ", StringComparison.Ordinal));
        Assert.True(server.ExitCode == 0, server.ToString());
        Assert.Contains(server.Lines, l => l.StartsWith("attempt failed: ", StringComparison.Ordinal) && l.Contains("unfroze page", StringComparison.Ordinal));
        Assert.Contains("wrote after rollback PageV1 { Key = 1000, Stamp = 7000 }", server.Lines);   // thawed: the state is this build's again
        Assert.DoesNotContain("handed over", server.Lines);
    }
}
