using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using KhoGen.Hosting;

namespace KhoGen.AspNetCore;

/// <summary>
/// The service's listening sockets: those adopted (from systemd socket activation or a previous
/// build) and not yet listened on, and those Kestrel listens on. One switch stops and resumes
/// accepting on all of them without closing any. Registered as a singleton by
/// <see cref="KhoListenerExtensions.UseKhoListeners"/>; see docs/aspnetcore.md.
/// </summary>
public sealed class KhoListeners : IKhoListenerHandover
{
    readonly object _lock = new();
    readonly List<(string Name, Socket Socket)> _adopted = [];
    readonly List<KhoConnectionListener> _listening = [];
    readonly AcceptGate _gate = new();
    volatile bool _draining;
    int _open;
    long _firstAcceptedAt;
    KhoHandoverReport? _handover;
    TaskCompletionSource? _noneOpen;

    internal AcceptGate Gate => _gate;

    /// <summary>True while the listeners accept connections (the default).</summary>
    public bool IsAccepting => _gate.IsOpen;

    /// <summary>The endpoints of the sockets adopted and waiting for Kestrel to listen on them, by name.</summary>
    public IReadOnlyList<(string Name, EndPoint EndPoint)> Adopted
    {
        get { lock (_lock) return _adopted.Select(a => (a.Name, a.Socket.LocalEndPoint!)).ToList(); }
    }

    /// <summary>The endpoints Kestrel listens on through these listeners, by name.</summary>
    public IReadOnlyList<(string Name, EndPoint EndPoint)> Listening
    {
        get { lock (_lock) return _listening.Select(l => (l.Name, l.EndPoint)).ToList(); }
    }

    /// <summary>
    /// Adopts the sockets systemd passed (<c>LISTEN_PID</c>, <c>LISTEN_FDS</c>,
    /// <c>LISTEN_FDNAMES</c>), and unsets those variables when <paramref name="unsetEnvironment"/>.
    /// </summary>
    /// <returns>How many sockets were adopted: 0 when systemd passed none to this process.</returns>
    /// <exception cref="InvalidOperationException">The variables are malformed, or a descriptor is not a listening stream socket.</exception>
    public int AdoptSystemdSockets(bool unsetEnvironment = true)
    {
        IReadOnlyList<(string Name, Socket Socket)> sockets = SystemdSocketActivation.Take(unsetEnvironment);
        lock (_lock) _adopted.AddRange(sockets);
        return sockets.Count;
    }

    /// <inheritdoc/>
    public void Adopt(string name, SafeHandle listeningSocket)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(listeningSocket);
        if (listeningSocket.IsInvalid || listeningSocket.IsClosed) throw new ArgumentException("The handle is closed or invalid.", nameof(listeningSocket));
        // Ownership moves to the socket: the caller's handle no longer closes the descriptor.
        var handle = new SafeSocketHandle(listeningSocket.DangerousGetHandle(), ownsHandle: true);
        listeningSocket.SetHandleAsInvalid();
        Socket socket = OpenListeningSocket(name, handle);
        lock (_lock) _adopted.Add((name, socket));
    }

    /// <inheritdoc/>
    public Task StopAcceptingAsync(CancellationToken cancellationToken = default) => _gate.CloseAsync(cancellationToken);

    /// <summary>
    /// When the first connection was accepted since accepting last resumed (or since the start), as
    /// CLOCK_MONOTONIC microseconds (<see cref="KhoHandoverReport.MonotonicMicroseconds"/>); null
    /// while none was. In a successor, <see cref="KhoHandoverReport.BlackoutUntil"/> of it is the blackout.
    /// </summary>
    public long? FirstAcceptedAt => Interlocked.Read(ref _firstAcceptedAt) is long at and not 0 ? at : null;

    /// <summary>
    /// Resumes accepting on sockets that came with <paramref name="handover"/>: the first connection
    /// accepted then records the blackout (<c>khogen.live_update.blackout</c>, <see cref="KhoTelemetry.RecordBlackout"/>).
    /// </summary>
    public void ResumeAccepting(KhoHandoverReport handover)
    {
        ArgumentNullException.ThrowIfNull(handover);
        Volatile.Write(ref _handover, handover);
        ResumeAccepting();
    }

    /// <inheritdoc/>
    public void ResumeAccepting()
    {
        Interlocked.Exchange(ref _firstAcceptedAt, 0);
        _draining = false;
        _gate.Open();
    }

    /// <summary>How long <see cref="DrainAsync"/> waits for connections that stay open (idle keep-alive ones). Default 5 s.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>True between <see cref="DrainAsync"/> and <see cref="ResumeAccepting()"/>: every response closes its connection.</summary>
    public bool IsDraining => _draining;

    /// <summary>The connections accepted through these listeners and not yet closed.</summary>
    public int OpenConnections
    {
        get { lock (_lock) return _open; }
    }

    /// <inheritdoc/>
    public async Task DrainAsync(CancellationToken cancellationToken = default)
    {
        Task none;
        lock (_lock)
        {
            _draining = true;
            none = _open == 0 ? Task.CompletedTask : (_noneOpen ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }
        try { await none.WaitAsync(DrainTimeout, cancellationToken).ConfigureAwait(false); }
        catch (TimeoutException) { /* idle keep-alive connections: closed when this process stops */ }
    }

    /// <summary>Counts a connection until it closes.</summary>
    internal void Track(Microsoft.AspNetCore.Connections.ConnectionContext connection)
    {
        long now = KhoHandoverReport.MonotonicMicroseconds();
        if (Interlocked.CompareExchange(ref _firstAcceptedAt, now, 0) == 0 && Interlocked.Exchange(ref _handover, null) is { } handover)
            KhoTelemetry.RecordBlackout(handover, now);
        lock (_lock) _open++;
        connection.ConnectionClosed.Register(() =>
        {
            TaskCompletionSource? none = null;
            lock (_lock)
            {
                if (--_open == 0) (none, _noneOpen) = (_noneOpen, null);
            }
            none?.TrySetResult();
        });
    }

    /// <inheritdoc/>
    public IReadOnlyList<KhoListenerDescriptor> Export()
    {
        lock (_lock)
        {
            var all = _listening.Select(l => (l.Name, l.Socket)).Concat(_adopted).ToList();
            var exported = new List<KhoListenerDescriptor>(all.Count);
            try
            {
                foreach (var (name, socket) in all)
                {
                    int fd = Posix.DuplicateCloseOnExec((int)socket.SafeHandle.DangerousGetHandle());
                    exported.Add(new KhoListenerDescriptor(name, new SafeSocketHandle(fd, ownsHandle: true)));
                }
            }
            catch
            {
                foreach (var d in exported) d.Handle.Dispose();
                throw;
            }
            return exported;
        }
    }

    /// <summary>The adopted socket listening on <paramref name="endpoint"/>, taken out of the waiting list; null when none.</summary>
    internal (string Name, Socket Socket)? TakeAdopted(EndPoint endpoint)
    {
        lock (_lock)
        {
            int i = _adopted.FindIndex(a => SameEndPoint(a.Socket.LocalEndPoint, endpoint));
            if (i < 0) return null;
            var adopted = _adopted[i];
            _adopted.RemoveAt(i);
            return adopted;
        }
    }

    internal void Add(KhoConnectionListener listener)
    {
        lock (_lock) _listening.Add(listener);
    }

    internal void Remove(KhoConnectionListener listener)
    {
        lock (_lock) _listening.Remove(listener);
    }

    /// <summary>A socket over an inherited descriptor, checked to be a listening stream socket.</summary>
    /// <exception cref="InvalidOperationException">It is not: its descriptor is closed.</exception>
    internal static Socket OpenListeningSocket(string name, SafeSocketHandle handle)
    {
        long fd = handle.DangerousGetHandle();
        Socket socket;
        try { socket = new Socket(handle); }
        catch (SocketException e)
        {
            handle.Dispose();
            throw new InvalidOperationException($"Listener '{name}': descriptor {fd} is not a socket ({e.Message}).", e);
        }
        bool listening = socket.SocketType == SocketType.Stream
            && socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.AcceptConnection) is int accepting && accepting != 0;
        if (!listening || socket.LocalEndPoint is null)
        {
            socket.Dispose();
            throw new InvalidOperationException($"Listener '{name}': descriptor {fd} is not a listening stream socket.");
        }
        return socket;
    }

    static bool SameEndPoint(EndPoint? adopted, EndPoint requested) => adopted switch
    {
        IPEndPoint ip => requested is IPEndPoint r && ip.Equals(r),
        UnixDomainSocketEndPoint unix => requested is UnixDomainSocketEndPoint r && unix.ToString() == r.ToString(),
        _ => false,
    };
}
