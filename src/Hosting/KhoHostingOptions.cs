using System;
using System.Runtime.InteropServices;

namespace KhoGen.Hosting;

/// <summary>
/// How a generic-host service takes part in live updates. Filled from the configuration section
/// <c>KhoGen</c> first, then by the callback given to
/// <see cref="KhoHostingServiceCollectionExtensions.AddKhoLiveUpdate"/>. See docs/live-update.md.
/// </summary>
public sealed class KhoHostingOptions
{
    /// <summary>The configuration section read: <c>KhoGen</c>.</summary>
    public const string SectionName = "KhoGen";

    /// <summary>SIGUSR2 on Linux.</summary>
    public const int LinuxSigUsr2 = 12;

    /// <summary>SIGUSR2 on macOS.</summary>
    public const int MacOSSigUsr2 = 31;

    /// <summary>
    /// The orchestrator's options: runtime folder (<c>KhoGen:RuntimeFolder</c>), service and instance
    /// names (<c>KhoGen:ServiceName</c>, <c>KhoGen:InstanceName</c>; the instance defaults to the
    /// host's content root), image path (<c>KhoGen:ImagePath</c>), <c>KhoGen:MaxImageAge</c>,
    /// <c>KhoGen:HandoverTimeout</c> (how long each side of the handover socket waits for the other, e.g. <c>00:00:05</c>),
    /// <c>KhoGen:AllowedPeerUids</c>, droppable formats (<c>KhoGen:DroppableFormats</c>).
    /// </summary>
    public KhoLiveUpdateOptions LiveUpdate { get; } = new();

    /// <summary>
    /// The next build's catalog JSON or assembly, used when the upgrade signal arrives
    /// (<c>KhoGen:NextBuildCatalog</c>). Read when the signal arrives, so a deployment can put the
    /// next build in place and then signal.
    /// </summary>
    public string? NextBuildCatalog { get; set; }

    /// <summary>
    /// The raw POSIX signal number that triggers an upgrade to <see cref="NextBuildCatalog"/>
    /// (<c>KhoGen:UpgradeSignal</c>): SIGUSR2 by default on Linux (12) and macOS (31); 0 switches
    /// the signal off (the default elsewhere).
    /// </summary>
    public int UpgradeSignal { get; set; } =
        OperatingSystem.IsLinux() ? LinuxSigUsr2 : OperatingSystem.IsMacOS() ? MacOSSigUsr2 : 0;

    /// <summary>
    /// Stop the host once an upgrade committed its image (<c>KhoGen:StopAfterUpgrade</c>, default
    /// true): participants are frozen, and whatever this build changes afterwards would be lost.
    /// </summary>
    public bool StopAfterUpgrade { get; set; } = true;

    /// <summary>
    /// Serve the handover socket once the host has started (<c>KhoGen:HandoverSocket</c>, default
    /// false; Linux): a successor started next to this build takes the state through it, with no
    /// file, and this build stops (<see cref="StopAfterUpgrade"/>). See docs/live-update.md#the-handover-socket.
    /// </summary>
    public bool ServeHandover { get; set; }

    /// <summary>
    /// The next build's command (<c>KhoGen:Successor:Command</c>, e.g. <c>/usr/bin/dotnet</c>): with
    /// <see cref="ServeHandover"/>, the upgrade signal makes this build start it, nginx-style, and the
    /// successor takes over through the handover socket. Read when the signal arrives. See docs/aspnetcore.md.
    /// </summary>
    public string? SuccessorCommand { get; set; }

    /// <summary>The successor's arguments (<c>KhoGen:Successor:Arguments:0</c>, <c>:1</c>…), each passed as one argument.</summary>
    public System.Collections.Generic.IList<string> SuccessorArguments { get; } = new System.Collections.Generic.List<string>();

    /// <summary>
    /// Verify mode (<c>KhoGen:Verify</c>, e.g. <c>--KhoGen:Verify=/run/svc/svc.snapshot</c> on the command
    /// line): <see cref="KhoHostExtensions.RunKhoAsync"/> verifies this image with this build's
    /// participants (<see cref="KhoLiveUpdate.VerifyImage"/>), prints a report per entry and returns
    /// <see cref="KhoVerifyReport.ExitCode"/>, without starting the host: nothing is restored, no
    /// handover socket is asked, no listener is adopted or bound. See docs/operations.md#verify-mode.
    /// </summary>
    public string? VerifyImage { get; set; }

    /// <summary>Verify mode: also write the report as JSON (schema <c>khogen-verify/1</c>) to this file, 0600 (<c>KhoGen:VerifyReport</c>).</summary>
    public string? VerifyReport { get; set; }

    /// <summary>
    /// The raw POSIX signal number that makes the running build write a snapshot of its state to
    /// <see cref="KhoLiveUpdateOptions.SnapshotPath"/> without stopping (<c>KhoGen:SnapshotSignal</c>;
    /// 0, the default, switches it off; SIGUSR1 is 10 on Linux). With <see cref="NextBuildCatalog"/>,
    /// each format is written in the version a live update to that build would write. See
    /// docs/operations.md#snapshots for the threat model.
    /// </summary>
    public int SnapshotSignal { get; set; }

    /// <summary>SIGUSR1 on Linux.</summary>
    public const int LinuxSigUsr1 = 10;

    /// <summary>How long to wait before asking again when a participant cannot finish yet, or finishing failed.</summary>
    public TimeSpan FinishRetryInterval { get; set; } = TimeSpan.FromSeconds(1);

    internal PosixSignal? Signal => UpgradeSignal == 0 ? null : (PosixSignal)UpgradeSignal;

    internal PosixSignal? SnapshotPosixSignal => SnapshotSignal == 0 ? null : (PosixSignal)SnapshotSignal;
}
