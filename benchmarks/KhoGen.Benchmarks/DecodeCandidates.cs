using System;
using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Transcode = System.Text.Unicode.Utf8;

namespace KhoGen.Benchmarks;

/// <summary>Ways to decode strict UTF-8 into a string, for <c>--probe-graph strings</c>: measured side by side before one goes into the runtime.</summary>
static class DecodeCandidates
{
    /// <summary>An ASCII check, then a widening copy; else a transcode into a stack buffer and one copy into the string.</summary>
    public static string? StackTranscode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) return string.Empty;
        if (Ascii.IsValid(bytes))
        {
            string s = new('\0', bytes.Length);
            Ascii.ToUtf16(bytes, MemoryMarshal.CreateSpan(ref Unsafe.AsRef(in s.GetPinnableReference()), s.Length), out _);
            return s;
        }
        if (bytes.Length > 256) return null;
        Span<char> buffer = stackalloc char[256];
        if (Transcode.ToUtf16(bytes, buffer, out _, out int written, replaceInvalidSequences: false) != OperationStatus.Done) return null;
        return new string(buffer.Slice(0, written));
    }
}
