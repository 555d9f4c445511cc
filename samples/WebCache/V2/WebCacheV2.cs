using System.Collections.Generic;
using System.Linq;
using KhoGen;

namespace WebCache;

/// <summary>webcache-v2 (release 2.0): every entry also records when it was last written.</summary>
[KhoFormat("webcache", 2)]
public partial record WebCacheV2(Dictionary<long, Entry> Entries)
{
    [KhoUpgrade] public static WebCacheV2 From(WebCacheV1 v1) => new(v1.Entries.ToDictionary(e => e.Key, e => new Entry(e.Value, 0)));
    [KhoDowngrade] public static WebCacheV1 To(WebCacheV2 v2) => new(v2.Entries.ToDictionary(e => e.Key, e => e.Value.Value));
}

/// <summary>A value and the Unix time in milliseconds it was written at (0: before release 2.0).</summary>
[KhoData]
public partial record struct Entry(long Value, long WrittenAt);
