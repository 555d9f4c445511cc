using System;
using System.Buffers;
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

    /// <summary>Strings up to this many bytes are transcoded through a buffer on the stack.</summary>
    const int StackBytes = 512;

    /// <summary>
    /// Decodes strict UTF-8, or returns null when <paramref name="bytes"/> is not valid UTF-8.
    /// </summary>
    /// <remarks>
    /// The wire holds only the byte length, so <see cref="Encoding.GetString(ReadOnlySpan{byte})"/>
    /// passes over the bytes twice: it counts the characters to size the string, then transcodes.
    /// A short string is instead validated and transcoded in one pass into a buffer on the stack,
    /// then copied into a string of the exact length (a copy of a few hundred bytes at most is cheaper
    /// than the counting pass). A long string that is all ASCII has one character a byte: a vectorized
    /// check, then one widening copy. Anything else goes through the strict decoder. All three refuse
    /// the same ill-formed input (overlong forms, surrogates, truncated or stray sequences).
    /// </remarks>
    public static unsafe string? Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) return string.Empty;
        if (bytes.Length <= StackBytes)
        {
            Span<char> chars = stackalloc char[bytes.Length];
            if (System.Text.Unicode.Utf8.ToUtf16(bytes, chars, out _, out int written, replaceInvalidSequences: false) != OperationStatus.Done)
                return null;
            return new string(chars.Slice(0, written));
        }
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
