using KhoGen;
using MemoryPack;
using MessagePack;
using ProtoBuf;

namespace KhoGen.Benchmarks.Models;

// One type carries every contender's attributes, so every serializer gets the same value.

/// <summary>Scenario 1: ten mixed primitive members.</summary>
[KhoData, MemoryPackable, MessagePackObject, ProtoContract(SkipConstructor = true)]
public sealed partial record SmallObject(
    [property: Key(0), ProtoMember(1)] int Id,
    [property: Key(1), ProtoMember(2)] long Timestamp,
    [property: Key(2), ProtoMember(3)] double Price,
    [property: Key(3), ProtoMember(4)] float Ratio,
    [property: Key(4), ProtoMember(5)] bool Active,
    [property: Key(5), ProtoMember(6)] byte Kind,
    [property: Key(6), ProtoMember(7)] short Delta,
    [property: Key(7), ProtoMember(8)] ushort Port,
    [property: Key(8), ProtoMember(9)] uint Flags,
    [property: Key(9), ProtoMember(10)] ulong Hash);
