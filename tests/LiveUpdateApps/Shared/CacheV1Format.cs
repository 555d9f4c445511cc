using System.Collections.Generic;
using KhoGen;

namespace CacheService;

// cache-v1 exactly as build 1.0 shipped it. Build 2.0 compiles this same file (a linked
// <Compile Include>): a shipped version is never edited, only followed by a new one.

[KhoFormat("cache", 1)]
public partial record CacheV1(long Generation, Dictionary<string, string> Entries, KhoArray<Slot> Slots);

[KhoData]
public partial record struct Slot(ulong Key, int Size, SlotState State);

public enum SlotState : byte
{
    Empty = 0,
    Warm = 1,
    Hot = 2,
}
