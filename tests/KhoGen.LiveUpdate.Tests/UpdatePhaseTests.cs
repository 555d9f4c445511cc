using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using KhoGen.LiveUpdate.Tests.Formats;
using KhoGen.LiveUpdate.Tests.Support;

namespace KhoGen.LiveUpdate.Tests;

/// <summary>
/// The old build's phases with a failure injected into each callback of each participant: exactly
/// the documented undo, no new image (the previous one intact byte for byte), the participants'
/// state unchanged, and an exception naming the phase and the participant.
/// </summary>
public class UpdatePhaseTests
{
    static readonly string[] Order = Trio.Formats;

    /// <summary>A successful live update of other states: the image a failed one must leave alone.</summary>
    static async Task<byte[]> WritePreviousImage(string image)
    {
        await new Trio(1).Orchestrator(image).UpdateAsync(Catalogs.Own);
        return File.ReadAllBytes(image);
    }

    static void AssertNothingWritten(TempDir dir, string image, byte[] previous, Trio trio)
    {
        Assert.Equal(previous, File.ReadAllBytes(image));
        Assert.Equal(new[] { image }, Directory.GetFileSystemEntries(dir.Path));
        Assert.True(trio.Holds(2), "a participant's state changed");
    }

    /// <summary>The failure was undone completely: the same orchestrator commits on the next try.</summary>
    static async Task AssertCommitsAfterwards(Trio trio, string image)
    {
        await trio.Orchestrator(image).UpdateAsync(Catalogs.Own);
        var next = new Trio(0);
        await next.Orchestrator(image).RestoreAsync();
        Assert.True(next.Holds(2));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_failed_preserve_unpreserves_those_already_preserved_in_reverse_order(int failing)
    {
        using var dir = new TempDir();
        string image = dir.File("service.img");
        byte[] previous = await WritePreviousImage(image);
        var trio = new Trio(2);
        trio.FailOnce(Order[failing], "preserve");
        var update = trio.Orchestrator(image);

        var e = await Assert.ThrowsAsync<KhoLiveUpdateException>(() => update.UpdateAsync(Catalogs.Own));

        Assert.Equal(KhoPhase.Preserve, e.Phase);
        Assert.Equal(Order[failing], e.Format);
        Assert.IsType<ProbeFailure>(e.InnerException);
        var preserved = Order.Take(failing).ToArray();
        Assert.Equal(
            Trio.Calls("preserve", Order.Take(failing + 1).ToArray()).Concat(Trio.Calls("unpreserve", preserved.Reverse().ToArray())),
            trio.Journal.Entries);
        AssertNothingWritten(dir, image, previous, trio);
        await AssertCommitsAfterwards(trio, image);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_failed_freeze_unfreezes_those_frozen_unpreserves_all_and_writes_nothing(int failing)
    {
        using var dir = new TempDir();
        string image = dir.File("service.img");
        byte[] previous = await WritePreviousImage(image);
        var trio = new Trio(2);
        trio.FailOnce(Order[failing], "freeze");
        var update = trio.Orchestrator(image);

        var e = await Assert.ThrowsAsync<KhoLiveUpdateException>(() => update.UpdateAsync(Catalogs.Own));

        Assert.Equal(KhoPhase.Freeze, e.Phase);
        Assert.Equal(Order[failing], e.Format);
        Assert.IsType<ProbeFailure>(e.InnerException);
        Assert.Contains("no image was written", e.Message);
        Assert.Equal(
            Trio.Calls("preserve", Order)
                .Concat(Trio.Calls("freeze", Order.Take(failing + 1).ToArray()))
                .Concat(Trio.Calls("unfreeze", Order.Take(failing).Reverse().ToArray()))
                .Concat(Trio.Calls("unpreserve", Order.Reverse().ToArray())),
            trio.Journal.Entries);
        AssertNothingWritten(dir, image, previous, trio);
        await AssertCommitsAfterwards(trio, image);
    }

    static readonly string[] FullUndo =
        Trio.Calls("preserve", Order)
            .Concat(Trio.Calls("freeze", Order))
            .Concat(Trio.Calls("unfreeze", Order.Reverse().ToArray()))
            .Concat(Trio.Calls("unpreserve", Order.Reverse().ToArray()))
            .ToArray();

    [Fact]
    public async Task A_failed_image_write_unfreezes_and_unpreserves_everyone_and_keeps_the_previous_image()
    {
        using var dir = new TempDir();
        // A valid file name whose temporary sibling (".name.pid.guid.tmp") is longer than a file
        // name may be: the previous image exists (written elsewhere and renamed), and the new one
        // cannot be written beside it.
        string image = dir.File(new string('i', 236) + ".img");
        string elsewhere = dir.File("previous.img");
        byte[] previous = await WritePreviousImage(elsewhere);
        File.Move(elsewhere, image);
        var trio = new Trio(2);
        var update = trio.Orchestrator(image);

        var e = await Assert.ThrowsAsync<KhoLiveUpdateException>(() => update.UpdateAsync(Catalogs.Own));

        Assert.Equal(KhoPhase.Commit, e.Phase);
        Assert.Null(e.Format);
        Assert.IsAssignableFrom<IOException>(e.InnerException);
        Assert.Equal(FullUndo, trio.Journal.Entries);
        AssertNothingWritten(dir, image, previous, trio);
    }

    [Fact]
    public async Task An_image_path_that_cannot_be_created_aborts_the_commit_with_the_full_undo()
    {
        using var dir = new TempDir();
        string notAFolder = dir.File("not-a-folder");
        File.WriteAllText(notAFolder, "a file where the image's folder should be");
        var trio = new Trio(2);
        var update = trio.Orchestrator(Path.Combine(notAFolder, "service.img"));

        var e = await Assert.ThrowsAsync<KhoLiveUpdateException>(() => update.UpdateAsync(Catalogs.Own));

        Assert.Equal(KhoPhase.Commit, e.Phase);
        Assert.IsType<UnauthorizedAccessException>(e.InnerException);
        Assert.Contains($"The runtime folder {notAFolder} is a regular file, not a folder", e.Message);
        Assert.Equal(FullUndo, trio.Journal.Entries);
        Assert.Equal(new[] { notAFolder }, Directory.GetFileSystemEntries(dir.Path));
        Assert.True(trio.Holds(2));
    }

    [Fact]
    public async Task A_transport_stream_that_fails_part_way_aborts_the_commit_with_the_full_undo()
    {
        var trio = new Trio(2);
        var update = trio.Orchestrator("unused.img");
        var prepared = await update.PrepareAsync(Catalogs.Own);
        var stream = new FailingStream(failAfter: 100);

        var e = await Assert.ThrowsAsync<KhoLiveUpdateException>(() => prepared.CommitAsync(stream));

        Assert.Equal(KhoPhase.Commit, e.Phase);
        Assert.IsType<IOException>(e.InnerException);
        Assert.Equal(FullUndo, trio.Journal.Entries);
        Assert.Equal(100, stream.Length);
    }

    [Fact]
    public async Task A_transport_stream_that_cannot_be_written_aborts_the_commit_with_the_full_undo()
    {
        var trio = new Trio(2);
        var update = trio.Orchestrator("unused.img");
        var prepared = await update.PrepareAsync(Catalogs.Own);
        var readOnly = new MemoryStream(new byte[16], writable: false);

        var e = await Assert.ThrowsAsync<KhoLiveUpdateException>(() => prepared.CommitAsync(readOnly));

        Assert.Equal(KhoPhase.Commit, e.Phase);
        Assert.IsType<NotSupportedException>(e.InnerException);
        Assert.Equal(FullUndo, trio.Journal.Entries);
        // The orchestrator is free again.
        var report = await (await update.PrepareAsync(Catalogs.Own)).CommitAsync(new MemoryStream());
        Assert.Equal(3, report.Entries.Count);
    }

    [Fact]
    public async Task An_undo_that_fails_too_is_reported_and_the_others_are_still_undone()
    {
        var trio = new Trio(2);
        trio.FailOnce("gamma", "preserve");
        trio.FailOnce("beta", "unpreserve");
        var update = trio.Orchestrator("unused.img");

        var e = await Assert.ThrowsAsync<KhoLiveUpdateException>(() => update.UpdateAsync(Catalogs.Own));

        Assert.Equal(KhoPhase.Preserve, e.Phase);
        Assert.Equal("gamma", e.Format);
        Assert.Equal(Trio.Calls("preserve", Order).Concat(Trio.Calls("unpreserve", "beta", "alpha")), trio.Journal.Entries);
        var both = Assert.IsType<AggregateException>(e.InnerException);
        Assert.Equal(new[] { "gamma failed to preserve", "beta failed to unpreserve" }, both.InnerExceptions.Select(x => x.Message));
        Assert.Contains("1 undo step(s) failed too", e.Message);
    }

    [Fact]
    public async Task Cancel_unpreserves_everyone_in_reverse_order_and_frees_the_orchestrator()
    {
        var trio = new Trio(2);
        var update = trio.Orchestrator("unused.img");
        var prepared = await update.PrepareAsync(Catalogs.Own);

        await prepared.CancelAsync();

        Assert.Equal(Trio.Calls("preserve", Order).Concat(Trio.Calls("unpreserve", Order.Reverse().ToArray())), trio.Journal.Entries);
        await Assert.ThrowsAsync<InvalidOperationException>(() => prepared.CommitAsync());
        Assert.Equal(3, (await (await update.PrepareAsync(Catalogs.Own)).CommitAsync(new MemoryStream())).Entries.Count);
    }

    [Fact]
    public async Task Freeze_may_hand_over_a_final_state_that_replaces_what_preserve_returned()
    {
        using var dir = new TempDir();
        string image = dir.File("service.img");
        var trio = new Trio(2);
        var update = trio.Orchestrator(image);
        var prepared = await update.PrepareAsync(Catalogs.Own);
        trio.Beta.FreezeTo = Trio.BetaState(9);    // changed between preserve and the cut-over

        await prepared.CommitAsync();

        var next = new Trio(0);
        await next.Orchestrator(image).RestoreAsync();
        Assert.Equal(Trio.AlphaState(2), next.Alpha.State);
        Assert.Equal(Trio.BetaState(9), next.Beta.State);
        Assert.Equal(Trio.GammaState(2), next.Gamma.State);
    }

    /// <summary>A destination that accepts <c>failAfter</c> bytes, then fails like a broken pipe.</summary>
    sealed class FailingStream : MemoryStream
    {
        readonly int _failAfter;
        public FailingStream(int failAfter) => _failAfter = failAfter;

        public override void Write(ReadOnlySpan<byte> buffer) => Write(buffer.ToArray(), 0, buffer.Length);

        public override void Write(byte[] buffer, int offset, int count)
        {
            int room = _failAfter - (int)Length;
            base.Write(buffer, offset, Math.Min(room, count));
            if (count > room) throw new IOException("broken pipe");
        }
    }
}
