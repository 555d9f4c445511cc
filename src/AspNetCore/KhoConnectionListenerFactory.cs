using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KhoGen.AspNetCore;

/// <summary>
/// Kestrel's transport for TCP and Unix sockets, registered after Kestrel's own so that Kestrel
/// picks it: an endpoint an adopted socket listens on is served from that socket, any other is
/// bound as Kestrel's socket transport would (its <see cref="SocketTransportOptions"/> apply).
/// </summary>
sealed class KhoConnectionListenerFactory : IConnectionListenerFactory, IConnectionListenerFactorySelector, IDisposable
{
    readonly KhoListeners _listeners;
    readonly SocketTransportOptions _options;
    readonly SocketConnectionContextFactory _connections;
    readonly ILogger _logger;

    public KhoConnectionListenerFactory(KhoListeners listeners, IOptions<SocketTransportOptions> options, ILoggerFactory loggers)
    {
        _listeners = listeners;
        _options = options.Value;
        _logger = loggers.CreateLogger("KhoGen.AspNetCore");
        _connections = new SocketConnectionContextFactory(new SocketConnectionFactoryOptions
        {
            IOQueueCount = _options.IOQueueCount,
            WaitForDataBeforeAllocatingBuffer = _options.WaitForDataBeforeAllocatingBuffer,
            MaxReadBufferSize = _options.MaxReadBufferSize,
            MaxWriteBufferSize = _options.MaxWriteBufferSize,
            UnsafePreferInlineScheduling = _options.UnsafePreferInlineScheduling,
        }, _logger);
    }

    public bool CanBind(EndPoint endpoint) => endpoint is IPEndPoint or UnixDomainSocketEndPoint or FileHandleEndPoint;

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        (string Name, Socket Socket) listener;
        if (_listeners.TakeAdopted(endpoint) is { } adopted)
        {
            listener = adopted;
            _logger.LogInformation("Listening on {EndPoint} with the adopted socket {Name}.", endpoint, adopted.Name);
        }
        else
        {
            Socket bound = Bind(endpoint);
            listener = (bound.LocalEndPoint?.ToString() ?? endpoint.ToString() ?? "listener", bound);
        }
        var created = new KhoConnectionListener(_listeners, listener.Name, listener.Socket, _listeners.Gate, _connections, _options.NoDelay);
        _listeners.Add(created);
        return new ValueTask<IConnectionListener>(created);
    }

    Socket Bind(EndPoint endpoint)
    {
        Socket socket;
        try { socket = _options.CreateBoundListenSocket(endpoint); }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            // Kestrel falls back (e.g. from [::] to 0.0.0.0) on this exception only.
            throw new AddressInUseException(e.Message, e);
        }
        socket.Listen(_options.Backlog);
        return socket;
    }

    public void Dispose() => _connections.Dispose();
}
