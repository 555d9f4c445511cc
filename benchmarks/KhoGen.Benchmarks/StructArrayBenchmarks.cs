using System;
using System.Buffers;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using KhoGen.Benchmarks.Models;
using MemoryPack;
using MessagePack;

namespace KhoGen.Benchmarks;

/// <summary>
/// Scenario 3: 1M elements of an unmanaged 24-byte struct, against the others and against a plain
/// copy of the same bytes (the physical limit: writing is a copy into a buffer, reading is a new
/// array and a copy).
/// </summary>
public class StructArrayBenchmarks
{
    public const int Count = 1_000_000;

    SampleBatch _value = null!;
    byte[] _kho = null!, _memoryPack = null!, _messagePack = null!, _protobuf = null!;
    byte[] _copy = null!;
    ArrayBufferWriter<byte> _buffer = null!;

    // One set of data for every contender of a process: in process, each benchmark's setup would
    // otherwise allocate its own source array and buffer, and a copy's speed depends on where its
    // blocks lie (docs/benchmarks.md, "Issue 16: 1M structs"). Every writer writes into the same
    // buffer, sized once for the largest output, so none of them grows it.
    static StructArrayBenchmarks? s_shared;

    [GlobalSetup]
    public void Setup()
    {
        if (s_shared is { } shared)
        {
            (_value, _kho, _memoryPack, _messagePack, _protobuf, _copy, _buffer) =
                (shared._value, shared._kho, shared._memoryPack, shared._messagePack, shared._protobuf, shared._copy, shared._buffer);
            return;
        }
        _value = Data.Samples(Count);
        _kho = Check.KhoGen(_value);
        _memoryPack = Check.MemoryPack(_value);
        _messagePack = Check.MessagePack(_value);
        _protobuf = Check.Protobuf(_value);
        _copy = MemoryMarshal.AsBytes(_value.Samples.AsSpan()).ToArray();
        Sizes.Report("1M structs", _kho, _memoryPack, _messagePack, _protobuf);
        _buffer = new ArrayBufferWriter<byte>(Math.Max(_protobuf.Length, _messagePack.Length) * 2);
        s_shared = this;
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Serialize")]
    public int KhoGen_Serialize()
    {
        _buffer.ResetWrittenCount();
        KhoSerializer.Serialize(_value, _buffer);
        return _buffer.WrittenCount;
    }

    [Benchmark, BenchmarkCategory("Serialize")]
    public int MemoryPack_Serialize()
    {
        _buffer.ResetWrittenCount();
        MemoryPackSerializer.Serialize(_buffer, _value);
        return _buffer.WrittenCount;
    }

    [Benchmark, BenchmarkCategory("Serialize")]
    public int MessagePack_Serialize()
    {
        _buffer.ResetWrittenCount();
        MessagePackSerializer.Serialize(_buffer, _value);
        return _buffer.WrittenCount;
    }

    [Benchmark, BenchmarkCategory("Serialize")]
    public int Protobuf_Serialize()
    {
        _buffer.ResetWrittenCount();
        ProtoBuf.Serializer.Serialize(_buffer, _value);
        return _buffer.WrittenCount;
    }

    /// <summary>The limit: the struct array's bytes copied into the same buffer.</summary>
    [Benchmark, BenchmarkCategory("Serialize")]
    public int Copy_Serialize()
    {
        _buffer.ResetWrittenCount();
        ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes(_value.Samples.AsSpan());
        bytes.CopyTo(_buffer.GetSpan(bytes.Length));
        _buffer.Advance(bytes.Length);
        return _buffer.WrittenCount;
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Deserialize")]
    public SampleBatch KhoGen_Deserialize() => KhoSerializer.Deserialize<SampleBatch>(_kho);

    [Benchmark, BenchmarkCategory("Deserialize")]
    public SampleBatch MemoryPack_Deserialize() => MemoryPackSerializer.Deserialize<SampleBatch>(_memoryPack)!;

    [Benchmark, BenchmarkCategory("Deserialize")]
    public SampleBatch MessagePack_Deserialize() => MessagePackSerializer.Deserialize<SampleBatch>(_messagePack);

    [Benchmark, BenchmarkCategory("Deserialize")]
    public SampleBatch Protobuf_Deserialize() => ProtoBuf.Serializer.Deserialize<SampleBatch>(new ReadOnlySpan<byte>(_protobuf));

    /// <summary>The limit: a new array and a copy of the bytes into it.</summary>
    [Benchmark, BenchmarkCategory("Deserialize")]
    public Sample[] Copy_Deserialize()
    {
        Sample[] samples = GC.AllocateUninitializedArray<Sample>(_copy.Length / Marshal.SizeOf<Sample>());
        _copy.AsSpan().CopyTo(MemoryMarshal.AsBytes(samples.AsSpan()));
        return samples;
    }
}
