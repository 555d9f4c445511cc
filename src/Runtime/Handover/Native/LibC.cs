using System;
using System.Runtime.InteropServices;

namespace KhoGen.Handover.Native;

// The few libc calls the private handover needs and .NET does not offer: open with O_NOFOLLOW,
// statx on a descriptor (owner and type after opening), memfd_create and its seals, and
// sendmsg/recvmsg to pass descriptors (SCM_RIGHTS; dotnet/runtime#932). LibraryImport, blittable
// arguments only: trimming- and AOT-safe. 64-bit Linux (x64, arm64) only; see docs/live-update.md.
static unsafe partial class LibC
{
    const string Lib = "libc";

    public const int EINTR = 4, EAGAIN = 11, EACCES = 13, ENOENT = 2, ELOOP = 40, ECONNREFUSED = 111;

    // open(2) flags. O_NOFOLLOW differs between x64 and the generic (arm64) ABI.
    public const int O_RDONLY = 0, O_NONBLOCK = 0x800, O_CLOEXEC = 0x80000;
    public static int O_NOFOLLOW => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 0x20000,
        Architecture.Arm64 => 0x8000,
        var a => throw new PlatformNotSupportedException($"KhoGen's private handover supports Linux on x64 and arm64, not {a}."),
    };

    public const int AT_FDCWD = -100, AT_SYMLINK_NOFOLLOW = 0x100, AT_EMPTY_PATH = 0x1000;
    public const uint STATX_BASIC_STATS = 0x7ff;

    public const uint MFD_CLOEXEC = 1, MFD_ALLOW_SEALING = 2;
    public const int F_ADD_SEALS = 1033, F_GET_SEALS = 1034;
    public const int F_SEAL_SEAL = 1, F_SEAL_SHRINK = 2, F_SEAL_GROW = 4, F_SEAL_WRITE = 8;
    public const int AllSeals = F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE;

    public const int SOL_SOCKET = 1, SO_PEERCRED = 17, SCM_RIGHTS = 1;
    public const int MSG_CTRUNC = 0x8, MSG_NOSIGNAL = 0x4000, MSG_CMSG_CLOEXEC = 0x40000000;
    public const short POLLIN = 1, POLLOUT = 4;

    [LibraryImport(Lib)]
    public static partial uint geteuid();

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int open(string path, int flags, uint mode);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int statx(int dirfd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int memfd_create(string name, uint flags);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int fcntl(int fd, int cmd, int arg);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint sendmsg(int fd, MessageHeader* message, int flags);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint recvmsg(int fd, MessageHeader* message, int flags);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int poll(PollFd* fds, nuint count, int timeoutMs);

    public static int Errno => Marshal.GetLastPInvokeError();

    public static string Describe(int errno) => $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";

    /// <summary>struct msghdr (LP64).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MessageHeader
    {
        public void* Name;
        public uint NameLength;
        public IoVector* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    /// <summary>struct iovec.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct IoVector
    {
        public void* Base;
        public nuint Length;
    }

    /// <summary>struct pollfd.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    /// <summary>The header of a control message, struct cmsghdr (LP64): 16 bytes, data 8-aligned.</summary>
    public const int ControlHeader = 16;
    public static int ControlSpace(int dataBytes) => ControlHeader + ((dataBytes + 7) & ~7);
}
