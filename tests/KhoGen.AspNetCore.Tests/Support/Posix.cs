using System.Runtime.InteropServices;

namespace KhoGen.AspNetCore.Tests.Support;

static class Posix
{
    [DllImport("libc", SetLastError = true)]
    public static extern int kill(int pid, int sig);

    [DllImport("libc", SetLastError = true)]
    static extern int fcntl(int fd, int cmd, int arg);

    public const int SigTerm = 15;

    /// <summary>Clears close-on-exec, so that a child started now inherits <paramref name="fd"/>.</summary>
    public static void Inheritable(int fd)
    {
        const int F_GETFD = 1, F_SETFD = 2, FD_CLOEXEC = 1;
        int flags = fcntl(fd, F_GETFD, 0);
        Assert.True(flags >= 0 && fcntl(fd, F_SETFD, flags & ~FD_CLOEXEC) >= 0, $"fcntl({fd}): {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>
    /// Starts <c>dotnet dll args</c> the way systemd starts a socket-activated service: bash moves
    /// <paramref name="fd"/> to descriptor 3 and execs the service, so LISTEN_PID is the service's id.
    /// </summary>
    public static Service StartActivated(int fd, string name, string dll, params string[] args)
    {
        Inheritable(fd);
        return Service.Start("/bin/bash",
            ["-c", $"export LISTEN_PID=$$ LISTEN_FDS=1 LISTEN_FDNAMES={name}; exec \"$0\" \"$@\" 3<&{fd} {fd}<&-", "dotnet", dll, .. args]);
    }
}
