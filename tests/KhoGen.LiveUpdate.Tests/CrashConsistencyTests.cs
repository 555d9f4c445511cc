using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using KhoGen.LiveUpdate.Tests.Support;

namespace KhoGen.LiveUpdate.Tests;

/// <summary>
/// A writer process killed at any byte of the image (KHOGEN_TEST_CRASH_AT_BYTE) leaves the path
/// holding the previous image, intact; two writers racing leave one whole image, never a mix.
/// The writers are tests/LiveUpdateApps/CrashWriter, built once per run.
/// </summary>
public class CrashConsistencyTests
{
    const string Kib = "4";

    static async Task<byte[]> CommitAsync(string crashWriter, string path, string tag, string kib = Kib)
    {
        var result = await Child.RunDllAsync(crashWriter, path, tag, kib);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"committed {new FileInfo(path).Length}", result.Lines);
        return File.ReadAllBytes(path);
    }

    /// <summary>About 40 crash points: every field boundary of the header, spread through the writer catalog, each payload and the commit record.</summary>
    static SortedSet<long> CrashPoints(string image)
    {
        using var img = KhoImage.Open(image);
        long length = img.Length, header = img.Entries[0].Offset, commit = length - 32;
        var points = new SortedSet<long> { 0, 1, 7, 8, 11, 12, 16, 23, 24, 28, header - 9, header - 8, header - 1, header };
        for (int i = 1; i <= 6; i++) points.Add(28 + (header - 36) * i / 7);                // inside the writer catalog and entry table
        foreach (var e in img.Entries)
        {
            points.Add(e.Offset + 1);
            points.Add(e.Offset + e.Length / 2);
            points.Add(e.Offset + e.Length - 1);
        }
        foreach (long d in new long[] { 0, 1, 8, 15, 16, 24, 31 }) points.Add(commit + d);      // the commit record
        for (int i = 1; points.Count < 40; i++) points.Add(header + (commit - header) * i / 11); // more payload bytes
        Assert.All(points, p => Assert.InRange(p, 0, length - 1));
        return points;
    }

    [Fact]
    public async Task A_writer_killed_at_any_byte_leaves_the_previous_image_intact()
    {
        var apps = await Apps.GetAsync();
        using var dir = new TempDir();
        byte[] previous = await CommitAsync(apps.CrashWriter, dir.File("previous.img"), "old");
        byte[] complete = await CommitAsync(apps.CrashWriter, dir.File("complete.img"), "new");
        Assert.NotEqual(previous, complete);
        var points = CrashPoints(dir.File("complete.img"));
        Assert.True(points.Count >= 40);
        // The payloads are written first, at their offsets (the header's room a hole), then the header,
        // then the commit record: a writer killed inside the header leaves every payload written.
        long header, commit;
        using (var img = KhoImage.Open(dir.File("complete.img"))) (header, commit) = (img.Entries[0].Offset, img.Length - 32);

        var failures = new List<string>();
        // Two writers at a time (two cores); each in its own folder.
        await Parallel.ForEachAsync(points, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (n, _) =>
        {
            string folder = Path.Combine(dir.Path, $"crash-{n}");
            TempDir.CreatePrivate(folder);
            string image = Path.Combine(folder, "service.img");
            File.WriteAllBytes(image, previous);
            var result = await Child.RunAsync(Child.Dotnet, new[] { apps.CrashWriter, image, "new", Kib },
                new Dictionary<string, string?> { ["KHOGEN_TEST_CRASH_AT_BYTE"] = n.ToString() });
            lock (failures)
            {
                if (result.ExitCode == 0 || result.StdOut.Contains("committed")) failures.Add($"{n}: the writer was not killed\n{result}");
                if (!File.ReadAllBytes(image).AsSpan().SequenceEqual(previous)) failures.Add($"{n}: the previous image changed");
                var invalid = Record.Exception(() => KhoImage.Open(image).Dispose());
                if (invalid is not null) failures.Add($"{n}: the image at the path is refused: {invalid.Message}");
                var leftovers = Directory.GetFiles(folder).Where(f => f != image).ToList();
                if (leftovers.Count != 1) failures.Add($"{n}: {leftovers.Count} leftover files, expected the one partial temporary file");
                foreach (string left in leftovers)
                {
                    long written = n < header ? commit : n;
                    if (new FileInfo(left).Length != written) failures.Add($"{n}: the partial file holds {new FileInfo(left).Length} bytes, not {written}");
                    var refused = Record.Exception(() => KhoImage.Open(left).Dispose());
                    if (refused is not KhoFormatException) failures.Add($"{n}: a partial image was not refused ({refused?.GetType().Name ?? "accepted"})");
                }
            }
        });

        Assert.Empty(failures);
    }

    [Fact]
    public async Task A_writer_killed_between_the_flush_and_the_rename_leaves_the_previous_image_and_one_whole_temporary_file()
    {
        var apps = await Apps.GetAsync();
        using var dir = new TempDir();
        string image = dir.File("service.img");
        byte[] previous = await CommitAsync(apps.CrashWriter, image, "old");

        var killed = await Child.RunAsync(Child.Dotnet, new[] { apps.CrashWriter, image, "new", Kib },
            new Dictionary<string, string?> { ["KHOGEN_TEST_CRASH_AT"] = "flushed" });

        Assert.NotEqual(0, killed.ExitCode);
        Assert.DoesNotContain("committed", killed.StdOut);
        Assert.Equal(previous, File.ReadAllBytes(image));
        string temp = Assert.Single(Directory.GetFiles(dir.Path, ".service.img.*.tmp"));
        using (var whole = KhoImage.Open(temp)) Assert.Contains(whole.Entries, e => e.Format == "blob");   // complete, only not yet in place
        Assert.EndsWith(" 600 regular file", await Users.OwnerAndModeAsync(temp));

        await CommitAsync(apps.CrashWriter, image, "new");
        Assert.Empty(Directory.GetFiles(dir.Path, ".service.img.*.tmp"));
    }

    [Fact]
    public async Task A_writer_killed_just_after_the_rename_leaves_the_new_image_whole()
    {
        var apps = await Apps.GetAsync();
        using var dir = new TempDir();
        string image = dir.File("service.img");
        await CommitAsync(apps.CrashWriter, image, "old");
        byte[][] expected = Payloads(await CommitPayloadsAsync(apps.CrashWriter, dir.File("expected.img"), "new"));

        var killed = await Child.RunAsync(Child.Dotnet, new[] { apps.CrashWriter, image, "new", Kib },
            new Dictionary<string, string?> { ["KHOGEN_TEST_CRASH_AT"] = "renamed" });

        Assert.NotEqual(0, killed.ExitCode);
        Assert.DoesNotContain("committed", killed.StdOut);
        Assert.Equal(expected, Payloads(image));
        Assert.Empty(Directory.GetFiles(dir.Path, ".service.img.*.tmp"));
    }

    static async Task<string> CommitPayloadsAsync(string crashWriter, string path, string tag)
    {
        await CommitAsync(crashWriter, path, tag);
        return path;
    }

    [Fact]
    public async Task A_rename_that_fails_aborts_the_commit_with_the_full_undo_and_leaves_nothing_behind()
    {
        using var dir = new TempDir();
        string image = dir.File("service.img");
        Directory.CreateDirectory(Path.Combine(image, "in-the-way"));   // the rename over a non-empty folder fails for real
        var trio = new Trio(3);
        var update = trio.Orchestrator(image);

        var e = await Assert.ThrowsAsync<KhoLiveUpdateException>(() => update.UpdateAsync(Catalogs.Own));

        Assert.Equal(KhoPhase.Commit, e.Phase);
        Assert.IsAssignableFrom<IOException>(e.InnerException);
        Assert.Contains("no image was written", e.Message);
        Assert.True(trio.Holds(3));
        Assert.Equal(new[] { image }, Directory.GetFileSystemEntries(dir.Path));   // the temporary file is gone
        Assert.True(Directory.Exists(Path.Combine(image, "in-the-way")));
    }

    [Fact]
    public async Task The_next_commit_removes_what_a_killed_writer_left_behind()
    {
        var apps = await Apps.GetAsync();
        using var dir = new TempDir();
        string image = dir.File("service.img");
        await CommitAsync(apps.CrashWriter, dir.File("complete.img"), "new");
        long length = new FileInfo(dir.File("complete.img")).Length;
        var killed = await Child.RunAsync(Child.Dotnet, new[] { apps.CrashWriter, image, "new", Kib },
            new Dictionary<string, string?> { ["KHOGEN_TEST_CRASH_AT_BYTE"] = (length / 2).ToString() });
        Assert.DoesNotContain("committed", killed.StdOut);
        Assert.Single(Directory.GetFiles(dir.Path, ".service.img.*.tmp"));

        byte[] committed = await CommitAsync(apps.CrashWriter, image, "new");
        Assert.Empty(Directory.GetFiles(dir.Path, ".service.img.*.tmp"));
        Assert.Equal(committed, File.ReadAllBytes(image));
    }

    [Fact]
    public async Task A_writer_killed_with_no_previous_image_leaves_no_image()
    {
        var apps = await Apps.GetAsync();
        using var dir = new TempDir();
        await CommitAsync(apps.CrashWriter, dir.File("complete.img"), "new");
        long length = new FileInfo(dir.File("complete.img")).Length;

        foreach (long n in new[] { 0, length / 2, length - 1 })
        {
            string image = dir.File($"fresh-{n}.img");
            var result = await Child.RunAsync(Child.Dotnet, new[] { apps.CrashWriter, image, "new", Kib },
                new Dictionary<string, string?> { ["KHOGEN_TEST_CRASH_AT_BYTE"] = n.ToString() });

            Assert.NotEqual(0, result.ExitCode);
            Assert.False(File.Exists(image), $"crash at {n} left an image at the path");
            var restore = await new Trio(0).Orchestrator(image).RestoreAsync();
            Assert.True(restore.NoImage);
        }
    }

    static byte[][] Payloads(string path)
    {
        using var img = KhoImage.Open(path);
        return img.Entries.Select(e => img.Payload(e).ToArray()).ToArray();
    }

    sealed class Bytes : IEqualityComparer<byte[]>
    {
        public static readonly Bytes Comparer = new();
        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);
        public int GetHashCode(byte[] obj) => obj.Length;
    }

    [Fact]
    public async Task Two_writers_racing_to_one_path_leave_one_whole_image()
    {
        var apps = await Apps.GetAsync();
        using var dir = new TempDir();
        const string big = "2048";   // 2 MiB each, so the two writes overlap
        byte[] a = await CommitAsync(apps.CrashWriter, dir.File("a.img"), "a", big);
        byte[] b = await CommitAsync(apps.CrashWriter, dir.File("b.img"), "b", big);
        Assert.Equal(a.Length, b.Length);
        Assert.NotEqual(a, b);

        for (int round = 0; round < 4; round++)
        {
            string image = dir.File($"race-{round}.img");
            using var first = Child.Start(Child.Dotnet, new[] { apps.CrashWriter, image, "a", big, "--wait" }, stdin: true);
            using var second = Child.Start(Child.Dotnet, new[] { apps.CrashWriter, image, "b", big, "--wait" }, stdin: true);
            await Task.WhenAll(first.WaitForLineAsync("ready"), second.WaitForLineAsync("ready"));
            await Task.WhenAll(first.WriteLineAsync("go"), second.WriteLineAsync("go"));
            var results = await Task.WhenAll(first.WaitForExitAsync(), second.WaitForExitAsync());

            Assert.All(results, r => Assert.True(r.ExitCode == 0, r.ToString()));
            // The images differ in their creation time; the entries are the writer's own.
            byte[][] final = Payloads(image);
            bool isA = final.SequenceEqual(Payloads(dir.File("a.img")), Bytes.Comparer), isB = final.SequenceEqual(Payloads(dir.File("b.img")), Bytes.Comparer);
            Assert.True(isA || isB, $"round {round}: the image is neither writer's");
        }
        Assert.Equal(new[] { Path.GetFileName(dir.File("a.img")), Path.GetFileName(dir.File("b.img")) }
            .Concat(Enumerable.Range(0, 4).Select(r => $"race-{r}.img")).OrderBy(x => x),
            Directory.GetFiles(dir.Path).Select(Path.GetFileName).OrderBy(x => x));   // no temporary file left behind
    }
}
