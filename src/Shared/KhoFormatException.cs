using System;

namespace KhoGen;

/// <summary>
/// Bytes that are not a valid encoding of the expected format: truncated, corrupted, forged,
/// or of a format or version this build cannot read. The only exception KhoGen's readers throw
/// for bad input.
/// </summary>
sealed partial class KhoFormatException : Exception
{
    /// <summary>Creates an exception for input that could not be read.</summary>
    public KhoFormatException(string message, string? formatId = null, long offset = -1, Exception? inner = null)
        : base(Compose(message, formatId, offset), inner)
    {
        FormatId = formatId;
        Offset = offset;
    }

    /// <summary>The format id (<c>memfd-v2</c>) or data type being read, when known.</summary>
    public string? FormatId { get; }

    /// <summary>The byte offset in the input where the problem was found, or -1.</summary>
    public long Offset { get; }

    static string Compose(string message, string? formatId, long offset)
    {
        if (formatId is null && offset < 0) return message;
        if (offset < 0) return $"{formatId}: {message}";
        return $"{formatId ?? "input"} at byte {offset}: {message}";
    }
}
