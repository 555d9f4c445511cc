using System;
using System.Diagnostics;
using System.IO;

namespace KhoGen;

/// <summary>
/// Faults injected into an image write, for the crash-consistency and storage-fault tests: the
/// process kills itself after <see cref="CrashAtByte"/> bytes, as a crash would; the write fails with
/// an <see cref="IOException"/> at <see cref="FailAtByte"/>, as a full disk would; or the process
/// kills itself at <see cref="CrashAt"/> (<see cref="Flushed"/>: the temporary file is whole and
/// flushed, not yet renamed; <see cref="Renamed"/>: just after the rename). Internal: only the tests
/// and their tools (InternalsVisibleTo) set <see cref="KhoLiveUpdateOptions.Faults"/>; a production
/// build reads nothing from its environment for them.
/// </summary>
sealed class ImageFaults
{
    public const string Flushed = "flushed", Renamed = "renamed";

    /// <summary>No fault: every production write.</summary>
    public static readonly ImageFaults None = new();

    /// <summary>The byte after which the process kills itself, or -1.</summary>
    public long CrashAtByte { get; init; } = -1;

    /// <summary>The byte at which the write fails with an <see cref="IOException"/>, or -1.</summary>
    public long FailAtByte { get; init; } = -1;

    /// <summary>The point of an atomic write where the process kills itself, or null.</summary>
    public string? CrashAt { get; init; }

    /// <summary>Kills the process when <paramref name="point"/> is <see cref="CrashAt"/>.</summary>
    public void At(string point)
    {
        if (CrashAt == point) Crash($"crash injected at {point}");
    }

    /// <summary>Dies at once, as a crash would: no finally block, no flush of anything not yet written.</summary>
    public static void Crash(string why)
    {
        Process.GetCurrentProcess().Kill();
        Environment.FailFast(why);
    }
}
