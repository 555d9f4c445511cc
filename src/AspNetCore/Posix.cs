using System.ComponentModel;
using System.Runtime.InteropServices;

namespace KhoGen.AspNetCore;

/// <summary>The few descriptor calls .NET does not expose: close-on-exec and duplication.</summary>
static class Posix
{
    const int F_GETFD = 1, F_SETFD = 2, FD_CLOEXEC = 1;
    const int F_DUPFD_CLOEXEC = 1030; // Linux

    [DllImport("libc", SetLastError = true)]
    static extern int fcntl(int fd, int cmd, int arg);

    /// <summary>Sets or clears close-on-exec, so a descriptor passes to exec'd children only when meant to.</summary>
    /// <exception cref="Win32Exception">The descriptor is not open.</exception>
    public static void SetCloseOnExec(int fd, bool closeOnExec)
    {
        int flags = Check(fcntl(fd, F_GETFD, 0), fd);
        Check(fcntl(fd, F_SETFD, closeOnExec ? flags | FD_CLOEXEC : flags & ~FD_CLOEXEC), fd);
    }

    /// <summary>A duplicate of <paramref name="fd"/> (the same open socket), close-on-exec, numbered 3 or above.</summary>
    public static int DuplicateCloseOnExec(int fd) => Check(fcntl(fd, F_DUPFD_CLOEXEC, 3), fd);

    static int Check(int result, int fd) =>
        result >= 0 ? result : throw new Win32Exception(Marshal.GetLastPInvokeError(), $"fcntl on descriptor {fd} failed");
}
