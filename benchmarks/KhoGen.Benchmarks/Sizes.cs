using System;

namespace KhoGen.Benchmarks;

/// <summary>Prints each contender's encoded size once per setup, for docs/benchmarks.md.</summary>
static class Sizes
{
    static readonly System.Collections.Generic.HashSet<string> s_reported = new();

    public static void Report(string what, byte[] kho, byte[] memoryPack, byte[] messagePack, byte[]? protobuf = null)
    {
        if (!s_reported.Add(what)) return;
        Console.WriteLine($"// sizes of {what}: KhoGen {kho.Length:N0} B, MemoryPack {memoryPack.Length:N0} B, MessagePack {messagePack.Length:N0} B" +
            (protobuf is null ? "" : $", protobuf-net {protobuf.Length:N0} B"));
    }
}
