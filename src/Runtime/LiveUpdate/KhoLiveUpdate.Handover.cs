using System;
using System.Threading;
using System.Threading.Tasks;

namespace KhoGen;

public sealed partial class KhoLiveUpdate
{
    /// <summary>
    /// In the running build (Linux): listens on <see cref="KhoLiveUpdateOptions.HandoverSocketPath"/>
    /// until a successor of this instance takes the state. Each connection: the peer's uid is checked
    /// (<c>SO_PEERCRED</c>, <see cref="KhoLiveUpdateOptions.AllowedPeerUids"/>) before anything is said;
    /// the successor sends its catalog; this build negotiates, preserves, freezes and sends the image
    /// as a sealed memfd; once the successor acknowledges, this build confirms and the task completes
    /// with the report: stop serving. A refused peer, a refused negotiation, or a successor that fails
    /// or disconnects first is passed to <paramref name="onFailedAttempt"/>, its participants are
    /// unfrozen and unpreserved, and this build goes on serving and listening. The socket is removed
    /// when the task ends. See docs/live-update.md#the-handover-socket.
    /// </summary>
    /// <exception cref="PlatformNotSupportedException">Not Linux.</exception>
    /// <exception cref="UnauthorizedAccessException">The runtime folder is not private.</exception>
    /// <exception cref="System.IO.IOException">Another process serves this instance's socket.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<KhoUpdateReport> ServeHandoverAsync(Action<Exception>? onFailedAttempt = null, CancellationToken cancellationToken = default) =>
        new Handover.HandoverServer(this, onFailedAttempt).RunAsync(cancellationToken);
}
