using System;
using Microsoft.Extensions.Logging;

namespace KhoGen.Hosting;

/// <summary>
/// Every log event of KhoGen.Hosting (category <c>KhoGen.Hosting</c>), source-generated, with a
/// stable event id per event: alert on ids, not on message text (docs/operations.md lists them).
/// </summary>
static partial class KhoLog
{
    [LoggerMessage(EventId = 1001, EventName = "RestoreFailed", Level = LogLevel.Critical,
        Message = "Live update restore from {ImagePath} failed; the host does not start.")]
    public static partial void RestoreFailed(ILogger logger, Exception exception, string imagePath);

    [LoggerMessage(EventId = 1002, EventName = "ImageRefused", Level = LogLevel.Warning,
        Message = "Live-update image refused, every participant cold-started: {Refused}")]
    public static partial void ImageRefused(ILogger logger, string refused);

    [LoggerMessage(EventId = 1003, EventName = "ColdStart", Level = LogLevel.Information,
        Message = "No live-update image at {ImagePath}: cold start.")]
    public static partial void ColdStart(ILogger logger, string imagePath);

    [LoggerMessage(EventId = 1004, EventName = "Restored", Level = LogLevel.Information,
        Message = "Restored {Entries} written by {Writer}; cold-started: {ColdStarts}; dropped: {Dropped}.")]
    public static partial void Restored(ILogger logger, string entries, string? writer, string coldStarts, string dropped);

    [LoggerMessage(EventId = 1010, EventName = "SignalWaitsForCatalog", Level = LogLevel.Information,
        Message = "Signal {Signal} will upgrade this service once KhoGen:NextBuildCatalog names the next build.")]
    public static partial void SignalWaitsForCatalog(ILogger logger, object signal);

    [LoggerMessage(EventId = 1011, EventName = "SignalUpgrades", Level = LogLevel.Information,
        Message = "Signal {Signal} upgrades this service to {NextBuild}.")]
    public static partial void SignalUpgrades(ILogger logger, object signal, string? nextBuild);

    [LoggerMessage(EventId = 1012, EventName = "SignalIgnored", Level = LogLevel.Error,
        Message = "Live update signal ignored.")]
    public static partial void SignalIgnored(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1020, EventName = "FinishNotReady", Level = LogLevel.Information,
        Message = "A participant cannot finish the live update yet; asking again in {Interval}.")]
    public static partial void FinishNotReady(ILogger logger, TimeSpan interval);

    [LoggerMessage(EventId = 1021, EventName = "FinishFailed", Level = LogLevel.Error,
        Message = "Finishing the live update failed; the image is kept and finishing is retried in {Interval}.")]
    public static partial void FinishFailed(ILogger logger, Exception exception, TimeSpan interval);

    [LoggerMessage(EventId = 1030, EventName = "UpdateFailed", Level = LogLevel.Error,
        Message = "Live update to {NextBuild} failed; this build goes on.")]
    public static partial void UpdateFailed(ILogger logger, Exception exception, string nextBuild);

    [LoggerMessage(EventId = 1031, EventName = "UpdateCommitted", Level = LogLevel.Information,
        Message = "Live update to {NextBuild}: committed {Bytes} bytes to {ImagePath} ({Entries}).")]
    public static partial void UpdateCommitted(ILogger logger, string nextBuild, long bytes, string? imagePath, string entries);

    [LoggerMessage(EventId = 1040, EventName = "HandoverServing", Level = LogLevel.Information,
        Message = "Serving the live-update handover of {Address} on {Socket}.")]
    public static partial void HandoverServing(ILogger logger, object? address, string socket);

    [LoggerMessage(EventId = 1041, EventName = "HandoverAttemptFailed", Level = LogLevel.Warning,
        Message = "A live-update handover on {Socket} did not happen; this build goes on serving.")]
    public static partial void HandoverAttemptFailed(ILogger logger, Exception exception, string socket);

    [LoggerMessage(EventId = 1042, EventName = "HandoverSocketFailed", Level = LogLevel.Error,
        Message = "The live-update handover socket {Socket} could not be served.")]
    public static partial void HandoverSocketFailed(ILogger logger, Exception exception, string socket);

    [LoggerMessage(EventId = 1043, EventName = "HandedOver", Level = LogLevel.Information,
        Message = "Live update through {Socket}: handed {Bytes} bytes to the successor ({Entries}).")]
    public static partial void HandedOver(ILogger logger, string socket, long bytes, string entries);

    [LoggerMessage(EventId = 1050, EventName = "SystemdNotifyOff", Level = LogLevel.Warning,
        Message = "systemd notifications are off.")]
    public static partial void SystemdNotifyOff(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1051, EventName = "SystemdNotifyFailed", Level = LogLevel.Warning,
        Message = "systemd notification to {Address} failed.")]
    public static partial void SystemdNotifyFailed(ILogger logger, Exception exception, string? address);

    [LoggerMessage(EventId = 1013, EventName = "SignalStartsSuccessor", Level = LogLevel.Information,
        Message = "Signal {Signal} starts the successor {Successor}, which takes over through the handover socket.")]
    public static partial void SignalStartsSuccessor(ILogger logger, object signal, string successor);

    [LoggerMessage(EventId = 1060, EventName = "SuccessorNotStarted", Level = LogLevel.Error,
        Message = "Live update: no successor started; this build goes on serving.")]
    public static partial void SuccessorNotStarted(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1061, EventName = "SuccessorStarted", Level = LogLevel.Information,
        Message = "Live update: started the successor {Command} as process {Pid}; it takes over through the handover socket.")]
    public static partial void SuccessorStarted(ILogger logger, string command, int pid);

    [LoggerMessage(EventId = 1062, EventName = "SuccessorExited", Level = LogLevel.Warning,
        Message = "Live update: the successor exited before taking over; this build goes on serving.")]
    public static partial void SuccessorExited(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1070, EventName = "SnapshotWritten", Level = LogLevel.Information,
        Message = "Snapshot of {Entries} written to {Path} ({Bytes} bytes); the service goes on.")]
    public static partial void SnapshotWritten(ILogger logger, string entries, string path, long bytes);

    [LoggerMessage(EventId = 1071, EventName = "SnapshotFailed", Level = LogLevel.Error,
        Message = "Snapshot to {Path} failed; the service goes on.")]
    public static partial void SnapshotFailed(ILogger logger, Exception exception, string path);

    [LoggerMessage(EventId = 1072, EventName = "SnapshotSignal", Level = LogLevel.Information,
        Message = "Signal {Signal} writes a snapshot of this service's state to {Path}.")]
    public static partial void SnapshotSignal(ILogger logger, object signal, string path);

    [LoggerMessage(EventId = 1080, EventName = "VerifyPassed", Level = LogLevel.Information,
        Message = "Verify mode: every entry of {Image} passed ({Entries}); the host was not started.")]
    public static partial void VerifyPassed(ILogger logger, string image, string entries);

    [LoggerMessage(EventId = 1081, EventName = "VerifyFailed", Level = LogLevel.Error,
        Message = "Verify mode: {Image} failed (exit code {ExitCode}): {Problems}; the host was not started.")]
    public static partial void VerifyFailed(ILogger logger, string image, int exitCode, string problems);
}
