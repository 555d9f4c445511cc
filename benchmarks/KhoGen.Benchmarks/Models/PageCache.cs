using KhoGen;

namespace KhoGen.Benchmarks.Models;

/// <summary>
/// Scenario 5: the state of a page cache handed over by a live update: pages of bytes in a sparse
/// array indexed by page number.
/// </summary>
[KhoFormat("bench-pagecache", 1)]
public sealed partial record PageCacheV1(ulong Generation, KhoArray<byte[]> Pages);
