using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using KhoGen;

namespace KhoGen.Runtime.Tests.Formats;

// The allocation bounds (AllocationBoundTests): one holder per member type, each starting with the
// member, so that a forged count sits at byte 0. Types whose in-memory size dwarfs their smallest
// wire size are the ones that used to allocate far more than their input.

/// <summary>256 bytes in memory, 256 on the wire.</summary>
[KhoData]
public partial struct Wide
{
    public Guid G0, G1, G2, G3, G4, G5, G6, G7, G8, G9, G10, G11, G12, G13, G14, G15;
}

/// <summary>About 264 bytes in memory, one byte on the wire when <see cref="Inner"/> is absent.</summary>
[KhoData] public partial record struct Boxed(Wide? Inner);

[KhoData] public partial record BoxedList(List<Boxed> Items);
[KhoData] public partial record BoxedArray(Boxed[] Items);
[KhoData] public partial record BoxedReadOnlyList(IReadOnlyList<Boxed> Items);
[KhoData] public partial record BoxedImmutable(ImmutableArray<Boxed> Items);
[KhoData] public partial record BoxedNested(List<List<Boxed>> Items);
[KhoData] public partial record BoxedMap(Dictionary<int, Boxed> Items);
[KhoData] public partial record BoxedReadOnlyMap(IReadOnlyDictionary<string, decimal?> Items);
[KhoData] public partial record BoxedSparse(KhoArray<Boxed> Items);
[KhoData] public partial record DecimalsList(List<decimal?> Items);
[KhoData] public partial record GuidList(List<Guid> Items);
[KhoData] public partial record DateTimeList(List<DateTime> Items);
[KhoData] public partial record OffsetList(List<DateTimeOffset?> Items);
[KhoData] public partial record LongArray(long[] Items);
[KhoData] public partial record BoolList(List<bool> Items);
[KhoData] public partial record EnumList(List<IntEnum?> Items);
[KhoData] public partial record StringList(List<string> Items);
[KhoData] public partial record NullableStringList(List<string?> Items);
[KhoData] public partial record BlobList(List<byte[]?> Items);
[KhoData] public partial record MemoryList(List<ReadOnlyMemory<byte>> Items);
[KhoData] public partial record PlainList(List<Point> Items);
[KhoData] public partial record ItemList(List<Item> Items);
[KhoData] public partial record NullableItemList(List<Item?> Items);
[KhoData] public partial record Text(string Value);
[KhoData] public partial record Blob(byte[] Value);
