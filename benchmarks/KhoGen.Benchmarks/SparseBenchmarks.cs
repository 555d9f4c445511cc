using System;
using System.Buffers;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using KhoGen.Benchmarks.Models;
using MemoryPack;
using MessagePack;

namespace KhoGen.Benchmarks;

/// <summary>
/// Scenario 4: a sparse <see cref="KhoArray{T}"/> of 1M entries scattered over 2^40 indexes,
/// against MemoryPack and MessagePack with the natural alternative, a <c>Dictionary&lt;ulong, T&gt;</c>.
/// </summary>
public class SparseBenchmarks
{
    SparseCache _kho = null!;
    SparseCacheMap _map = null!;
    byte[] _khoBytes = null!, _memoryPack = null!, _messagePack = null!;
    ArrayBufferWriter<byte> _buffer = null!;

    public static int Count => Program.IsShort ? 250_000 : 1_000_000;

    [GlobalSetup]
    public void Setup()
    {
        ulong[] indexes = Data.SparseIndexes(Count);
        _kho = Data.Sparse(indexes);
        _map = Data.SparseMap(indexes);
        _khoBytes = Check.KhoGen(_kho);
        _memoryPack = MemoryPackSerializer.Serialize(_map);
        _messagePack = MessagePackSerializer.Serialize(_map);
        Same(_kho, MemoryPackSerializer.Deserialize<SparseCacheMap>(_memoryPack)!, "MemoryPack");
        Same(_kho, MessagePackSerializer.Deserialize<SparseCacheMap>(_messagePack), "MessagePack");
        Sizes.Report($"{Count:N0} sparse entries", _khoBytes, _memoryPack, _messagePack);
        _buffer = new ArrayBufferWriter<byte>(Math.Max(_memoryPack.Length, _messagePack.Length) * 2);
    }

    static void Same(SparseCache expected, SparseCacheMap actual, string who)
    {
        if (actual.Slots.Count != expected.Slots.Count) throw new InvalidOperationException($"{who}: wrong count");
        foreach (KeyValuePair<ulong, CacheSlot> e in expected.Slots)
            if (!actual.Slots.TryGetValue(e.Key, out CacheSlot slot) || slot != e.Value)
                throw new InvalidOperationException($"{who}: entry {e.Key} differs");
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Serialize")]
    public int KhoGen_Serialize()
    {
        _buffer.ResetWrittenCount();
        KhoSerializer.Serialize(_kho, _buffer);
        return _buffer.WrittenCount;
    }

    [Benchmark, BenchmarkCategory("Serialize")]
    public int MemoryPack_Serialize()
    {
        _buffer.ResetWrittenCount();
        MemoryPackSerializer.Serialize(_buffer, _map);
        return _buffer.WrittenCount;
    }

    [Benchmark, BenchmarkCategory("Serialize")]
    public int MessagePack_Serialize()
    {
        _buffer.ResetWrittenCount();
        MessagePackSerializer.Serialize(_buffer, _map);
        return _buffer.WrittenCount;
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Deserialize")]
    public SparseCache KhoGen_Deserialize() => KhoSerializer.Deserialize<SparseCache>(_khoBytes);

    [Benchmark, BenchmarkCategory("Deserialize")]
    public SparseCacheMap MemoryPack_Deserialize() => MemoryPackSerializer.Deserialize<SparseCacheMap>(_memoryPack)!;

    [Benchmark, BenchmarkCategory("Deserialize")]
    public SparseCacheMap MessagePack_Deserialize() => MessagePackSerializer.Deserialize<SparseCacheMap>(_messagePack);
}

/// <summary>Scenario 4, scaling: KhoGen over 10K to 10M sparse entries; time per entry should stay flat.</summary>
public class SparseScalingBenchmarks
{
    SparseCache _kho = null!;
    byte[] _bytes = null!;
    ArrayBufferWriter<byte> _buffer = null!;

    [ParamsSource(nameof(Sizes))]
    public int Entries { get; set; }

    public static IEnumerable<int> Sizes => Program.IsShort
        ? new[] { 10_000, 100_000, 1_000_000 }
        : new[] { 10_000, 100_000, 1_000_000, 10_000_000 };

    [GlobalSetup]
    public void Setup()
    {
        _kho = Data.Sparse(Data.SparseIndexes(Entries));
        _bytes = Check.KhoGen(_kho);
        _buffer = new ArrayBufferWriter<byte>(_bytes.Length + 4096);
    }

    [Benchmark, BenchmarkCategory("Serialize")]
    public int KhoGen_Serialize()
    {
        _buffer.ResetWrittenCount();
        KhoSerializer.Serialize(_kho, _buffer);
        return _buffer.WrittenCount;
    }

    [Benchmark, BenchmarkCategory("Deserialize")]
    public SparseCache KhoGen_Deserialize() => KhoSerializer.Deserialize<SparseCache>(_bytes);
}
