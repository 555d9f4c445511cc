using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using KhoGen.LiveUpdate.Tests.Formats;
using KhoGen.LiveUpdate.Tests.Support;

namespace KhoGen.LiveUpdate.Tests;

/// <summary>The <c>KhoGen</c> meter and activity source, observed with MeterListener and ActivityListener.</summary>
[Collection(TelemetryCollection.Name)]
public class TelemetryTests
{
    static readonly MemfdV2 State = new(4096, 1 << 20, new KhoArray<Folio>(), Seals.Grow, 9);

    static (KhoLiveUpdate Update, Probe<MemfdV2> Memfd) Memfd(string image)
    {
        var memfd = new Probe<MemfdV2>(new Journal(), State);
        var update = new KhoLiveUpdate(new KhoLiveUpdateOptions { ImagePath = image });
        update.Register(memfd);
        return (update, memfd);
    }

    [Fact]
    public async Task A_successful_update_and_restore_record_phases_bytes_entries_and_traces()
    {
        using var dir = new TempDir();
        using var telemetry = new TelemetryRecorder();
        var (update, _) = Memfd(dir.File("service.img"));
        var report = await update.UpdateAsync(Catalogs.Own);

        Assert.Equal(new[] { "commit", "freeze", "preserve" },
            telemetry.Of("khogen.live_update.phase.duration").Select(m => (string)m.Tags["khogen.phase"]!).OrderBy(p => p));
        var written = Assert.Single(telemetry.Of("khogen.live_update.bytes"));
        Assert.Equal(("written", (double)report.ImageBytes), ((string)written.Tags["khogen.direction"]!, written.Value));
        var entry = Assert.Single(telemetry.Of("khogen.live_update.entries"));
        Assert.Equal(("written", "memfd", 2), ((string)entry.Tags["khogen.direction"]!, (string)entry.Tags["khogen.format"]!, (int)entry.Tags["khogen.format.version"]!));
        Assert.Empty(telemetry.Of("khogen.live_update.failures"));

        var root = Assert.Single(telemetry.Activities, a => a.OperationName == "khogen.live_update");
        Assert.Equal("ok", root.GetTagItem("khogen.outcome"));
        Assert.Equal(new[] { "memfd-v2" }, (string[])root.GetTagItem("khogen.formats")!);
        var phases = telemetry.Activities.Where(a => a.ParentSpanId == root.SpanId).ToList();
        Assert.Equal(new[] { "khogen.phase.preserve", "khogen.phase.freeze", "khogen.phase.commit" }, phases.Select(a => a.OperationName));
        Assert.All(phases, p => Assert.Equal(root.TraceId, p.TraceId));

        var (next, _) = Memfd(dir.File("service.img"));
        await next.RestoreAsync();
        Assert.Contains(telemetry.Of("khogen.live_update.entries"), m => (string)m.Tags["khogen.direction"]! == "read" && (string)m.Tags["khogen.format"]! == "memfd");
        Assert.Contains(telemetry.Of("khogen.live_update.phase.duration"), m => (string)m.Tags["khogen.phase"]! == "retrieve");
        var restore = Assert.Single(telemetry.Activities, a => a.OperationName == "khogen.restore");
        Assert.Equal("ok", restore.GetTagItem("khogen.outcome"));
    }

    [Fact]
    public async Task A_refused_negotiation_is_a_failure_of_the_negotiate_phase()
    {
        using var dir = new TempDir();
        using var telemetry = new TelemetryRecorder();
        var (update, _) = Memfd(dir.File("service.img"));
        // A next build without the format: nothing both sides understand.
        var nothingInCommon = Catalogs.Edit(Catalogs.Own, root =>
        {
            var formats = root["formats"]!.AsArray();
            formats.Remove(formats.Single(f => (string)f!["name"]! == "memfd"));
        });

        await Assert.ThrowsAsync<KhoLiveUpdateException>(() => update.UpdateAsync(nothingInCommon));

        var failure = Assert.Single(telemetry.Of("khogen.live_update.failures"));
        Assert.Equal(("khogen.live_update", "negotiate", "refused"),
            ((string)failure.Tags["khogen.operation"]!, (string)failure.Tags["khogen.phase"]!, (string)failure.Tags["khogen.outcome"]!));
        Assert.Empty(telemetry.Of("khogen.live_update.bytes"));
        var activity = Assert.Single(telemetry.Activities);
        Assert.Equal(("khogen.live_update", ActivityStatusCode.Error, "refused"), (activity.OperationName, activity.Status, (string)activity.GetTagItem("khogen.outcome")!));
        Assert.StartsWith("Live update refused", activity.StatusDescription);
    }

    [Fact]
    public async Task A_failed_restore_names_its_phase_and_format()
    {
        using var dir = new TempDir();
        await Memfd(dir.File("service.img")).Update.UpdateAsync(Catalogs.Own);
        using var telemetry = new TelemetryRecorder();
        var (next, memfd) = Memfd(dir.File("service.img"));
        memfd.FailOnce.Add("retrieve");

        await Assert.ThrowsAsync<KhoLiveUpdateException>(() => next.RestoreAsync());

        var failure = Assert.Single(telemetry.Of("khogen.live_update.failures"));
        Assert.Equal(("khogen.restore", "retrieve", "failed", "memfd"),
            ((string)failure.Tags["khogen.operation"]!, (string)failure.Tags["khogen.phase"]!, (string)failure.Tags["khogen.outcome"]!, (string)failure.Tags["khogen.format"]!));
        var activity = Assert.Single(telemetry.Activities);
        Assert.Equal(("khogen.restore", ActivityStatusCode.Error, "memfd"), (activity.OperationName, activity.Status, (string)activity.GetTagItem("khogen.format")!));
    }
}
