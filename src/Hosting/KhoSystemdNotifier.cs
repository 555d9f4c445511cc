using System;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace KhoGen.Hosting;

/// <summary>
/// Sends systemd's service notifications (<c>sd_notify</c>) to <c>$NOTIFY_SOCKET</c>: a Unix
/// datagram socket, in the abstract namespace when the path starts with '@'. Needed by units with
/// <c>Type=notify</c>; a successor that is not the main process also needs <c>NotifyAccess=all</c>.
/// See docs/aspnetcore.md.
/// </summary>
public sealed class KhoSystemdNotifier : IDisposable
{
    /// <summary>The environment variable systemd sets for <c>Type=notify</c> services.</summary>
    public const string NotifySocketVariable = "NOTIFY_SOCKET";

    readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    readonly UnixDomainSocketEndPoint _target;

    /// <summary>A notifier that sends to <paramref name="notifySocket"/> (a path, or '@' then an abstract name).</summary>
    /// <exception cref="ArgumentException">The address is neither an absolute path nor an abstract name.</exception>
    public KhoSystemdNotifier(string notifySocket)
    {
        if (string.IsNullOrEmpty(notifySocket) || (notifySocket[0] != '/' && notifySocket[0] != '@') || notifySocket.Length < 2)
            throw new ArgumentException($"{NotifySocketVariable} must be an absolute path or '@' and an abstract name, not '{notifySocket}'.", nameof(notifySocket));
        Address = notifySocket;
        // .NET spells the abstract namespace with a leading NUL, systemd with '@'.
        _target = new UnixDomainSocketEndPoint(notifySocket[0] == '@' ? "\0" + notifySocket[1..] : notifySocket);
    }

    /// <summary>The socket notifications go to, as systemd wrote it.</summary>
    public string Address { get; }

    /// <summary>A notifier for <c>$NOTIFY_SOCKET</c>, or null when the service does not run under <c>Type=notify</c>.</summary>
    /// <exception cref="ArgumentException"><c>$NOTIFY_SOCKET</c> is set but is not a socket address.</exception>
    public static KhoSystemdNotifier? FromEnvironment() =>
        Environment.GetEnvironmentVariable(NotifySocketVariable) is { Length: > 0 } address ? new KhoSystemdNotifier(address) : null;

    /// <summary>Sends <paramref name="state"/> (newline-separated <c>KEY=VALUE</c> assignments) in one datagram.</summary>
    /// <exception cref="SocketException">Nothing listens at the address, or the send failed.</exception>
    public void Notify(string state) => _socket.SendTo(Encoding.UTF8.GetBytes(state), _target);

    /// <summary><c>READY=1</c>: startup finished and the service serves (with <c>STATUS=</c> when given).</summary>
    public void Ready(string? status = null) => Notify(WithStatus("READY=1", status));

    /// <summary>
    /// <c>RELOADING=1</c> with <c>MONOTONIC_USEC=</c> (CLOCK_MONOTONIC, as systemd requires): an
    /// upgrade began while the service goes on serving; <see cref="Ready"/> ends it.
    /// </summary>
    public void Reloading(string? status = null) =>
        Notify(WithStatus($"RELOADING=1\nMONOTONIC_USEC={MonotonicMicroseconds().ToString(CultureInfo.InvariantCulture)}", status));

    /// <summary><c>STOPPING=1</c>: the service is shutting down.</summary>
    public void Stopping(string? status = null) => Notify(WithStatus("STOPPING=1", status));

    /// <summary><c>MAINPID=</c>: another process (the successor) is now the service's main process (with <c>STATUS=</c> when given).</summary>
    public void MainPid(int pid, string? status = null)
    {
        if (pid <= 0) throw new ArgumentOutOfRangeException(nameof(pid), pid, "A process id is positive.");
        Notify(WithStatus("MAINPID=" + pid.ToString(CultureInfo.InvariantCulture), status));
    }

    /// <summary>
    /// <c>READY=1</c> and <c>MAINPID=</c> this process: a successor that took over a running service
    /// (the zero-downtime handover) serves, and is the main process (with <c>STATUS=</c> when given).
    /// </summary>
    public void ReadyAsMainProcess(string? status = null) =>
        Notify(WithStatus("READY=1\nMAINPID=" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture), status));

    /// <summary><c>STATUS=</c>: one line shown by <c>systemctl status</c>.</summary>
    public void Status(string status) => Notify(WithStatus(null, status));

    /// <summary>Closes the sending socket.</summary>
    public void Dispose() => _socket.Dispose();

    /// <summary>CLOCK_MONOTONIC in microseconds: .NET's <see cref="Stopwatch"/> reads that clock on Linux.</summary>
    internal static long MonotonicMicroseconds() => KhoHandoverReport.MonotonicMicroseconds();

    static string WithStatus(string? state, string? status)
    {
        // A status is one line: a newline would start another assignment.
        string? line = status?.ReplaceLineEndings(" ");
        if (line is null) return state ?? "";
        return state is null ? "STATUS=" + line : state + "\nSTATUS=" + line;
    }
}
