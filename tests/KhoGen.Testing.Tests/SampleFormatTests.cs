namespace KhoGen.Testing.Tests;

/// <summary>The law on the samples' shipped formats, with random values of every version.</summary>
public class SampleFormatTests
{
    [Fact]
    public void MemfdCache()
    {
        var report = KhoConversionLaw.Check<global::MemfdCache.MemfdV2>(samples: 300);
        Assert.Equal(new[] { "memfd-v1", "memfd-v2" }, System.Linq.Enumerable.Select(report.Results, r => r.Id));
        Assert.Empty(report.Violations);
    }

    [Fact]
    public void SessionStore()
    {
        // The law found two real losses here (see the comments on the conversions): an upgrade that
        // threw on last-seen times out of DateTimeOffset's range (now clamped), and the offset v3
        // drops. Both pairs are marked Lossy, so v1 and v2 are checked for exceptions, not bytes.
        var report = KhoConversionLaw.Check<global::SessionStore.SessionsV3>(samples: 300);
        Assert.Empty(report.Violations);
        Assert.Equal(new[] { ("session-v1", true, 300), ("session-v2", true, 300), ("session-v3", false, 300) },
            System.Linq.Enumerable.Select(report.Results, r => (r.Id, r.Lossy, r.Samples)));
    }
}
