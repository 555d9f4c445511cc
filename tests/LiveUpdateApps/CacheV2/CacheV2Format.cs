using System;
using System.Collections.Generic;
using System.Linq;
using KhoGen;

namespace CacheService;

/// <summary>Build 2.0 counts hits per entry and remembers where its state came from.</summary>
[KhoFormat("cache", 2)]
public partial record CacheV2(long Generation, Dictionary<string, CachedValue> Entries, KhoArray<Slot> Slots, string Origin)
{
    [KhoUpgrade]
    public static CacheV2 From(CacheV1 v1)
    {
        if (Fault == "upgrade-throws" && v1.Entries.ContainsKey("key-0013"))
            throw new InvalidOperationException("key-0013 has no hit count (CACHE_FAULT=upgrade-throws)");
        return new(v1.Generation, v1.Entries.ToDictionary(e => e.Key, e => new CachedValue(e.Value, 0)), v1.Slots, "cache-v1");
    }

    /// <summary>Rollback to 1.0: the hit counts and the origin are dropped; every entry is kept.</summary>
    [KhoDowngrade]
    public static CacheV1 To(CacheV2 v2) =>
        new(v2.Generation, v2.Entries.Where(e => Fault != "downgrade-loses" || e.Key != "key-0007").ToDictionary(e => e.Key, e => e.Value.Text), v2.Slots);

    /// <summary>The verify-mode tests' broken conversions (tests/KhoGen.LiveUpdate.Tests/HostedVerifyTests.cs).</summary>
    static readonly string? Fault = Environment.GetEnvironmentVariable("CACHE_FAULT");
}

[KhoData]
public partial record CachedValue(string Text, int Hits);
