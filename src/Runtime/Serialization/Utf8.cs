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

    static ArgumentException Unpaired(EncoderFallbackException e) =>
        new("The string holds an unpaired UTF-16 surrogate, which UTF-8 cannot carry: it would not survive the round trip.", e);
}
