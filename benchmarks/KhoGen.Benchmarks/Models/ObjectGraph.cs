using System.Collections.Generic;
using KhoGen;
using MemoryPack;
using MessagePack;
using ProtoBuf;

namespace KhoGen.Benchmarks.Models;

/// <summary>Scenario 2: the root of an object graph with strings, lists, a dictionary and nested data.</summary>
[KhoData, MemoryPackable, MessagePackObject, ProtoContract(SkipConstructor = true)]
public sealed partial record Customer(
    [property: Key(0), ProtoMember(1)] long Id,
    [property: Key(1), ProtoMember(2)] string Name,
    [property: Key(2), ProtoMember(3)] string Email,
    [property: Key(3), ProtoMember(4)] Address Home,
    [property: Key(4), ProtoMember(5)] List<Order> Orders,
    [property: Key(5), ProtoMember(6)] Dictionary<string, string> Attributes,
    [property: Key(6), ProtoMember(7)] List<string> Tags,
    [property: Key(7), ProtoMember(8)] double Balance,
    [property: Key(8), ProtoMember(9)] int Tier,
    [property: Key(9), ProtoMember(10)] bool Verified);

/// <summary>A nested data class.</summary>
[KhoData, MemoryPackable, MessagePackObject, ProtoContract(SkipConstructor = true)]
public sealed partial record Address(
    [property: Key(0), ProtoMember(1)] string Street,
    [property: Key(1), ProtoMember(2)] string City,
    [property: Key(2), ProtoMember(3)] string PostalCode,
    [property: Key(3), ProtoMember(4)] string Country);

/// <summary>An order, in a list of the customer.</summary>
[KhoData, MemoryPackable, MessagePackObject, ProtoContract(SkipConstructor = true)]
public sealed partial record Order(
    [property: Key(0), ProtoMember(1)] long Id,
    [property: Key(1), ProtoMember(2)] long CreatedTicks,
    [property: Key(2), ProtoMember(3)] string Status,
    [property: Key(3), ProtoMember(4)] List<OrderLine> Lines,
    [property: Key(4), ProtoMember(5)] double Total);

/// <summary>A line of an order.</summary>
[KhoData, MemoryPackable, MessagePackObject, ProtoContract(SkipConstructor = true)]
public sealed partial record OrderLine(
    [property: Key(0), ProtoMember(1)] long Sku,
    [property: Key(1), ProtoMember(2)] string Title,
    [property: Key(2), ProtoMember(3)] int Quantity,
    [property: Key(3), ProtoMember(4)] double UnitPrice);
