using System.Collections.Generic;
using KhoGen;
using MemoryPack;
using MessagePack;
using ProtoBuf;

namespace KhoGen.Benchmarks.Models;

/// <summary>
/// Scenario 3's element: an unmanaged struct of 24 bytes with no padding, so its memory form is its
/// wire form. MemoryPack copies unmanaged structs without an attribute.
/// </summary>
[KhoData, MessagePackObject, ProtoContract]
public partial record struct Sample(
    [property: Key(0), ProtoMember(1)] long Timestamp,
    [property: Key(1), ProtoMember(2)] double Value,
    [property: Key(2), ProtoMember(3)] int SensorId,
    [property: Key(3), ProtoMember(4)] float Quality);

/// <summary>Scenario 3: a batch of samples.</summary>
[KhoData, MemoryPackable, MessagePackObject, ProtoContract(SkipConstructor = true)]
public sealed partial record SampleBatch([property: Key(0), ProtoMember(1)] Sample[] Samples);

/// <summary>Scenario 4's element: a 16-byte cache slot.</summary>
[KhoData, MessagePackObject, ProtoContract]
public partial record struct CacheSlot(
    [property: Key(0), ProtoMember(1)] ulong Pfn,
    [property: Key(1), ProtoMember(2)] uint Generation,
    [property: Key(2), ProtoMember(3)] uint Flags);

/// <summary>Scenario 4, KhoGen: a sparse array over a 2^40 index space.</summary>
[KhoData]
public sealed partial record SparseCache(KhoArray<CacheSlot> Slots);

/// <summary>Scenario 4, the others: the natural alternative, a dictionary from index to value.</summary>
[MemoryPackable, MessagePackObject]
public sealed partial record SparseCacheMap([property: Key(0)] Dictionary<ulong, CacheSlot> Slots);
