using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;

namespace KhoGen.Hosting;

/// <summary>
/// The service's listening sockets, as a handover sees them: stop accepting without closing them
/// (connections wait in the kernel's backlog), resume on rollback, export duplicates for the next
/// build, and adopt the previous build's. KhoGen.AspNetCore implements it for Kestrel
/// (<c>KhoListeners</c>); the handover socket (<see cref="KhoLiveUpdateOptions.Listeners"/>) sends
/// and receives the descriptors. It lives in the runtime assembly, in the hosting namespace, because
/// the runtime's handover protocol carries them. See docs/aspnetcore.md.
/// </summary>
public interface IKhoListenerHandover
{
    /// <summary>True while the listeners accept connections.</summary>
    bool IsAccepting { get; }

    /// <summary>
    /// Stops accepting new connections; the listening sockets stay open, so clients that connect
    /// meanwhile wait in the backlog and none is refused. Completes once no accept is in flight:
    /// from then on this process takes no new connection until <see cref="ResumeAccepting()"/>.
    /// </summary>
    Task StopAcceptingAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// After <see cref="StopAcceptingAsync"/>: asks the clients of the open connections to close them
    /// (each next response says <c>Connection: close</c>) and completes once none is open, or once the
    /// implementation's drain timeout passed with idle connections still open. Their clients then
    /// reconnect, to whichever build accepts next, and no request is served from a state the next
    /// build will not have.
    /// </summary>
    Task DrainAsync(CancellationToken cancellationToken = default);

    /// <summary>Accepts again and stops draining (a rollback); connections that waited in the backlog are served first.</summary>
    void ResumeAccepting();

    /// <summary>
    /// In the successor, at the point of no return: resumes accepting on the adopted sockets that came
    /// with <paramref name="handover"/>. An implementation that knows its first accept records the
    /// blackout with <see cref="KhoTelemetry.RecordBlackout"/> there. Default: <see cref="ResumeAccepting()"/>.
    /// </summary>
    void ResumeAccepting(KhoHandoverReport handover) => ResumeAccepting();

    /// <summary>
    /// Duplicates of every listening socket (close-on-exec set), named, for a handover to send.
    /// The caller owns and disposes them; this process keeps its own.
    /// </summary>
    IReadOnlyList<KhoListenerDescriptor> Export();

    /// <summary>
    /// Takes ownership of a listening socket handed over by the previous build (or inherited
    /// otherwise): the server listens on it instead of binding its endpoint anew.
    /// </summary>
    /// <exception cref="System.InvalidOperationException">The descriptor is not a listening stream socket.</exception>
    void Adopt(string name, SafeHandle listeningSocket);
}

/// <summary>One listening socket of a handover.</summary>
/// <param name="Name">Its name: systemd's <c>FileDescriptorName=</c> when it came from socket activation, otherwise its endpoint.</param>
/// <param name="Handle">The descriptor; its owner disposes it.</param>
public sealed record KhoListenerDescriptor(string Name, SafeHandle Handle);
