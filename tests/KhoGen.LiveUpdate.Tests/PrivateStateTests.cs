using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using KhoGen.LiveUpdate.Tests.Support;

namespace KhoGen.LiveUpdate.Tests;

/// <summary>
/// The image is the service's own: written 0600 into a 0700 folder of its uid, read only when it
/// is a regular file of that uid, addressed to this service, instance and build, and fresh. Real
/// processes under several uids (tests/LiveUpdateApps/PrivateState, through setpriv).
/// </summary>
public class PrivateStateTests
{
    const uint Alice = 40101, Mallory = 40102, Carol = 40103, Dave = 40104;

    static string Committed(ChildResult r)
    {
        Assert.True(r.ExitCode == 0, r.ToString());
        return Assert.Single(r.Lines, l => l.StartsWith("committed ", StringComparison.Ordinal)).Substring("committed ".Length);
    }

    static void ColdStartRefused(ChildResult r, string why)
    {
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("cold start", r.Lines);
        Assert.DoesNotContain(r.Lines, l => l.StartsWith("restored", StringComparison.Ordinal));
        Assert.Contains(r.Lines, l => l.StartsWith("refused: ", StringComparison.Ordinal) && l.Contains(why, StringComparison.Ordinal));
    }

    [Fact]
    public async Task State_committed_by_another_uid_is_never_restored_however_it_is_placed()
    {
        var apps = await Apps.GetAsync();
        Users.Forget(Alice, Mallory);
        try
        {
            string forged = Committed(await Users.RunAsync(Mallory, apps.PrivateState, "commit", "mallory"));
            string image = Committed(await Users.RunAsync(Alice, apps.PrivateState, "commit", "alice"));
            Assert.Equal(Users.DefaultFolder(Alice), Path.GetDirectoryName(image));
            Assert.Equal(Path.GetFileName(forged), Path.GetFileName(image));   // the same service and instance, another user
            Assert.Equal($"{Alice} 700 directory", await Users.OwnerAndModeAsync(Users.DefaultFolder(Alice)));
            Assert.Equal($"{Alice} 600 regular file", await Users.OwnerAndModeAsync(image));

            // What the other user can do to it: nothing.
            Assert.Contains("denied", (await Users.RunAsync(Mallory, apps.PrivateState, "read", image)).Lines);
            Assert.Contains("denied", (await Users.RunAsync(Mallory, apps.PrivateState, "plant", image + ".planted")).Lines);
            Assert.False(File.Exists(image + ".planted"));

            // However the forged image gets to the path, it is refused and the service starts cold.
            File.Copy(forged, image, overwrite: true);                       // replaced, owned by the other uid
            await Users.RootAsync("chown", $"{Mallory}:{Mallory}", image);
            ColdStartRefused(await Users.RunAsync(Alice, apps.PrivateState, "restore"), $"owned by uid {Mallory}");

            File.Delete(image);                                              // a link to the other uid's image
            File.CreateSymbolicLink(image, forged);
            ColdStartRefused(await Users.RunAsync(Alice, apps.PrivateState, "restore"), "symbolic link");

            File.Delete(image);                                              // a copy the service owns, open to others
            File.Copy(forged, image);
            await Users.RootAsync("chown", $"{Alice}:{Alice}", image);
            await Users.RootAsync("chmod", "666", image);
            ColdStartRefused(await Users.RunAsync(Alice, apps.PrivateState, "restore"), "group or other users may write it");

            // None of it stops the service's own commit, which replaces it (a link is replaced, not followed).
            File.Delete(image);
            File.CreateSymbolicLink(image, forged);
            Assert.Equal(image, Committed(await Users.RunAsync(Alice, apps.PrivateState, "commit", "alice")));
            Assert.Equal($"{Alice} 600 regular file", await Users.OwnerAndModeAsync(image));
            Assert.Equal($"{Mallory} 600 regular file", await Users.OwnerAndModeAsync(forged));   // the link's target is untouched
            var restored = await Users.RunAsync(Alice, apps.PrivateState, "restore");
            Assert.Contains($"restored alice from {image}", restored.Lines);
        }
        finally
        {
            Users.Forget(Alice, Mallory);
        }
    }

    [Fact]
    public async Task Empty_or_garbage_files_another_uid_planted_do_not_stop_the_service_starting_or_committing()
    {
        var apps = await Apps.GetAsync();
        Users.Forget(Dave, Mallory);
        string legacy = "/dev/shm/khogen-PrivateState.img";   // the shared path of image version 1
        try
        {
            string image = Committed(await Users.RunAsync(Dave, apps.PrivateState, "commit", "dave"));
            Assert.Contains("restored dave from " + image, (await Users.RunAsync(Dave, apps.PrivateState, "restore")).Lines);
            Assert.False(File.Exists(image));

            await Users.ShellAsync(Mallory, "touch", legacy);
            File.WriteAllText(image, "");                                     // empty, then garbage, owned by the other uid
            await Users.RootAsync("chown", $"{Mallory}:{Mallory}", image);
            ColdStartRefused(await Users.RunAsync(Dave, apps.PrivateState, "restore"), $"owned by uid {Mallory}");
            File.WriteAllText(image, "KHOIMAGE garbage");
            ColdStartRefused(await Users.RunAsync(Dave, apps.PrivateState, "restore"), $"owned by uid {Mallory}");

            Assert.Equal(image, Committed(await Users.RunAsync(Dave, apps.PrivateState, "commit", "dave")));
            Assert.Contains("restored dave from " + image, (await Users.RunAsync(Dave, apps.PrivateState, "restore")).Lines);
        }
        finally
        {
            Users.Forget(Dave, Mallory);
            File.Delete(legacy);
        }
    }

    [Fact]
    public async Task A_runtime_folder_another_uid_created_first_is_refused_and_the_service_still_starts()
    {
        var apps = await Apps.GetAsync();
        string folder = Users.DefaultFolder(Carol);
        Users.Forget(Carol, Mallory);
        try
        {
            // The other user takes the victim's folder name before it exists, opens it to all, and puts state in it.
            Committed(await Users.RunAsync(Mallory, apps.PrivateState, "commit", "mallory", "--folder", folder));
            await Users.ShellAsync(Mallory, "chmod", "777", folder);

            ColdStartRefused(await Users.RunAsync(Carol, apps.PrivateState, "restore"), $"The runtime folder {folder} is owned by uid {Mallory}");
            var commit = await Users.RunAsync(Carol, apps.PrivateState, "commit", "carol");
            Assert.Equal(3, commit.ExitCode);
            Assert.Contains(commit.Lines, l => l.StartsWith("failed: ", StringComparison.Ordinal) &&
                l.Contains($"The runtime folder {folder} is owned by uid {Mallory}", StringComparison.Ordinal) && l.Contains("Fix: remove", StringComparison.Ordinal));
            Assert.Single(Directory.GetFiles(folder));                        // nothing of the service's went into it
        }
        finally
        {
            Users.Forget(Carol, Mallory);
        }
    }

    [Fact]
    public async Task Two_instances_of_one_build_side_by_side_each_restore_their_own_state()
    {
        var apps = await Apps.GetAsync();
        using var dir = new TempDir();
        string one = Committed(await Child.RunDllAsync(apps.PrivateState, "commit", "first", "--folder", dir.Path, "--instance", "one"));
        string two = Committed(await Child.RunDllAsync(apps.PrivateState, "commit", "second", "--folder", dir.Path, "--instance", "two"));
        Assert.NotEqual(one, two);

        var first = await Child.RunDllAsync(apps.PrivateState, "restore", "--folder", dir.Path, "--instance", "one");
        var second = await Child.RunDllAsync(apps.PrivateState, "restore", "--folder", dir.Path, "--instance", "two");
        var third = await Child.RunDllAsync(apps.PrivateState, "restore", "--folder", dir.Path, "--instance", "three");

        Assert.Contains($"restored first from {one}", first.Lines);
        Assert.Contains($"restored second from {two}", second.Lines);
        Assert.Equal(new[] { "cold start" }, third.Lines);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public async Task An_image_negotiated_for_another_build_is_refused_reported_and_kept()
    {
        var apps = await Apps.GetAsync();
        using var dir = new TempDir();
        // The next build: the same formats and one more (it reads this build's state; it is not this build).
        KhoCatalog own = KhoCatalog.LoadAny(apps.PrivateState), other = KhoCatalog.LoadAny(apps.NextBuild);
        var next = new KhoCatalog("PrivateState", "2.0.0.0", own.Formats.Concat(other.Formats.Where(f => f.Name != "session")),
            own.Data.Concat(other.Data), own.Enums.Concat(other.Enums));
        File.WriteAllText(dir.File("next.kho.json"), next.ToJson());
        string image = Committed(await Child.RunDllAsync(apps.PrivateState, "commit", "alice", "--folder", dir.Path, "--next", dir.File("next.kho.json")));
        byte[] bytes = File.ReadAllBytes(image);

        var restore = await Child.RunDllAsync(apps.PrivateState, "restore", "--folder", dir.Path);

        ColdStartRefused(restore, "the image was negotiated for PrivateState 2.0.0.0");
        Assert.Contains("not for this build, PrivateState 0.1.0.0", restore.StdOut);
        Assert.Equal(bytes, File.ReadAllBytes(image));   // it may be for the build about to start
        File.Delete(dir.File("next.kho.json"));
    }

    [Fact]
    public async Task An_image_whose_finish_never_completed_is_restored_again_until_it_is_stale_then_refused_and_deleted()
    {
        var apps = await Apps.GetAsync();
        using var dir = new TempDir();
        string image = Committed(await Child.RunDllAsync(apps.PrivateState, "commit", "alice", "--folder", dir.Path));

        var crashed = await Child.RunDllAsync(apps.PrivateState, "restore", "--folder", dir.Path, "--no-finish");
        Assert.Contains($"restored alice from {image}", crashed.Lines);
        Assert.True(File.Exists(image));
        var restarted = await Child.RunDllAsync(apps.PrivateState, "restore", "--folder", dir.Path, "--no-finish");
        Assert.Contains($"restored alice from {image}", restarted.Lines);   // within MaxImageAge: a restart during warm-up keeps the state

        // Older than the limit (1 ms: the process starts later than that): refused, reported, deleted.
        var late = await Child.RunDllAsync(apps.PrivateState, "restore", "--folder", dir.Path, "--max-age-ms", "1");
        ColdStartRefused(late, "beyond MaxImageAge");
        Assert.False(File.Exists(image));
    }
}
