using System;
using System.IO;
using KhoGen.Handover.Native;
using Microsoft.Win32.SafeHandles;

namespace KhoGen.Handover;

/// <summary>An image file opened for reading, or why it was refused, or nothing there.</summary>
readonly record struct OpenedImage(SafeFileHandle? Handle, long Length, string? Refusal)
{
    public bool Missing => Handle is null && Refusal is null;
}

/// <summary>
/// Opens a file that is to be read as state: never through a link (O_NOFOLLOW), never blocking on
/// a FIFO, and only when, checked on the open descriptor, it is a regular file owned by the
/// effective uid that no group or other user can write. Anything else is refused, never read.
/// </summary>
static class PrivateFile
{
    public static OpenedImage OpenForRead(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            if (!File.Exists(path)) return default;
            var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            return new OpenedImage(handle, RandomAccess.GetLength(handle), null);
        }
        int fd = LibC.open(path, LibC.O_RDONLY | LibC.O_NOFOLLOW | LibC.O_NONBLOCK | LibC.O_CLOEXEC, 0);
        if (fd < 0)
        {
            int errno = LibC.Errno;
            if (errno == LibC.ENOENT) return default;
            if (errno == LibC.EACCES && FileFacts.OfPath(path) is FileFacts denied && Refusal(path, denied) is string notOurs)
                return new OpenedImage(null, 0, notOurs);
            string why = errno == LibC.ELOOP ? "it is a symbolic link, and links are never followed" : $"it cannot be opened: {LibC.Describe(errno)}";
            return new OpenedImage(null, 0, $"{path}: {why}");
        }
        var owned = new SafeFileHandle(fd, ownsHandle: true);
        string? refusal = Refusal(path, FileFacts.OfDescriptor(fd, path));
        if (refusal is null) return new OpenedImage(owned, FileFacts.OfDescriptor(fd, path).Size, null);
        owned.Dispose();
        return new OpenedImage(null, 0, refusal);
    }

    /// <summary>Why a file with these facts is not this process's private state, or null.</summary>
    public static string? Refusal(string what, FileFacts f)
    {
        uint me = LibC.geteuid();
        if (!f.IsRegular) return $"{what}: it is {f.TypeName}, not a regular file";
        if (f.Uid != me) return $"{what}: it is owned by uid {f.Uid}, not by this process's effective uid {me}";
        if ((f.Mode & 0x12) != 0) return $"{what}: its group or other users may write it (mode {Convert.ToString(f.Mode & 0x1FF, 8)})";
        return null;
    }
}
