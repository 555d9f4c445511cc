using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using KhoGen.Benchmarks.Models;
using MemoryPack;

namespace KhoGen.Benchmarks;

/// <summary>
/// <c>-- --probe-sparse</c>: scenario 4's serializers timed in turn, one operation each per round, into
/// the benchmark's one preallocated buffer, so a loaded machine disturbs them alike; minimum and median
/// of the rounds. <c>-- --probe-sparse NAME SECONDS</c> runs one of them in a loop for a profiler.
/// </summary>
static class SparseProbe
{
    public static void Run(string[] args)
    {
        ulong[] indexes = Data.SparseIndexes(SparseBenchmarks.Count);
        SparseCache kho = Data.Sparse(indexes);
        SparseCacheMap map = Data.SparseMap(indexes);
        byte[] khoBytes = KhoSerializer.Serialize(kho);
        // The benchmark's buffer: twice the largest peer's output.
        var buffer = new ArrayBufferWriter<byte>(MemoryPackSerializer.Serialize(map).Length * 2);
        var ring = new Ring(64 << 10);
        var ops = new (string Name, Func<int> Op)[]
        {
            ("KhoGen write", () => { buffer.ResetWrittenCount(); KhoSerializer.Serialize(kho, buffer); return buffer.WrittenCount; }),
            ("MemoryPack write", () => { buffer.ResetWrittenCount(); MemoryPackSerializer.Serialize(buffer, map); return buffer.WrittenCount; }),
            ("copy write", () => { buffer.ResetWrittenCount(); khoBytes.CopyTo(buffer.GetSpan(khoBytes.Length)); buffer.Advance(khoBytes.Length); return khoBytes.Length; }),
            // The same writes into one 64 KiB span handed out again and again: the destination stays in the cache.
            ("KhoGen write, ring", () => { ring.Reset(); KhoSerializer.Serialize(kho, ring); return (int)ring.Written; }),
            ("MemoryPack write, ring", () => { ring.Reset(); MemoryPackSerializer.Serialize(ring, map); return (int)ring.Written; }),
            ("KhoGen read", () => KhoSerializer.Deserialize<SparseCache>(khoBytes).Slots.Count),
        };
        if (args.Length > 2) ProbeRounds.Loop(ops, args[1], double.Parse(args[2]));
        else ProbeRounds.Measure(ops, args.Length > 1 ? int.Parse(args[1]) : 100, warmups: 5);
    }

    /// <summary>A buffer writer that hands out the same span every time: output in the cache, bytes discarded.</summary>
    sealed class Ring(int size) : IBufferWriter<byte>
    {
        readonly byte[] _buffer = new byte[size];
        public long Written { get; private set; }
        public void Reset() => Written = 0;
        public void Advance(int count) => Written += count;
        public Memory<byte> GetMemory(int sizeHint = 0) => _buffer;
        public Span<byte> GetSpan(int sizeHint = 0) => sizeHint <= _buffer.Length ? _buffer : throw new ArgumentOutOfRangeException(nameof(sizeHint));
    }
}
