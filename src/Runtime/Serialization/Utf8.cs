using System;
using System.Text;

namespace KhoGen;

/// <summary>Strict UTF-8: invalid bytes and unpaired surrogates throw instead of becoming U+FFFD.</summary>
static class Utf8
{
    public static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static int GetByteCount(string value)
    {
        try { return Strict.GetByteCount(value); }
        catch (EncoderFallbackException e) { throw Unpaired(e); }
    }

    public static int GetBytes(string value, Span<byte> destination)
    {
        try { return Strict.GetBytes(value, destination); }
        catch (EncoderFallbackException e) { throw Unpaired(e); }
    }

    /// <summary>
    /// Decodes strict UTF-8, or returns null when <paramref name="bytes"/> is not valid UTF-8.
    /// </summary>
    /// <remarks>
    /// The wire holds only the byte length, so a general decode counts the characters before it
    /// transcodes. Text that is all ASCII (most names, keys and identifiers) has one character a
    /// byte: a vectorized check, then one widening copy into a string of the known length, skips the
    /// decoder's counting and its per-call set-up. Anything else goes through the strict decoder.
    /// </remarks>
    public static unsafe string? Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) return string.Empty;
        if (Ascii.IsValid(bytes))
        {
            fixed (byte* at = bytes)
                return string.Create(bytes.Length, (IntPtr)at, static (chars, at) =>
                    Ascii.ToUtf16(new ReadOnlySpan<byte>((byte*)at, chars.Length), chars, out _));
        }
        try { return Strict.GetString(bytes); }
        catch (DecoderFallbackException) { return null; }
    }

    static ArgumentException Unpaired(EncoderFallbackException e) =>
        new("The string holds an unpaired UTF-16 surrogate, which UTF-8 cannot carry: it would not survive the round trip.", e);
}
