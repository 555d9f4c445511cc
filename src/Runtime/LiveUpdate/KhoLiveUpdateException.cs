using System;

namespace KhoGen;

/// <summary>The phase of a live update.</summary>
public enum KhoPhase
{
    /// <summary>Choosing a version per format from the next build's catalog.</summary>
    Negotiate,
    /// <summary>Participants yield their state while the service runs.</summary>
    Preserve,
    /// <summary>Participants make their final update at cut-over.</summary>
    Freeze,
    /// <summary>The image is written.</summary>
    Commit,
    /// <summary>The next build reads the image and participants take their state.</summary>
    Retrieve,
    /// <summary>Participants release what they kept; the image is removed.</summary>
    Finish,
}

/// <summary>
/// A live update that was refused or failed. The message says which phase, which participant and
/// what was undone; <see cref="Exception.InnerException"/> is the participant's own exception.
/// </summary>
public sealed class KhoLiveUpdateException : Exception
{
    /// <summary>Creates the exception.</summary>
    public KhoLiveUpdateException(KhoPhase phase, string message, string? format = null, Exception? inner = null)
        : base(message, inner)
    {
        Phase = phase;
        Format = format;
    }

    /// <summary>The phase that failed.</summary>
    public KhoPhase Phase { get; }

    /// <summary>The participant's format, when one failed.</summary>
    public string? Format { get; }

    /// <summary>The negotiation's plan, when negotiation refused the update.</summary>
    public KhoPlan? Plan { get; init; }
}
