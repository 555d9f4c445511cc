using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using KhoGen.LiveUpdate.Tests.Support;

namespace KhoGen.LiveUpdate.Tests;

/// <summary>
/// The next build's phases with a failure injected into retrieve, can-finish and finish of each
/// participant: what is remembered, what is kept, and what a retry does.
/// </summary>
public class RestorePhaseTests
{
    static readonly string[] Order = Trio.Formats;

    static async Task<byte[]> WriteImage(string image, int seed = 1)
    {
        await new Trio(seed).Orchestrator(image).UpdateAsync(Catalogs.Own);
        return File.ReadAllBytes(image);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_failed_retrieve_is_remembered_keeps_the_image_and_calls_nobody_again(int failing)
    {
        using var dir = new TempDir();
        string image = dir.File("service.img");
        byte[] bytes = await WriteImage(image);
        var trio = new Trio(0);
        trio.FailOnce(Order[failing], "retrieve");
        var update = trio.Orchestrator(image);

        var e = await Assert.ThrowsAsync<KhoLiveUpdateException>(() => update.RestoreAsync());

        Assert.Equal(KhoPhase.Retrieve, e.Phase);
        Assert.Equal(Order[failing], e.Format);
        Assert.IsType<ProbeFailure>(e.InnerException);
        Assert.Equal(Trio.Calls("retrieve", Order), trio.Journal.Entries);   // independent: the others went on
        Assert.Equal(failing == 0 ? Trio.AlphaState(0) : Trio.AlphaState(1), trio.Alpha.State);
        Assert.Equal(failing == 1 ? Trio.BetaState(0) : Trio.BetaState(1), trio.Beta.State);
        Assert.Equal(failing == 2 ? Trio.GammaState(0) : Trio.GammaState(1), trio.Gamma.State);
        Assert.Equal(bytes, File.ReadAllBytes(image));

        // Remembered: the same failure again, and no participant is called (the probe would succeed now).
        var again = await Assert.ThrowsAsync<KhoLiveUpdateException>(() => update.RestoreAsync());
        Assert.Same(e, again);
        Assert.Equal(3, trio.Journal.Count);
        await Assert.ThrowsAsync<InvalidOperationException>(() => update.FinishAsync());
        Assert.True(File.Exists(image));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Finish_returns_false_and_keeps_the_image_while_a_participant_cannot_finish(int notReady)
    {
        using var dir = new TempDir();
        string image = dir.File("service.img");
        byte[] bytes = await WriteImage(image);
        var trio = new Trio(0);
        var update = trio.Orchestrator(image);
        await update.RestoreAsync();
        trio.SetReady(Order[notReady], false);

        Assert.False(await update.FinishAsync());

        Assert.Equal(Trio.Calls("retrieve", Order).Concat(Trio.Calls("canfinish", Order)), trio.Journal.Entries);
        Assert.Equal(bytes, File.ReadAllBytes(image));

        trio.SetReady(Order[notReady], true);
        Assert.True(await update.FinishAsync());
        Assert.Equal(Trio.Calls("canfinish", Order).Concat(Trio.Calls("finish", Order)), trio.Journal.Entries.Skip(6));
        Assert.False(File.Exists(image));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_can_finish_that_throws_fails_finish_for_that_participant_and_keeps_the_image(int failing)
    {
        using var dir = new TempDir();
        string image = dir.File("service.img");
        await WriteImage(image);
        var trio = new Trio(0);
        var update = trio.Orchestrator(image);
        await update.RestoreAsync();
        trio.FailOnce(Order[failing], "canfinish");

        var e = await Assert.ThrowsAsync<KhoLiveUpdateException>(() => update.FinishAsync());

        Assert.Equal(KhoPhase.Finish, e.Phase);
        Assert.Equal(Order[failing], e.Format);
        Assert.IsType<ProbeFailure>(e.InnerException);
        Assert.DoesNotContain(trio.Journal.Entries, x => x.EndsWith(".finish", StringComparison.Ordinal));
        Assert.True(File.Exists(image));

        Assert.True(await update.FinishAsync());
        Assert.Equal(Trio.Calls("finish", Order), trio.Journal.Entries.Where(x => x.EndsWith(".finish", StringComparison.Ordinal)));
        Assert.False(File.Exists(image));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_failed_finish_keeps_the_image_and_a_retry_finishes_the_rest(int failing)
    {
        using var dir = new TempDir();
        string image = dir.File("service.img");
        byte[] bytes = await WriteImage(image);
        var trio = new Trio(0);
        var update = trio.Orchestrator(image);
        await update.RestoreAsync();
        trio.FailOnce(Order[failing], "finish");

        var e = await Assert.ThrowsAsync<KhoLiveUpdateException>(() => update.FinishAsync());

        Assert.Equal(KhoPhase.Finish, e.Phase);
        Assert.Equal(Order[failing], e.Format);
        Assert.IsType<ProbeFailure>(e.InnerException);
        Assert.Equal(Trio.Calls("canfinish", Order).Concat(Trio.Calls("finish", Order.Take(failing + 1).ToArray())), trio.Journal.Entries.Skip(3));
        Assert.Equal(bytes, File.ReadAllBytes(image));

        int before = trio.Journal.Count;
        Assert.True(await update.FinishAsync());
        var rest = Order.Skip(failing).ToArray();   // those finished already are not asked again
        Assert.Equal(Trio.Calls("canfinish", rest).Concat(Trio.Calls("finish", rest)), trio.Journal.Entries.Skip(before));
        Assert.False(File.Exists(image));
    }

    [Fact]
    public async Task Restore_is_idempotent()
    {
        using var dir = new TempDir();
        string image = dir.File("service.img");
        await WriteImage(image);
        var trio = new Trio(0);
        var update = trio.Orchestrator(image);

        var first = await update.RestoreAsync();
        var second = await update.RestoreAsync();

        Assert.Same(first, second);
        Assert.Equal(Trio.Calls("retrieve", Order), trio.Journal.Entries);
        Assert.True(trio.Holds(1));
        Assert.Equal(Order.Select(f => f + "-v1"), first.Retrieved.Select(r => r.Id));
        Assert.Equal($"{Catalogs.Own.AssemblyName} {Catalogs.Own.AssemblyVersion}", first.Writer);
    }

    [Fact]
    public async Task With_no_image_every_participant_cold_starts()
    {
        using var dir = new TempDir();
        var trio = new Trio(5);
        var update = trio.Orchestrator(dir.File("none.img"));

        var report = await update.RestoreAsync();

        Assert.True(report.NoImage);
        Assert.Equal(Order, report.ColdStarts);
        Assert.Equal(Trio.Calls("coldstart", Order), trio.Journal.Entries);
        Assert.True(await update.FinishAsync());
    }

    [Fact]
    public async Task A_participant_with_no_entry_in_the_image_cold_starts_and_the_others_retrieve()
    {
        using var dir = new TempDir();
        string image = dir.File("service.img");
        await new Trio(1).Orchestrator(image, null, "alpha").UpdateAsync(Catalogs.Own);
        var trio = new Trio(0);

        var report = await trio.Orchestrator(image).RestoreAsync();

        Assert.Equal(new[] { "alpha.retrieve", "beta.coldstart", "gamma.coldstart" }, trio.Journal.Entries);
        Assert.Equal(new[] { "alpha-v1" }, report.Retrieved.Select(r => r.Id));
        Assert.Equal(new[] { "beta", "gamma" }, report.ColdStarts);
        Assert.Equal(Trio.AlphaState(1), trio.Alpha.State);
    }

    [Fact]
    public async Task An_entry_no_participant_owns_refuses_the_whole_restore_before_any_participant_is_called()
    {
        using var dir = new TempDir();
        string image = dir.File("service.img");
        byte[] bytes = await WriteImage(image);
        var trio = new Trio(0);
        var update = trio.Orchestrator(image, null, "alpha", "beta");

        var e = await Assert.ThrowsAsync<KhoLiveUpdateException>(() => update.RestoreAsync());

        Assert.Equal(KhoPhase.Retrieve, e.Phase);
        Assert.Contains("gamma-v1: this build has no participant for format 'gamma'", e.Message);
        Assert.Contains("before any participant was called", e.Message);
        Assert.Equal(0, trio.Journal.Count);
        Assert.Equal(bytes, File.ReadAllBytes(image));
    }

    [Fact]
    public async Task An_entry_of_a_droppable_format_is_dropped_and_the_rest_restored()
    {
        using var dir = new TempDir();
        string image = dir.File("service.img");
        await WriteImage(image);
        var trio = new Trio(0);
        var update = new KhoLiveUpdate(new KhoLiveUpdateOptions { ImagePath = image, DroppableFormats = { "gamma" } });
        update.Register(trio.Alpha);
        update.Register(trio.Beta);

        var report = await update.RestoreAsync();

        Assert.Equal(new[] { "gamma-v1" }, report.Dropped);
        Assert.Equal(new[] { "alpha.retrieve", "beta.retrieve" }, trio.Journal.Entries);
        Assert.Equal(Trio.AlphaState(1), trio.Alpha.State);
        Assert.Equal(Trio.BetaState(1), trio.Beta.State);
    }

    [Fact]
    public async Task Finish_needs_a_successful_restore()
    {
        var update = new Trio(0).Orchestrator("unused.img");
        await Assert.ThrowsAsync<InvalidOperationException>(() => update.FinishAsync());
    }

    [Fact]
    public async Task A_stream_transport_carries_the_image_and_finish_deletes_no_file()
    {
        using var dir = new TempDir();
        string image = dir.File("service.img");
        var writer = new Trio(3);
        var stream = new MemoryStream();
        var written = await (await writer.Orchestrator(image).PrepareAsync(Catalogs.Own)).CommitAsync(stream);
        Assert.Null(written.ImagePath);
        Assert.Equal(stream.Length, written.ImageBytes);
        File.WriteAllText(image, "not touched");

        var reader = new Trio(0);
        var update = reader.Orchestrator(image);
        await update.RestoreAsync(new MemoryStream(stream.ToArray()));

        Assert.True(reader.Holds(3));
        Assert.True(await update.FinishAsync());
        Assert.Equal("not touched", File.ReadAllText(image));
    }

    [Fact]
    public async Task Finish_leaves_alone_an_image_committed_to_the_same_path_after_the_restore()
    {
        using var dir = new TempDir();
        string image = dir.File("service.img");
        await WriteImage(image);
        var trio = new Trio(0);
        var update = trio.Orchestrator(image);
        await update.RestoreAsync();
        trio.SetReady("beta", false);
        Assert.False(await update.FinishAsync());

        // The restored build hands over again (say, a rollback) before the old image was released.
        trio.Alpha.State = Trio.AlphaState(7);
        await update.UpdateAsync(Catalogs.Own);
        byte[] fresh = File.ReadAllBytes(image);
        trio.SetReady("beta", true);
        Assert.True(await update.FinishAsync());

        Assert.Equal(fresh, File.ReadAllBytes(image));
        var next = new Trio(0);
        await next.Orchestrator(image).RestoreAsync();
        Assert.Equal(Trio.AlphaState(7), next.Alpha.State);
    }

    [Fact]
    public async Task Finishing_twice_does_not_delete_a_later_image()
    {
        using var dir = new TempDir();
        string image = dir.File("service.img");
        await WriteImage(image);
        var update = new Trio(0).Orchestrator(image);
        await update.RestoreAsync();
        Assert.True(await update.FinishAsync());
        Assert.False(File.Exists(image));

        byte[] later = await WriteImage(image, seed: 4);
        Assert.True(await update.FinishAsync());

        Assert.Equal(later, File.ReadAllBytes(image));
    }
}
