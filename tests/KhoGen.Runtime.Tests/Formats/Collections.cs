using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using KhoGen;

namespace KhoGen.Runtime.Tests.Formats;

// Byte buffers, sequences, maps and sparse arrays, nested, on a class with init-only properties.

[KhoFormat("collections", 1)]
public partial class Collections
{
    public byte[]? Bytes { get; init; }
    public Memory<byte> Memory { get; init; }
    public ReadOnlyMemory<byte> ReadOnlyMemory { get; init; }
    public int[]? Ints { get; init; }
    public double[]? Doubles { get; init; }
    public char[]? Chars { get; init; }
    public bool[]? Bools { get; init; }
    public List<string?>? Strings { get; init; }
    public IReadOnlyList<Guid>? Guids { get; init; }
    public ImmutableArray<long> Longs { get; init; }
    public ImmutableArray<string> ImmutableStrings { get; init; }
    public List<decimal?>? MaybeDecimals { get; init; }
    public IntEnum[]? EnumArray { get; init; }
    public Dictionary<string, int>? Map { get; init; }
    public IReadOnlyDictionary<long, Point>? Points { get; init; }
    public Dictionary<Point, string?>? ByPoint { get; init; }
    public Dictionary<UIntFlags, List<DateTime>?>? ByFlags { get; init; }
    public KhoArray<string?>? Sparse { get; init; }
    public KhoArray<Point>? SparsePoints { get; init; }
    public List<Point?>? MaybePoints { get; init; }
    public Item?[]? Items { get; init; }
    public List<List<int>?>? Nested { get; init; }
    public int[][]? Jagged { get; init; }
    public List<byte[]?>? Blobs { get; init; }
    public KhoArray<KhoArray<ushort>?>? SparseOfSparse { get; init; }
}

/// <summary>A nested data class (nullable where used), holding a data struct and a collection.</summary>
[KhoData]
public partial class Item
{
    public string? Name { get; set; }
    public Point Where { get; set; }
    public List<int>? Values { get; set; }
    public Pixel? Color { get; set; }
}

/// <summary>A large payload: 100k-element collections.</summary>
[KhoFormat("big", 1)]
public partial record Big(List<long>? Longs, string?[]? Strings, KhoArray<int>? Sparse, Dictionary<int, string>? Map, byte[]? Bytes);
