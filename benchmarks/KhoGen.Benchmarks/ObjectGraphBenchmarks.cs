using System;
using System.Buffers;
using BenchmarkDotNet.Attributes;
using KhoGen.Benchmarks.Models;
using MemoryPack;
using MessagePack;

namespace KhoGen.Benchmarks;

/// <summary>Scenario 2: an object graph with strings, lists, a dictionary and nested data.</summary>
// Written out per scenario on purpose: a shared generic base class made MemoryPack's calls go
// through shared generic code for reference types (16.7 -> 27.6 ns per small object), which would
// skew the comparison.
public class ObjectGraphBenchmarks
{
    Customer _value = null!;
    byte[] _kho = null!, _memoryPack = null!, _messagePack = null!, _protobuf = null!;
    readonly ArrayBufferWriter<byte> _buffer = new(1 << 16);

    [GlobalSetup]
    public void Setup()
    {
        _value = Data.Graph();
        _kho = Check.KhoGen(_value);
        _memoryPack = Check.MemoryPack(_value);
        _messagePack = Check.MessagePack(_value);
        _protobuf = Check.Protobuf(_value);
        Sizes.Report("object graph", _kho, _memoryPack, _messagePack, _protobuf);
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

    [Benchmark(Baseline = true), BenchmarkCategory("Deserialize")]
    public Customer KhoGen_Deserialize() => KhoSerializer.Deserialize<Customer>(_kho);

    [Benchmark, BenchmarkCategory("Deserialize")]
    public Customer MemoryPack_Deserialize() => MemoryPackSerializer.Deserialize<Customer>(_memoryPack)!;

    [Benchmark, BenchmarkCategory("Deserialize")]
    public Customer MessagePack_Deserialize() => MessagePackSerializer.Deserialize<Customer>(_messagePack);

    [Benchmark, BenchmarkCategory("Deserialize")]
    public Customer Protobuf_Deserialize() => ProtoBuf.Serializer.Deserialize<Customer>(new ReadOnlySpan<byte>(_protobuf));
}
