using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using KhoGen.Handover.Native;
using Microsoft.Win32.SafeHandles;

namespace KhoGen;

/// <summary>
/// systemd's file descriptor store (docs/regions.md#systemds-file-descriptor-store): hands a
/// region's memfd to the service manager with <c>FDSTORE=1</c> and <c>FDNAME=</c> on the notify
/// socket, so it outlives the process; the next start of the service gets it back through
/// <c>LISTEN_FDS</c>/<c>LISTEN_FDNAMES</c> (<see cref="Listened"/>) and adopts it with
/// <see cref="KhoRegion{T}.Adopt"/>. Needs <c>FileDescriptorStoreMax=</c> in the unit. Linux only.
/// </summary>
public static unsafe class KhoFdStore
{
    /// <summary>The first descriptor systemd passes (<c>SD_LISTEN_FDS_START</c>).</summary>
    public const int FirstDescriptor = 3;

    /// <summary>
    /// Sends <c>FDSTORE=1</c> and <c>FDNAME=<paramref name="name"/></c> with <paramref name="descriptor"/>
    /// attached (SCM_RIGHTS) to <paramref name="notifySocket"/> (<c>$NOTIFY_SOCKET</c>: a path, or '@'
    /// and an abstract name). systemd keeps a duplicate; this process's descriptor stays open.
    /// </summary>
    /// <exception cref="ArgumentException">The name is not a valid FDNAME (1 to 255 printable ASCII characters, no ':').</exception>
    /// <exception cref="IOException">The send failed (nothing listens, or the store is full or not enabled: systemd then logs it).</exception>
    public static void Store(string notifySocket, string name, SafeHandle descriptor)
    {
        CheckName(name);
        ArgumentNullException.ThrowIfNull(descriptor);
        Send(notifySocket, $"FDSTORE=1\nFDNAME={name}", (int)descriptor.DangerousGetHandle());
    }

    /// <summary>Stores <paramref name="region"/>'s memfd under <paramref name="name"/> (see <see cref="Store(string, string, SafeHandle)"/>).</summary>
    public static void Store<T>(string notifySocket, string name, KhoRegion<T> region) where T : unmanaged, IKhoFormat<T>, IKhoPlainLayout
    {
        ArgumentNullException.ThrowIfNull(region);
        Store(notifySocket, name, ((IKhoRegion)region).Memory.Handle);
    }

    /// <summary>Sends <c>FDSTOREREMOVE=1</c> and <c>FDNAME=<paramref name="name"/></c>: systemd closes what it kept under that name.</summary>
    public static void Remove(string notifySocket, string name)
    {
        CheckName(name);
        Send(notifySocket, $"FDSTOREREMOVE=1\nFDNAME={name}", -1);
    }

    /// <summary>
    /// The descriptors systemd passed to this process under <paramref name="name"/> (<c>LISTEN_PID</c>
    /// must be this process; <c>LISTEN_FDS</c> counts them from 3, <c>LISTEN_FDNAMES</c> names them),
    /// made close-on-exec and owned by the caller. Descriptors of other names (a socket-activated
    /// listener, say) are left alone, and so are the variables, which their readers need too.
    /// Empty when none were passed.
    /// </summary>
    /// <exception cref="FormatException">The variables are malformed.</exception>
    public static IReadOnlyList<SafeFileHandle> Listened(string name)
    {
        var result = new List<SafeFileHandle>();
        string? pid = Environment.GetEnvironmentVariable("LISTEN_PID"), fds = Environment.GetEnvironmentVariable("LISTEN_FDS");
        string? names = Environment.GetEnvironmentVariable("LISTEN_FDNAMES");
        if (pid is null || fds is null) return result;
        if (!int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out int p) || p != Environment.ProcessId) return result;   // for another process
        if (!int.TryParse(fds, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n > 4096)
            throw new FormatException($"LISTEN_FDS is '{fds}', not a descriptor count");
        string[] named = names?.Split(':') ?? Array.Empty<string>();
        if (names is not null && named.Length != n) throw new FormatException($"LISTEN_FDNAMES names {named.Length} descriptors, LISTEN_FDS says {n}");
        for (int i = 0; i < n; i++)
        {
            if ((names is null ? "unknown" : named[i]) != name) continue;
            int fd = FirstDescriptor + i;
            LibC.fcntl(fd, F_SETFD, FD_CLOEXEC);
            result.Add(new SafeFileHandle(fd, ownsHandle: true));
        }
        return result;
    }

    const int F_SETFD = 2, FD_CLOEXEC = 1, AF_UNIX = 1;

    static void CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 255)
            throw new ArgumentException("An FDNAME is 1 to 255 characters.", nameof(name));
        foreach (char c in name)
            if (c is < ' ' or > '~' or ':') throw new ArgumentException($"'{name}' is not a valid FDNAME: printable ASCII, no ':'.", nameof(name));
    }

    static void Send(string notifySocket, string text, int fd)
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("systemd's file descriptor store is Linux only.");
        if (string.IsNullOrEmpty(notifySocket) || notifySocket.Length < 2 || notifySocket[0] is not ('/' or '@'))
            throw new ArgumentException($"NOTIFY_SOCKET must be an absolute path or '@' and an abstract name, not '{notifySocket}'.", nameof(notifySocket));
        byte[] path = Encoding.UTF8.GetBytes(notifySocket);
        if (path.Length > 107) throw new ArgumentException("NOTIFY_SOCKET is longer than a Unix socket address.", nameof(notifySocket));
        if (path[0] == (byte)'@') path[0] = 0;   // the abstract namespace
        byte* address = stackalloc byte[110];
        new Span<byte>(address, 110).Clear();
        *(ushort*)address = AF_UNIX;
        path.CopyTo(new Span<byte>(address + 2, path.Length));
        byte[] body = Encoding.UTF8.GetBytes(text);
        int controlLength = fd < 0 ? 0 : LibC.ControlSpace(4);
        byte* control = stackalloc byte[LibC.ControlSpace(4)];
        new Span<byte>(control, LibC.ControlSpace(4)).Clear();
        *(nuint*)control = (nuint)(LibC.ControlHeader + 4);
        *(int*)(control + 8) = LibC.SOL_SOCKET;
        *(int*)(control + 12) = LibC.SCM_RIGHTS;
        *(int*)(control + LibC.ControlHeader) = fd;
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        fixed (byte* b = body)
        {
            var iov = new LibC.IoVector { Base = b, Length = (nuint)body.Length };
            var msg = new LibC.MessageHeader
            {
                Name = address,
                NameLength = (uint)(2 + path.Length),
                Iov = &iov,
                IovLength = 1,
                Control = controlLength == 0 ? null : control,
                ControlLength = (nuint)controlLength,
            };
            if (LibC.sendmsg((int)socket.SafeHandle.DangerousGetHandle(), &msg, LibC.MSG_NOSIGNAL) < 0)
                throw new IOException($"fd store: sending '{text.Replace('\n', ' ')}' to {notifySocket} failed: {LibC.Describe(LibC.Errno)}");
        }
    }
}
