using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using KhoGen.Hosting;
using KhoGen.LiveUpdate.Tests.Formats;
using KhoGen.LiveUpdate.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace KhoGen.LiveUpdate.Tests;

/// <summary>
/// <c>AddHealthChecks().AddKhoLiveUpdate()</c>: its three unhealthy states (a failed restore, a
/// handover not finished in time, a write switch that leaves a format unwritable for the next
/// build), each beside the healthy state it departs from. Time is a manual TimeProvider. In the
/// registry collection: the write switch is process-wide.
/// </summary>
[Collection(RegistryCollection.Name)]
public sealed class HealthCheckTests : IDisposable
{
    readonly TempDir _dir = new();
    readonly ManualTime _time = new();

    public void Dispose()
    {
        KhoRegistry.SetWriteEnabled("memfd-v2", true);
        _dir.Dispose();
    }

    string Image => _dir.File("service.img");

    static readonly MemfdV2 Memfd = new(1, 2, new KhoArray<Folio>(), Seals.Write, 3);

    sealed class ManualTime : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
    }

    IHost Build(KhoParticipant participant, Dictionary<string, string?>? configuration = null, string? nextBuild = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var settings = new Dictionary<string, string?> { ["KhoGen:ImagePath"] = Image, ["KhoGen:UpgradeSignal"] = "0", ["KhoGen:StopAfterUpgrade"] = "false" };
        foreach (var (k, v) in configuration ?? new()) settings[k] = v;
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton<TimeProvider>(_time);
        builder.Services.AddKhoLiveUpdate();
        builder.Services.AddKhoParticipant(_ => participant);
        builder.Services.AddHealthChecks().AddKhoLiveUpdate(o =>
        {
            o.FinishTimeout = TimeSpan.FromMinutes(2);
            o.NextBuildCatalog = nextBuild;
        });
        return builder.Build();
    }

    static async Task<HealthReportEntry> Health(IHost host) =>
        (await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries["khogen"];

    async Task WriteImage()
    {
        using var a = Build(KhoParticipant.Create(() => Memfd, _ => { }));
        await a.StartAsync();
        await a.Services.GetRequiredService<IKhoUpgradeTrigger>().RequestUpgradeAsync(NextBuild(Catalogs.Own));
        await a.StopAsync();
        Assert.True(File.Exists(Image));
    }

    string NextBuild(KhoCatalog catalog)
    {
        string path = _dir.File(Guid.NewGuid().ToString("N") + ".kho.json");
        File.WriteAllText(path, catalog.ToJson());
        return path;
    }

    [Fact]
    public async Task A_failed_restore_is_unhealthy()
    {
        await WriteImage();
        using var b = Build(KhoParticipant.Create(() => Memfd, _ => throw new InvalidOperationException("cannot take this state")));
        await Assert.ThrowsAsync<KhoLiveUpdateException>(() => b.StartAsync());

        var health = await Health(b);
        Assert.Equal(HealthStatus.Unhealthy, health.Status);
        Assert.StartsWith("The live-update restore failed: ", health.Description);
        Assert.Contains("cannot take this state", health.Description);
    }

    [Fact]
    public async Task A_handover_not_finished_after_the_timeout_is_unhealthy()
    {
        await WriteImage();
        var waiting = new Probe<MemfdV2>(new Journal(), Memfd) { Ready = false };
        using var b = Build(waiting);
        await b.StartAsync();
        try
        {
            _time.Now += TimeSpan.FromMinutes(1);
            Assert.Equal(HealthStatus.Healthy, (await Health(b)).Status);   // within the limit

            _time.Now += TimeSpan.FromMinutes(2);
            var health = await Health(b);
            Assert.Equal(HealthStatus.Unhealthy, health.Status);
            Assert.Contains("handover is not finished", health.Description);
            Assert.Equal(false, health.Data["finished"]);
        }
        finally { await b.StopAsync(); }
    }

    [Fact]
    public async Task A_write_switch_that_leaves_a_format_unwritable_for_the_next_build_is_unhealthy()
    {
        // The next build reads memfd-v2 only: with writing of memfd-v2 switched off, memfd cannot be handed to it.
        string next = NextBuild(Catalogs.WithoutVersion(Catalogs.Own, "memfd-v1"));
        using (var on = Build(KhoParticipant.Create(() => Memfd, _ => { }), nextBuild: next))
        {
            await on.StartAsync();
            Assert.Equal(HealthStatus.Healthy, (await Health(on)).Status);
            await on.StopAsync();
        }
        using var off = Build(KhoParticipant.Create(() => Memfd, _ => { }), new() { ["KhoGen:WriteEnabled:memfd-v2"] = "false" }, next);
        await off.StartAsync();
        var health = await Health(off);
        await off.StopAsync();
        Assert.Equal(HealthStatus.Unhealthy, health.Status);
        Assert.StartsWith("This build cannot hand its state to the next build", health.Description);
        Assert.Contains("memfd", health.Description);
    }
}
