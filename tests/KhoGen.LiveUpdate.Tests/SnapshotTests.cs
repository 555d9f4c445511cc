using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using KhoGen.LiveUpdate.Tests.Formats;
using KhoGen.LiveUpdate.Tests.Support;

namespace KhoGen.LiveUpdate.Tests;

/// <summary>
/// <see cref="KhoLiveUpdate.WriteSnapshotAsync"/>: the running build writes its state for
/// verification without stopping; no participant is frozen, and no restore takes a snapshot.
/// </summary>
public class SnapshotTests
{
    static readonly MemfdV2 State = new(4096, 1 << 20, new KhoArray<Folio> { [7] = new Folio(70, FolioFlags.Dirty) }, Seals.Grow, 9);

    [Fact]
    public async Task A_snapshot_preserves_and_unpreserves_each_participant_and_verifies_in_the_next_build()
    {
        using var dir = new TempDir();
        var journal = new Journal();
        var running = new KhoLiveUpdate(new KhoLiveUpdateOptions { RuntimeFolder = dir.Path, ImagePath = dir.File("service.img") });
        running.Register(new Probe<MemfdV2>(journal, State));
        running.Register(new Probe<AlphaV1>(journal, new AlphaV1(3, "a")));

        var report = await running.WriteSnapshotAsync();

        Assert.Equal(dir.File(Path.GetFileName(running.Options.SnapshotPath)), report.Path);
        Assert.Equal(new[] { "memfd-v2", "alpha-v1" }, report.Entries.Select(e => e.Id));
        Assert.Equal(new[] { "memfd.preserve", "alpha.preserve", "alpha.unpreserve", "memfd.unpreserve" }, journal.Entries);
        Assert.False(File.Exists(running.Options.ImagePath));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(report.Path));

        var next = new KhoLiveUpdate(new KhoLiveUpdateOptions { RuntimeFolder = dir.Path, ImagePath = dir.File("next.img") });
        next.Register(new Probe<MemfdV2>(new Journal(), State));
        next.Register(new Probe<AlphaV1>(new Journal(), new AlphaV1(0, "")));
        Assert.True(next.VerifyImage(report.Path).Ok);

        // A live update still works afterwards: the snapshot left no session open.
        await running.UpdateAsync(Catalogs.Own);
        Assert.True(File.Exists(running.Options.ImagePath));
    }

    [Fact]
    public async Task With_the_next_builds_catalog_each_format_is_written_in_the_negotiated_version()
    {
        using var dir = new TempDir();
        var running = new KhoLiveUpdate(new KhoLiveUpdateOptions { ImagePath = dir.File("service.img") });
        running.Register(new Probe<MemfdV2>(new Journal(), State));

        var report = await running.WriteSnapshotAsync(dir.File("s.snapshot"), Catalogs.WithoutVersion(Catalogs.Own, "memfd-v2"));

        Assert.Equal("memfd-v1", Assert.Single(report.Entries).Id);
    }

    [Fact]
    public async Task A_snapshot_is_never_restored_and_never_written_to_the_image_path()
    {
        using var dir = new TempDir();
        string image = dir.File("service.img");
        var running = new KhoLiveUpdate(new KhoLiveUpdateOptions { ImagePath = image });
        running.Register(new Probe<MemfdV2>(new Journal(), State));

        var e = await Assert.ThrowsAsync<ArgumentException>(() => running.WriteSnapshotAsync(image));
        Assert.Contains("never written to the handover image path", e.Message);

        var report = await running.WriteSnapshotAsync(dir.File("s.snapshot"));
        File.Copy(report.Path, image);
        var journal = new Journal();
        var next = new KhoLiveUpdate(new KhoLiveUpdateOptions { ImagePath = image });
        next.Register(new Probe<MemfdV2>(journal, State));
        var restored = await next.RestoreAsync();
        Assert.Contains("negotiated for " + KhoLiveUpdate.SnapshotSuccessor, restored.Refused);
        Assert.Equal(new[] { "memfd.coldstart" }, journal.Entries);
    }

    [Fact]
    public async Task A_participant_that_fails_to_preserve_leaves_no_snapshot_and_the_others_unpreserved()
    {
        using var dir = new TempDir();
        var journal = new Journal();
        var running = new KhoLiveUpdate(new KhoLiveUpdateOptions { ImagePath = dir.File("service.img") });
        running.Register(new Probe<MemfdV2>(journal, State));
        var alpha = new Probe<AlphaV1>(journal, new AlphaV1(3, "a"));
        alpha.FailOnce.Add("preserve");
        running.Register(alpha);

        var e = await Assert.ThrowsAsync<KhoLiveUpdateException>(() => running.WriteSnapshotAsync(dir.File("s.snapshot")));

        Assert.Equal((KhoPhase.Preserve, "alpha"), (e.Phase, e.Format));
        Assert.Contains("no snapshot was written", e.Message);
        Assert.Equal(new[] { "memfd.preserve", "alpha.preserve", "memfd.unpreserve" }, journal.Entries);
        Assert.False(File.Exists(dir.File("s.snapshot")));
    }
}
