using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace KhoGen.AspNetCore;

/// <summary>
/// Kestrel's listener over one listening socket (bound here or adopted): it accepts only while the
/// gate is open, and never closes the socket to stop accepting, so connections made meanwhile wait
/// in the kernel's backlog. Connections are made by Kestrel's own socket transport.
/// </summary>
sealed class KhoConnectionListener : IConnectionListener
{
    readonly KhoListeners _owner;
    readonly AcceptGate _gate;
    readonly SocketConnectionContextFactory _connections;
    readonly bool _noDelay;
    readonly CancellationTokenSource _unbound = new();

    public KhoConnectionListener(KhoListeners owner, string name, Socket socket, AcceptGate gate,
        SocketConnectionContextFactory connections, bool noDelay)
    {
        _owner = owner;
        Name = name;
        Socket = socket;
        _gate = gate;
        _connections = connections;
        _noDelay = noDelay;
        EndPoint = socket.LocalEndPoint ?? throw new InvalidOperationException($"Listener {name} has no local endpoint.");
    }

    public string Name { get; }

    public Socket Socket { get; }

    public EndPoint EndPoint { get; }

    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        while (!_unbound.IsCancellationRequested)
        {
            if (!_gate.TryEnter(out CancellationToken closing, out Task opened))
            {
                try { await opened.WaitAsync(_unbound.Token).ConfigureAwait(false); }
                catch (OperationCanceledException) { return null; }
                continue;
            }

            Socket accepted;
            try
            {
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(closing, _unbound.Token, cancellationToken);
                accepted = await Socket.AcceptAsync(stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                continue; // the gate closed or the listener was unbound: the loop decides which
            }
            catch (ObjectDisposedException)
            {
                return null;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.OperationAborted)
            {
                return null;
            }
            catch (SocketException)
            {
                continue; // the connection was reset while it waited in the backlog
            }
            finally
            {
                _gate.Exit();
            }

            if (accepted.LocalEndPoint is IPEndPoint) accepted.NoDelay = _noDelay;
            var connection = _connections.Create(accepted);
            _owner.Track(connection);
            return connection;
        }
        return null;
    }

    /// <summary>
    /// Stops accepting for good (the server is stopping) and closes this process's descriptor, as
    /// Kestrel does. The socket itself lives on while another process holds it (systemd, or the
    /// build it was handed to): connections then wait in its backlog for that process.
    /// </summary>
    public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
    {
        _unbound.Cancel();
        _owner.Remove(this);
        Socket.Dispose();
        return default;
    }

    public ValueTask DisposeAsync() => UnbindAsync();
}
