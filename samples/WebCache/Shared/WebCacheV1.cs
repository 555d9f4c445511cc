using System.Collections.Generic;
using KhoGen;

namespace WebCache;

// webcache-v1, as shipped in release 1.0. Both releases compile this file: a shipped layout never
// changes; release 2.0 adds webcache-v2 instead.

/// <summary>The cache's entries: key to value.</summary>
[KhoFormat("webcache", 1)]
public partial record WebCacheV1(Dictionary<long, long> Entries);
