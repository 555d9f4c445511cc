using System;
using System.Collections.Generic;
using KhoGen;

namespace KhoGen.Runtime.Tests.Formats;

// One-member data types whose wire form the bad-input tests forge by hand.

[KhoData] public partial record ListBox(List<long>? Items);
[KhoData] public partial record StringBox(string? Text);
[KhoData] public partial record BytesBox(byte[]? Data);
[KhoData] public partial record MemoryBox(ReadOnlyMemory<byte> Data);
[KhoData] public partial record MapBox(Dictionary<int, long>? Map);
[KhoData] public partial record StringMapBox(Dictionary<string, int>? Map);
[KhoData] public partial record ItemMapBox(Dictionary<Item, int>? Map);
[KhoData] public partial record SparseBox(KhoArray<long>? Items);
[KhoData] public partial record ItemListBox(List<Item?>? Items);
[KhoData] public partial record BoolBox(bool Value);
[KhoData] public partial record DecimalBox(decimal Value);
[KhoData] public partial record DateTimeBox(DateTime Value);
[KhoData] public partial record DateTimeOffsetBox(DateTimeOffset Value);
[KhoData] public partial record EnumBox(IntEnum Value);
[KhoData] public partial record FlagsBox(UIntFlags Value);
[KhoData] public partial record SByteFlagsBox(SByteFlags Value);
[KhoData] public partial record NullableBox(int? Value);
[KhoData] public partial record DataBox(Point Point, Item? Item);
