using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using KhoGen.Hosting;
using KhoGen.LiveUpdate.Tests.Formats;
using KhoGen.LiveUpdate.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace KhoGen.LiveUpdate.Tests;

/// <summary>A subsystem of a hosted service: the state a live update carries over.</summary>
public sealed class CounterStore
{
    public AlphaV1 Value { get; set; } = new(0, "empty");
    public int ColdStarts { get; set; }
}

/// <summary>A participant built by the container, over the subsystem it hands over.</summary>
public sealed class CounterParticipant : KhoParticipant<AlphaV1>
{
    readonly CounterStore _store;
    public CounterParticipant(CounterStore store) => _store = store;

    protected override ValueTask<AlphaV1> PreserveAsync(CancellationToken cancellationToken) => new(_store.Value);

    protected override ValueTask RetrieveAsync(AlphaV1 state, CancellationToken cancellationToken)
    {
        _store.Value = state;
        return default;
    }

    protected override ValueTask ColdStartAsync(CancellationToken cancellationToken)
    {
        _store.ColdStarts++;
        return default;
    }
}

/// <summary>
/// KhoGen.Hosting on the generic host: two hosts in one process stand for two builds (separate
/// containers, orchestrators and participants). In the registry collection: the hosts apply the
/// configured write switches process-wide.
/// </summary>
[Collection(RegistryCollection.Name)]
public sealed class HostingTests : IDisposable
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    readonly TempDir _dir = new();

    public void Dispose()
    {
        KhoRegistry.SetWriteEnabled("memfd-v2", true);
        _dir.Dispose();
    }

    string Image => _dir.File("service.img");

    /// <summary>This build's catalog as a file: the "next build" of these tests is this build again.</summary>
    string NextCatalog()
    {
        string path = _dir.File("next.kho.json");
        File.WriteAllText(path, Catalogs.Own.ToJson());
        return path;
    }

    static readonly MemfdV2 Memfd = new(1, 2, new KhoArray<Folio> { [5] = new Folio(50, FolioFlags.Dirty) }, Seals.Write, 3);

    IHost Build(Dictionary<string, string?>? configuration = null, Action<IServiceCollection>? services = null, Action<KhoHostingOptions>? options = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var settings = new Dictionary<string, string?> { ["KhoGen:ImagePath"] = Image, ["KhoGen:UpgradeSignal"] = "0" };
        foreach (var (k, v) in configuration ?? new()) settings[k] = v;
        builder.Configuration.AddInMemoryCollection(settings);
        services?.Invoke(builder.Services);
        builder.Services.AddSingleton<CounterStore>();
        builder.Services.AddKhoLiveUpdate(options);
        builder.Services.AddKhoParticipant<CounterParticipant>();
        return builder.Build();
    }

    static Task Stopping(IHost host)
    {
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() => stopping.TrySetResult());
        return stopping.Task;
    }

    [Fact]
    public async Task Host_A_hands_its_state_to_host_B_which_restores_it_before_any_service_starts()
    {
        // Host A: a first start, nothing to restore.
        using var a = Build(services: s => s.AddKhoParticipant(_ => KhoParticipant.Create(() => Memfd, _ => { })));
        await a.StartAsync();
        var storeA = a.Services.GetRequiredService<CounterStore>();
        Assert.Equal(1, storeA.ColdStarts);
        Assert.True(await a.Services.GetRequiredService<KhoLiveUpdateService>().Finished.WaitAsync(Patience));
        Assert.True((await a.Services.GetRequiredService<KhoLiveUpdate>().RestoreAsync()).NoImage);
        Assert.Contains(a.Services.GetRequiredService<CounterParticipant>(), a.Services.GetRequiredService<KhoLiveUpdate>().Participants);

        storeA.Value = new AlphaV1(42, "counted by A");
        Task stopping = Stopping(a);
        var report = await a.Services.GetRequiredService<IKhoUpgradeTrigger>().RequestUpgradeAsync(NextCatalog());
        await stopping.WaitAsync(Patience);   // StopAfterUpgrade: A is frozen, it stops
        await a.StopAsync();

        Assert.Equal(new[] { "alpha-v1", "memfd-v2" }, report.Entries.Select(e => e.Id).OrderBy(x => x));
        Assert.Equal(Path.GetFullPath(Image), Path.GetFullPath(report.ImagePath!));

        // Host B: a hosted service registered before KhoGen still starts after the restore.
        AlphaV1? seenAtStart = null;
        MemfdV2? memfdB = null;
        using var b = Build(services: s =>
        {
            s.AddHostedService(sp => new StartProbe(() => seenAtStart = sp.GetRequiredService<CounterStore>().Value));
            s.AddKhoParticipant(_ => KhoParticipant.Create(() => Memfd, m => memfdB = m));
        });
        await b.StartAsync();
        Assert.True(await b.Services.GetRequiredService<KhoLiveUpdateService>().Finished.WaitAsync(Patience));
        await b.StopAsync();

        Assert.Equal(new AlphaV1(42, "counted by A"), b.Services.GetRequiredService<CounterStore>().Value);
        Assert.Equal(new AlphaV1(42, "counted by A"), seenAtStart);
        Assert.Equal(0, b.Services.GetRequiredService<CounterStore>().ColdStarts);
        Assert.NotNull(memfdB);
        Assert.Equal((Memfd.Pos, Memfd.Seals, Memfd.Flags), (memfdB!.Pos, memfdB.Seals, memfdB.Flags));
        Assert.Equal(Memfd.Folios, memfdB.Folios);
        Assert.False(File.Exists(Image));   // finished: the image was released
    }

    sealed class StartProbe : IHostedService
    {
        readonly Action _onStart;
        public StartProbe(Action onStart) => _onStart = onStart;
        public Task StartAsync(CancellationToken cancellationToken) { _onStart(); return Task.CompletedTask; }
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    [Fact]
    public async Task Write_switches_come_from_configuration()
    {
        using var host = Build(
            new() { ["KhoGen:WriteEnabled:memfd-v2"] = "false", ["KhoGen:StopAfterUpgrade"] = "false" },
            s => s.AddKhoParticipant(_ => KhoParticipant.Create(() => Memfd, _ => { })));
        await host.StartAsync();
        Assert.False(KhoRegistry.IsWriteEnabled("memfd-v2"));

        var report = await host.Services.GetRequiredService<IKhoUpgradeTrigger>().RequestUpgradeAsync(NextCatalog());

        Assert.Equal(1, report.Plan.Find("memfd")!.Version);
        using (var image = KhoImage.Open(Image)) Assert.Contains(image.Entries, e => e.Id == "memfd-v1");
        Assert.False(host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);
        await host.StopAsync();
    }

    [Theory]
    [InlineData("KhoGen:WriteEnabled:memfd-v2", "maybe", "KhoGen:WriteEnabled:memfd-v2 must be true or false")]
    [InlineData("KhoGen:WriteEnabled:nope-v1", "false", "KhoGen:WriteEnabled:nope-v1: 'nope-v1' is not a format version of this process")]
    [InlineData("KhoGen:UpgradeSignal", "usr2", "KhoGen:UpgradeSignal must be a signal number")]
    [InlineData("KhoGen:HandoverTimeout", "infinite", "KhoGen:HandoverTimeout must be a positive duration such as 00:10:00, not 'infinite'")]
    [InlineData("KhoGen:HandoverTimeout", "00:00:00", "KhoGen:HandoverTimeout must be a positive duration")]
    public async Task Bad_configuration_stops_the_host_from_starting(string key, string value, string message)
    {
        using var host = Build(new() { [key] = value });

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void The_handover_timeout_comes_from_configuration()
    {
        using var host = Build(new() { ["KhoGen:HandoverTimeout"] = "00:00:03" });
        Assert.Equal(TimeSpan.FromSeconds(3), host.Services.GetRequiredService<KhoLiveUpdate>().Options.HandoverTimeout);
    }

    [Fact]
    public async Task A_refused_restore_stops_the_host_from_starting_and_touches_nothing()
    {
        File.WriteAllBytes(Image, new byte[100]);
        using var host = Build();

        var e = await Assert.ThrowsAsync<KhoLiveUpdateException>(() => host.StartAsync());

        Assert.Equal(KhoPhase.Retrieve, e.Phase);
        Assert.IsType<KhoFormatException>(e.InnerException);
        Assert.Equal(new AlphaV1(0, "empty"), host.Services.GetRequiredService<CounterStore>().Value);
        Assert.Equal(0, host.Services.GetRequiredService<CounterStore>().ColdStarts);
        Assert.Equal(new byte[100], File.ReadAllBytes(Image));
    }

    [Fact]
    public async Task Finishing_is_retried_until_every_participant_can_finish()
    {
        await new Trio(1).Orchestrator(Image, null, "beta").UpdateAsync(Catalogs.Own);
        var probe = new Probe<BetaV1>(new Journal(), Trio.BetaState(0)) { Ready = false };
        var askedTwice = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int asked = 0;
        probe.AfterCanFinish = ready => { if (Interlocked.Increment(ref asked) == 2) askedTwice.TrySetResult(); };
        using var host = Build(services: s => s.AddKhoParticipant(_ => probe), options: o => o.FinishRetryInterval = TimeSpan.FromMilliseconds(10));
        await host.StartAsync();
        var service = host.Services.GetRequiredService<KhoLiveUpdateService>();

        await askedTwice.Task.WaitAsync(Patience);
        Assert.False(service.Finished.IsCompleted);
        Assert.True(File.Exists(Image));
        probe.Ready = true;

        Assert.True(await service.Finished.WaitAsync(Patience));
        Assert.False(File.Exists(Image));
        Assert.Equal(Trio.BetaState(1), probe.State);
        await host.StopAsync();
    }

    [Fact]
    public async Task The_upgrade_signal_upgrades_to_the_configured_next_build_and_stops_the_host()
    {
        int signal = OperatingSystem.IsMacOS() ? KhoHostingOptions.MacOSSigUsr2 : KhoHostingOptions.LinuxSigUsr2;
        string next = typeof(HostingTests).Assembly.Location;   // this build, read from its assembly
        using var host = Build(new()
        {
            ["KhoGen:UpgradeSignal"] = signal.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["KhoGen:NextBuildCatalog"] = next,
        });
        await host.StartAsync();
        host.Services.GetRequiredService<CounterStore>().Value = new AlphaV1(7, "signalled");
        var outcome = new TaskCompletionSource<KhoUpgradeOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Services.GetRequiredService<IKhoUpgradeTrigger>().Completed += o => outcome.TrySetResult(o);
        Task stopping = Stopping(host);

        Assert.Equal(0, kill(Environment.ProcessId, signal));
        var result = await outcome.Task.WaitAsync(Patience);
        await stopping.WaitAsync(Patience);
        await host.StopAsync();

        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal(next, result.NextBuild);
        var reader = new Probe<AlphaV1>(new Journal(), new AlphaV1(0, ""));
        var update = new KhoLiveUpdate(new KhoLiveUpdateOptions { ImagePath = Image });
        update.Register(reader);
        await update.RestoreAsync();
        Assert.Equal(new AlphaV1(7, "signalled"), reader.State);
    }

    [Fact]
    public async Task The_upgrade_signal_with_no_next_build_configured_is_reported_and_changes_nothing()
    {
        int signal = OperatingSystem.IsMacOS() ? KhoHostingOptions.MacOSSigUsr2 : KhoHostingOptions.LinuxSigUsr2;
        using var host = Build(new() { ["KhoGen:UpgradeSignal"] = signal.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await host.StartAsync();
        var outcome = new TaskCompletionSource<KhoUpgradeOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Services.GetRequiredService<IKhoUpgradeTrigger>().Completed += o => outcome.TrySetResult(o);

        Assert.Equal(0, kill(Environment.ProcessId, signal));
        var result = await outcome.Task.WaitAsync(Patience);

        Assert.False(result.Succeeded);
        Assert.Contains("KhoGen:NextBuildCatalog", result.Error!.Message);
        Assert.False(File.Exists(Image));
        Assert.False(host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_refused_upgrade_request_is_reported_and_the_host_goes_on()
    {
        using var host = Build(services: s => s.AddKhoParticipant(_ => new Probe<OrphanV1>(new Journal(), new OrphanV1(1))));
        await host.StartAsync();
        var nextBuild = (await Apps.GetAsync()).NextBuild;   // does not know 'orphan'
        KhoUpgradeOutcome? reported = null;
        host.Services.GetRequiredService<IKhoUpgradeTrigger>().Completed += o => reported = o;

        var e = await Assert.ThrowsAsync<KhoLiveUpdateException>(() => host.Services.GetRequiredService<IKhoUpgradeTrigger>().RequestUpgradeAsync(nextBuild));

        Assert.Equal(KhoPhase.Negotiate, e.Phase);
        Assert.Same(e, reported!.Error);
        Assert.False(File.Exists(Image));
        Assert.False(host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);
        await host.StopAsync();
    }

    [Fact]
    public async Task With_KhoGen_Verify_set_RunKhoAsync_verifies_without_starting_and_a_plain_start_is_refused()
    {
        // An image this build wrote: verify mode passes it; the participant is never called.
        using (var writer = Build())
        {
            await writer.StartAsync();
            writer.Services.GetRequiredService<CounterStore>().Value = new AlphaV1(4, "kept");
            await writer.Services.GetRequiredService<IKhoUpgradeTrigger>().RequestUpgradeAsync(NextCatalog());
            await writer.StopAsync();
        }
        byte[] image = File.ReadAllBytes(Image);

        // Nothing may even resolve the listeners (KhoGen.AspNetCore's adopt systemd's sockets when they are made).
        // A link planted where the report goes is replaced, never followed: its target is left as it was.
        string target = _dir.File("elsewhere.txt");
        File.WriteAllText(target, "not the report");
        File.CreateSymbolicLink(_dir.File("report.json"), target);
        var verify = Build(new() { ["KhoGen:Verify"] = Image, ["KhoGen:VerifyReport"] = _dir.File("report.json") },
            services => services.AddSingleton<IKhoListenerHandover>(_ => throw new InvalidOperationException("verify mode resolved the listeners")));
        var store = verify.Services.GetRequiredService<CounterStore>();
        var output = new StringWriter();
        var stdout = Console.Out;
        Console.SetOut(output);
        int exit;
        try { exit = await verify.RunKhoAsync(); }
        finally { Console.SetOut(stdout); }

        Assert.Equal(0, exit);
        Assert.Contains("ok   alpha-v1 ", output.ToString());
        Assert.Equal((0, "empty"), (store.ColdStarts, store.Value.Label));   // nothing restored, not even a cold start
        Assert.Equal(image, File.ReadAllBytes(Image));
        Assert.Contains("\"ok\": true", File.ReadAllText(_dir.File("report.json")));
        Assert.Equal("not the report", File.ReadAllText(target));
        Assert.Null(new FileInfo(_dir.File("report.json")).LinkTarget);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_dir.File("report.json")));

        using var started = Build(new() { ["KhoGen:Verify"] = Image });
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => started.StartAsync());
        Assert.Contains("KhoGen:Verify is set", e.Message);
        Assert.Equal(0, started.Services.GetRequiredService<CounterStore>().ColdStarts);
        Assert.Equal(image, File.ReadAllBytes(Image));
    }

    [Fact]
    public async Task A_snapshot_signal_that_is_the_upgrade_signal_refuses_to_start()
    {
        using var host = Build(new() { ["KhoGen:SnapshotSignal"] = "12", ["KhoGen:UpgradeSignal"] = "12" });
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());
        Assert.Contains("KhoGen:SnapshotSignal and KhoGen:UpgradeSignal are both signal 12", e.Message);
    }

    [Fact]
    public void A_snapshot_signal_that_is_not_a_number_is_a_configuration_error()
    {
        using var host = Build(new() { ["KhoGen:SnapshotSignal"] = "USR1" });
        var e = Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredService<KhoHostingOptions>());
        Assert.Contains("KhoGen:SnapshotSignal must be a signal number", e.Message);
    }

    [DllImport("libc", SetLastError = true)]
    static extern int kill(int pid, int sig);
}
