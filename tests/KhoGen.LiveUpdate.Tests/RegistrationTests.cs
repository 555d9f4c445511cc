using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using KhoGen.LiveUpdate.Tests.Formats;
using KhoGen.LiveUpdate.Tests.Support;

namespace KhoGen.LiveUpdate.Tests;

/// <summary>Registration (LUO's file handlers): unique formats, closed during a live update, dependencies.</summary>
public class RegistrationTests
{
    [Fact]
    public void A_second_participant_for_a_format_is_rejected()
    {
        var journal = new Journal();
        var update = new KhoLiveUpdate();
        var first = new Probe<AlphaV1>(journal, Trio.AlphaState(1));
        update.Register(first);

        var e = Assert.Throws<ArgumentException>(() => update.Register(new Probe<AlphaV1>(journal, Trio.AlphaState(2))));

        Assert.Contains("'alpha' is already registered", e.Message);
        Assert.Same(first, Assert.Single(update.Participants));
    }

    [Fact]
    public async Task Registration_is_closed_while_a_live_update_is_prepared_and_open_again_after()
    {
        using var dir = new TempDir();
        var trio = new Trio(1);
        var update = trio.Orchestrator(dir.File("service.img"), null, "alpha", "beta");
        var prepared = await update.PrepareAsync(Catalogs.Own);

        Assert.Throws<InvalidOperationException>(() => update.Register(trio.Gamma));

        await prepared.CommitAsync();
        update.Register(trio.Gamma);
        Assert.Equal(3, update.Participants.Count);
    }

    [Fact]
    public async Task Registration_is_closed_while_a_restore_runs()
    {
        using var dir = new TempDir();
        string image = dir.File("service.img");
        await new Trio(1).Orchestrator(image, null, "alpha").UpdateAsync(Catalogs.Own);
        var trio = new Trio(0);
        var update = trio.Orchestrator(image, null, "alpha");
        Exception? refused = null;
        trio.Alpha.Before = phase =>
        {
            refused = Record.Exception(() => update.Register(trio.Gamma));
            return Task.CompletedTask;
        };

        await update.RestoreAsync();

        Assert.Equal(new[] { "alpha.retrieve" }, trio.Journal.Entries);
        Assert.IsType<InvalidOperationException>(refused);
        Assert.Single(update.Participants);
        update.Register(trio.Gamma);
        Assert.Equal(2, update.Participants.Count);
    }

    [Fact]
    public void Dependency_cycles_are_rejected_and_the_participant_is_not_kept()
    {
        var trio = new Trio(1, alphaDependsOn: new[] { "gamma" }, betaDependsOn: new[] { "alpha" }, gammaDependsOn: new[] { "beta" });
        var update = new KhoLiveUpdate();
        update.Register(trio.Alpha);
        update.Register(trio.Beta);

        var e = Assert.Throws<ArgumentException>(() => update.Register(trio.Gamma));

        Assert.Contains("cycle", e.Message);
        Assert.Contains("alpha -> gamma -> beta -> alpha", e.Message);
        Assert.Equal(new[] { "alpha", "beta" }, update.Participants.Select(p => p.Format));
    }

    [Fact]
    public void A_participant_that_depends_on_itself_is_a_cycle()
    {
        var update = new KhoLiveUpdate();
        Assert.Throws<ArgumentException>(() => update.Register(new Probe<AlphaV1>(new Journal(), Trio.AlphaState(1), "alpha")));
        Assert.Empty(update.Participants);
    }

    [Fact]
    public async Task Preserve_and_retrieve_follow_dependencies_whatever_the_registration_order()
    {
        using var dir = new TempDir();
        string image = dir.File("service.img");
        // beta needs gamma, gamma needs alpha; registered beta, gamma, alpha.
        var writer = new Trio(1, betaDependsOn: new[] { "gamma" }, gammaDependsOn: new[] { "alpha" });
        var update = new KhoLiveUpdate(new KhoLiveUpdateOptions { ImagePath = image });
        update.Register(writer.Beta);
        update.Register(writer.Gamma);
        update.Register(writer.Alpha);
        await update.UpdateAsync(Catalogs.Own);

        var reader = new Trio(0, betaDependsOn: new[] { "gamma" }, gammaDependsOn: new[] { "alpha" });
        var next = new KhoLiveUpdate(new KhoLiveUpdateOptions { ImagePath = image });
        next.Register(reader.Beta);
        next.Register(reader.Gamma);
        next.Register(reader.Alpha);
        await next.RestoreAsync();
        await next.FinishAsync();

        Assert.Equal(new[] { "alpha.preserve", "gamma.preserve", "beta.preserve", "alpha.freeze", "gamma.freeze", "beta.freeze" }, writer.Journal.Entries);
        Assert.Equal(new[] { "alpha.retrieve", "gamma.retrieve", "beta.retrieve" }, reader.Journal.Entries.Take(3));
        Assert.Equal(new[] { "alpha.finish", "gamma.finish", "beta.finish" }, reader.Journal.Entries.Where(x => x.EndsWith(".finish", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_failed_dependency_prevents_its_dependents_retrieve()
    {
        using var dir = new TempDir();
        string image = dir.File("service.img");
        await new Trio(1).Orchestrator(image).UpdateAsync(Catalogs.Own);
        var reader = new Trio(0, betaDependsOn: new[] { "gamma" }, gammaDependsOn: new[] { "alpha" });
        reader.FailOnce("alpha", "retrieve");

        var e = await Assert.ThrowsAsync<KhoLiveUpdateException>(() => reader.Orchestrator(image).RestoreAsync());

        Assert.Equal(new[] { "alpha.retrieve" }, reader.Journal.Entries);
        Assert.Equal("alpha", e.Format);
        Assert.Contains("'gamma': its dependency 'alpha' failed", e.Message);
        Assert.Contains("'beta': its dependency 'gamma' failed", e.Message);
        Assert.True(reader.Holds(0));
        Assert.True(File.Exists(image));
    }

    [Fact]
    public async Task A_dependency_no_participant_owns_refuses_the_update_before_any_participant_is_called()
    {
        var journal = new Journal();
        var update = new KhoLiveUpdate(new KhoLiveUpdateOptions { ImagePath = "unused.img" });
        update.Register(new Probe<AlphaV1>(journal, Trio.AlphaState(1), "nowhere"));

        var e = await Assert.ThrowsAsync<KhoLiveUpdateException>(() => update.UpdateAsync(Catalogs.Own));

        Assert.Contains("depends on 'nowhere'", e.Message);
        Assert.Equal("alpha", e.Format);
        Assert.Equal(0, journal.Count);
    }

    [Fact]
    public async Task Two_live_updates_at_once_on_one_orchestrator_are_refused()
    {
        using var dir = new TempDir();
        var trio = new Trio(1);
        var update = trio.Orchestrator(dir.File("service.img"));
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        trio.Alpha.Before = async phase =>
        {
            if (phase != "preserve") return;
            entered.TrySetResult();
            await release.Task;
        };

        Task<KhoUpdateReport> first = update.UpdateAsync(Catalogs.Own);
        await entered.Task;
        var e = await Assert.ThrowsAsync<KhoLiveUpdateException>(() => update.UpdateAsync(Catalogs.Own));
        var prepare = await Assert.ThrowsAsync<KhoLiveUpdateException>(() => new Func<Task>(async () =>
        {
            var prepared = await update.PrepareAsync(Catalogs.Own);
            await prepared.CancelAsync();
        })());
        release.SetResult();
        var report = await first;

        Assert.Contains("Another live update is under way", e.Message);
        Assert.Contains("Another live update is under way", prepare.Message);
        Assert.Equal(3, report.Entries.Count);
        Assert.Equal(Trio.Calls("preserve", Trio.Formats).Concat(Trio.Calls("freeze", Trio.Formats)), trio.Journal.Entries);
    }

    [Fact]
    public async Task A_prepared_update_can_be_committed_only_once()
    {
        var update = new Trio(1).Orchestrator("unused.img");
        var prepared = await update.PrepareAsync(Catalogs.Own);
        await prepared.CommitAsync(new MemoryStream());
        await Assert.ThrowsAsync<InvalidOperationException>(() => prepared.CommitAsync(new MemoryStream()));
        await Assert.ThrowsAsync<InvalidOperationException>(() => prepared.CancelAsync());
    }
}
