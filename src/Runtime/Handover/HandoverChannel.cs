using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Sockets;
using KhoGen.Handover.Native;

namespace KhoGen.Handover;

/// <summary>
/// One connection of the handover socket: framed messages with any number of descriptors
/// (SCM_RIGHTS), each send and receive bounded by a timeout. The socket's own I/O is bypassed
/// (sendmsg/recvmsg on its descriptor, waiting with poll) because .NET cannot pass descriptors.
/// </summary>
sealed unsafe class HandoverChannel : IDisposable
{
    readonly Socket _socket;
    readonly int _fd;
    readonly TimeSpan _timeout;

    public HandoverChannel(Socket socket, TimeSpan timeout)
    {
        _socket = socket;
        _fd = (int)socket.SafeHandle.DangerousGetHandle();
        _timeout = timeout;
    }

    /// <summary>The peer's process id, uid and gid (SO_PEERCRED: as they were when it connected).</summary>
    public (int Pid, uint Uid, uint Gid) Peer()
    {
        Span<byte> ucred = stackalloc byte[12];
        int n = _socket.GetRawSocketOption(LibC.SOL_SOCKET, LibC.SO_PEERCRED, ucred);
        if (n != 12) throw new IOException($"handover: SO_PEERCRED returned {n} bytes");
        return (BitConverter.ToInt32(ucred), BitConverter.ToUInt32(ucred.Slice(4)), BitConverter.ToUInt32(ucred.Slice(8)));
    }

    public void Send(HandoverMessage message)
    {
        Span<byte> header = stackalloc byte[HandoverMessage.FrameHeader];
        message.WriteFrameHeader(header);
        int fds = message.Descriptors.Count;
        int controlLength = fds == 0 ? 0 : LibC.ControlSpace(4 * fds);
        byte* control = stackalloc byte[Math.Max(controlLength, 1)];
        new Span<byte>(control, Math.Max(controlLength, 1)).Clear();
        if (fds > 0)
        {
            *(nuint*)control = (nuint)(LibC.ControlHeader + 4 * fds);
            *(int*)(control + 8) = LibC.SOL_SOCKET;
            *(int*)(control + 12) = LibC.SCM_RIGHTS;
            for (int i = 0; i < fds; i++) ((int*)(control + LibC.ControlHeader))[i] = message.Descriptors[i];
        }
        byte[] body = message.Body;
        int sent = 0, total = HandoverMessage.FrameHeader + body.Length;
        var deadline = DateTime.UtcNow + _timeout;
        var iov = stackalloc LibC.IoVector[2];
        fixed (byte* h = header)
        fixed (byte* b = body)
        {
            while (sent < total)
            {
                int count = 0;
                if (sent < HandoverMessage.FrameHeader) iov[count++] = new LibC.IoVector { Base = h + sent, Length = (nuint)(HandoverMessage.FrameHeader - sent) };
                int bodySent = Math.Max(0, sent - HandoverMessage.FrameHeader);
                if (bodySent < body.Length) iov[count++] = new LibC.IoVector { Base = b + bodySent, Length = (nuint)(body.Length - bodySent) };
                var msg = new LibC.MessageHeader { Iov = iov, IovLength = (nuint)count };
                if (sent == 0 && fds > 0)
                {
                    msg.Control = control;
                    msg.ControlLength = (nuint)controlLength;
                }
                Wait(LibC.POLLOUT, deadline, $"sending {message.Type}");
                nint n = LibC.sendmsg(_fd, &msg, LibC.MSG_NOSIGNAL);
                if (n < 0)
                {
                    int errno = LibC.Errno;
                    if (errno == LibC.EINTR || errno == LibC.EAGAIN) continue;
                    throw new IOException($"handover: sending {message.Type} failed: {LibC.Describe(errno)}");
                }
                sent += (int)n;
            }
        }
    }

    /// <summary>Receives the next message; null when the peer closed the connection before sending one.</summary>
    public HandoverMessage? Receive()
    {
        var deadline = DateTime.UtcNow + _timeout;
        var fds = new List<int>();
        try
        {
            byte[] header = new byte[HandoverMessage.FrameHeader];
            int got = ReceiveInto(header, fds, deadline, "a message");
            if (got == 0) return null;
            if (got < header.Length) throw new EndOfStreamException("handover: the peer closed the connection inside a message");
            var (type, length, expected) = HandoverMessage.ReadFrameHeader(header);
            byte[] body = new byte[length];
            if (ReceiveInto(body, fds, deadline, type.ToString()) < length) throw new EndOfStreamException($"handover: the peer closed the connection inside a {type} message");
            if (fds.Count != expected) throw new InvalidDataException($"handover: the {type} message announced {expected} descriptors and carried {fds.Count}");
            var message = new HandoverMessage(type, body, fds.ToArray());
            fds.Clear();
            return message;
        }
        finally
        {
            foreach (int fd in fds) LibC.close(fd);
        }
    }

    /// <summary>Fills <paramref name="into"/> unless the peer closes; collects the descriptors that come with the bytes.</summary>
    int ReceiveInto(byte[] into, List<int> fds, DateTime deadline, string what)
    {
        int got = 0;
        int controlLength = LibC.ControlSpace(4 * HandoverMessage.MaxDescriptors);
        byte* control = stackalloc byte[controlLength];
        fixed (byte* p = into)
        {
            while (got < into.Length)
            {
                var iov = new LibC.IoVector { Base = p + got, Length = (nuint)(into.Length - got) };
                var msg = new LibC.MessageHeader { Iov = &iov, IovLength = 1, Control = control, ControlLength = (nuint)controlLength };
                Wait(LibC.POLLIN, deadline, $"waiting for {what}");
                nint n = LibC.recvmsg(_fd, &msg, LibC.MSG_CMSG_CLOEXEC);
                if (n < 0)
                {
                    int errno = LibC.Errno;
                    if (errno == LibC.EINTR || errno == LibC.EAGAIN) continue;
                    throw new IOException($"handover: receiving {what} failed: {LibC.Describe(errno)}");
                }
                CollectDescriptors(&msg, fds);
                if ((msg.Flags & LibC.MSG_CTRUNC) != 0) throw new InvalidDataException($"handover: {what} carried more than {HandoverMessage.MaxDescriptors} descriptors");
                if (n == 0) return got;
                got += (int)n;
            }
        }
        return got;
    }

    static void CollectDescriptors(LibC.MessageHeader* msg, List<int> fds)
    {
        byte* at = (byte*)msg->Control;
        byte* end = at + (long)msg->ControlLength;
        while (at + LibC.ControlHeader <= end)
        {
            nuint length = *(nuint*)at;
            if (length < LibC.ControlHeader || at + (long)length > end) break;
            if (*(int*)(at + 8) == LibC.SOL_SOCKET && *(int*)(at + 12) == LibC.SCM_RIGHTS)
                for (int i = 0; i < (int)(length - LibC.ControlHeader) / 4; i++) fds.Add(((int*)(at + LibC.ControlHeader))[i]);
            at += LibC.ControlSpace((int)length - LibC.ControlHeader);
        }
    }

    void Wait(short events, DateTime deadline, string what)
    {
        while (true)
        {
            int ms = (int)Math.Clamp((deadline - DateTime.UtcNow).TotalMilliseconds, 0, int.MaxValue);
            var pfd = new LibC.PollFd { Fd = _fd, Events = events };
            int r = LibC.poll(&pfd, 1, ms);
            if (r > 0) return;
            if (r == 0) throw new TimeoutException($"handover: timed out after {_timeout.TotalSeconds:F0} s {what}");
            if (LibC.Errno != LibC.EINTR) throw new IOException($"handover: poll failed {what}: {LibC.Describe(LibC.Errno)}");
        }
    }

    public void Dispose() => _socket.Dispose();
}
