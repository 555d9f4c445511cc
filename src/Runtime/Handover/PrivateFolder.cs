using System;
using System.IO;
using KhoGen.Handover.Native;

namespace KhoGen.Handover;

/// <summary>
/// The runtime folder that holds images and the handover socket: only the service's user may enter
/// it. Created 0700 and checked before every use: a real folder (not a link), owned by the
/// effective uid, with no group or other access. See docs/live-update.md#security.
/// </summary>
static class PrivateFolder
{
    /// <summary>
    /// <c>$RUNTIME_DIRECTORY</c> (systemd's <c>RuntimeDirectory=</c>; the first when it lists several),
    /// else <c>$XDG_RUNTIME_DIR/khogen</c>, else <c>/dev/shm/khogen-{uid}</c> on Linux, else a per-user
    /// folder under the temp folder.
    /// </summary>
    public static string Default()
    {
        if (Environment.GetEnvironmentVariable("RUNTIME_DIRECTORY") is { Length: > 0 } systemd)
            return systemd.Split(':')[0];
        if (Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR") is { Length: > 0 } xdg && Path.IsPathRooted(xdg))
            return Path.Combine(xdg, "khogen");
        if (OperatingSystem.IsLinux() && Directory.Exists("/dev/shm"))
            return $"/dev/shm/khogen-{LibC.geteuid()}";
        return Path.Combine(Path.GetTempPath(), $"khogen-{Environment.UserName}");
    }

    /// <summary>Creates <paramref name="folder"/> (0700) when it does not exist, then checks it.</summary>
    /// <exception cref="UnauthorizedAccessException">The folder is not private; the message names it, what is wrong and the fix.</exception>
    public static void Ensure(string folder)
    {
        if (!OperatingSystem.IsWindows())
        {
            try { Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute); }
            catch (IOException) { }   // a file or a dangling link in the way: Check names it
        }
        else Directory.CreateDirectory(folder);
        Check(folder);
    }

    /// <summary>Whether anything (a folder, a file, a link) is at <paramref name="folder"/>.</summary>
    public static bool Exists(string folder) =>
        OperatingSystem.IsLinux() ? FileFacts.OfPath(folder) is not null : Directory.Exists(folder) || File.Exists(folder);

    /// <summary>Checks an existing folder; nothing to check on Windows (the temp folder is per user).</summary>
    /// <exception cref="UnauthorizedAccessException">The folder is missing or not private.</exception>
    public static void Check(string folder)
    {
        if (Problem(folder) is string problem) throw new UnauthorizedAccessException(problem);
    }

    /// <summary>
    /// What is wrong with <paramref name="folder"/> as a private runtime folder, or null. Its owner
    /// must be the effective uid, or one of <paramref name="owners"/> when given (a successor that
    /// trusts the running build's uid, <see cref="KhoLiveUpdateOptions.AllowedPeerUids"/>).
    /// </summary>
    public static string? Problem(string folder, System.Func<uint, bool>? owners = null)
    {
        if (OperatingSystem.IsWindows()) return null;
        string fix = Fix(folder);
        if (!OperatingSystem.IsLinux())
        {
            if (!Directory.Exists(folder)) return $"The runtime folder {folder} does not exist. Fix: {fix}";
            var mode = File.GetUnixFileMode(folder);
            return (mode & (UnixFileMode)0x3F) != 0 ? $"The runtime folder {folder} is open to other users (mode {Octal((uint)mode)}). Fix: {fix}" : null;
        }
        FileFacts? facts = FileFacts.OfPath(folder);
        uint me = LibC.geteuid();
        if (facts is not FileFacts f) return $"The runtime folder {folder} does not exist. Fix: {fix}";
        if (f.IsLink) return $"The runtime folder {folder} is a symbolic link, which another user could point anywhere. Fix: {fix}";
        if (!f.IsDirectory) return $"The runtime folder {folder} is {f.TypeName}, not a folder. Fix: {fix}";
        if (f.Uid != me && owners?.Invoke(f.Uid) != true)
            return $"The runtime folder {folder} is owned by uid {f.Uid}, not by this process's effective uid {me}: another user may have created it to plant or read state. Fix: {fix}";
        if ((f.Mode & 0x3F) != 0)
            return $"The runtime folder {folder} has mode {Octal(f.Mode)}: its group or other users have access. Fix: chmod 700 {folder}" +
                (Environment.GetEnvironmentVariable("RUNTIME_DIRECTORY") is { Length: > 0 } ? " (under systemd: RuntimeDirectoryMode=0700)." : ".");
        return null;
    }

    static string Fix(string folder) =>
        $"remove {folder} (as its owner or root) so the service creates it for itself, or choose a runtime folder only this user can enter " +
        "(KhoLiveUpdateOptions.RuntimeFolder, KhoGen:RuntimeFolder, or systemd's RuntimeDirectory= with RuntimeDirectoryMode=0700).";

    static string Octal(uint mode) => Convert.ToString(mode & 0x1FF, 8).PadLeft(4, '0');
}
