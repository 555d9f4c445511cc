using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Runtime.InteropServices;
using KhoGen.Benchmarks.Models;
using MemoryPack;

namespace KhoGen.Benchmarks;

/// <summary>
/// <c>-- --probe-structs</c>: scenario 3's contenders timed in turn, one operation each per round, so a
/// loaded machine disturbs them alike; minimum and median of the rounds. Every writer writes into the
/// same buffer and reads the same array, every reader the same kind of input, so addresses are shared.
/// <c>-- --probe-structs NAME SECONDS</c> runs one contender in a loop for a profiler.
/// </summary>
static class StructProbe
{
    public static void Run(string[] args)
    {
        SampleBatch value = Data.Samples(StructArrayBenchmarks.Count);
        byte[] kho = KhoSerializer.Serialize(value), mp = MemoryPackSerializer.Serialize(value);
        byte[] raw = MemoryMarshal.AsBytes(value.Samples.AsSpan()).ToArray();
        var buffer = new ArrayBufferWriter<byte>(64 << 20);
        var ops = new (string Name, Func<int> Op)[]
        {
            ("KhoGen write", () => { buffer.ResetWrittenCount(); KhoSerializer.Serialize(value, buffer); return buffer.WrittenCount; }),
            ("MemoryPack write", () => { buffer.ResetWrittenCount(); MemoryPackSerializer.Serialize(buffer, value); return buffer.WrittenCount; }),
            ("copy write", () => Copy(buffer, value.Samples, 0)),
            ("copy write at 4", () => Copy(buffer, value.Samples, 4)),
            ("nt copy write at 4", () => NtCopy(buffer, value.Samples, 4)),
            ("KhoGen read", () => KhoSerializer.Deserialize<SampleBatch>(kho).Samples.Length),
            ("MemoryPack read", () => MemoryPackSerializer.Deserialize<SampleBatch>(mp)!.Samples.Length),
            ("copy read", () =>
            {
                Sample[] samples = GC.AllocateUninitializedArray<Sample>(raw.Length / Marshal.SizeOf<Sample>());
                raw.AsSpan().CopyTo(MemoryMarshal.AsBytes(samples.AsSpan()));
                return samples.Length;
            }),
        };
        if (args.Length > 1 && args[1] == "sweep")
        {
            // Where streaming stores start to pay: an ordinary and a streaming copy of N MiB, in turn.
            foreach (int mib in new[] { 1, 2, 4, 8, 16, 24 })
            {
                var block = new Sample[(mib << 20) / 24];
                ops = new (string, Func<int>)[]
                {
                    ($"{mib} MiB copy", () => Copy(buffer, block, 4)),
                    ($"{mib} MiB streaming copy", () => NtCopy(buffer, block, 4)),
                };
                Measure(ops, 200);
            }
            return;
        }
        if (args.Length > 2) ProbeRounds.Loop(ops, args[1], double.Parse(args[2]));
        else Measure(ops, args.Length > 1 ? int.Parse(args[1]) : 200);
    }

    static void Measure((string Name, Func<int> Op)[] ops, int rounds) => ProbeRounds.Measure(ops, rounds, warmups: 10);

    static unsafe int NtCopy(ArrayBufferWriter<byte> buffer, Sample[] samples, int at)
    {
        buffer.ResetWrittenCount();
        ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes(samples.AsSpan());
        Span<byte> dest = buffer.GetSpan(at + bytes.Length).Slice(at);
        fixed (byte* s0 = bytes)
        fixed (byte* d0 = dest)
        {
            byte* s = s0, d = d0;
            nuint n = (nuint)bytes.Length;
            nuint head = (nuint)((32 - ((nint)d & 31)) & 31);
            Buffer.MemoryCopy(s, d, head, head);
            s += head; d += head; n -= head;
            while (n >= 128)
            {
                var a = System.Runtime.Intrinsics.X86.Avx.LoadVector256(s);
                var b = System.Runtime.Intrinsics.X86.Avx.LoadVector256(s + 32);
                var c = System.Runtime.Intrinsics.X86.Avx.LoadVector256(s + 64);
                var e = System.Runtime.Intrinsics.X86.Avx.LoadVector256(s + 96);
                System.Runtime.Intrinsics.X86.Avx.StoreAlignedNonTemporal(d, a);
                System.Runtime.Intrinsics.X86.Avx.StoreAlignedNonTemporal(d + 32, b);
                System.Runtime.Intrinsics.X86.Avx.StoreAlignedNonTemporal(d + 64, c);
                System.Runtime.Intrinsics.X86.Avx.StoreAlignedNonTemporal(d + 96, e);
                s += 128; d += 128; n -= 128;
            }
            System.Runtime.Intrinsics.X86.Sse.StoreFence();
            Buffer.MemoryCopy(s, d, n, n);
        }
        buffer.Advance(at + bytes.Length);
        return buffer.WrittenCount;
    }

    static int Copy(ArrayBufferWriter<byte> buffer, Sample[] samples, int at)
    {
        buffer.ResetWrittenCount();
        ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes(samples.AsSpan());
        bytes.CopyTo(buffer.GetSpan(at + bytes.Length).Slice(at));
        buffer.Advance(at + bytes.Length);
        return buffer.WrittenCount;
    }
}
