using System.Collections.Concurrent;
using System.Threading.Tasks;

namespace WebCache;

/// <summary>The cache as the endpoints use it, whichever release holds it.</summary>
public sealed class Store
{
    public ConcurrentDictionary<long, long> Entries { get; set; } = new();

    /// <summary>How the entries got here: "cold start", or the format version they were read from.</summary>
    public string Origin { get; set; } = "cold start";

    /// <summary>The value of every entry the service fills, so that any build or client can check it.</summary>
    public static long Expected(long key) => key * 2_654_435_761L % 1_000_000_007L;

    /// <summary>
    /// For trying a failed upgrade: with WEBCACHE_FAIL_RESTORE=1 the participant throws while it
    /// retrieves, so the restore fails before the point of no return and the running release serves on.
    /// </summary>
    public static void FailIfAsked()
    {
        if (System.Environment.GetEnvironmentVariable("WEBCACHE_FAIL_RESTORE") == "1")
            throw new System.InvalidOperationException("WEBCACHE_FAIL_RESTORE=1: this release refuses to restore");
    }

    /// <summary>Fills keys 0..count-1 with their expected values.</summary>
    public void Fill(int count)
    {
        var entries = new ConcurrentDictionary<long, long>(-1, count);
        Parallel.For(0, count, i => entries[i] = Expected(i));
        Entries = entries;
    }

    /// <summary>How many of keys 0..count-1 hold their expected value.</summary>
    public int Verify(int count)
    {
        int good = 0;
        for (long key = 0; key < count; key++)
            if (Entries.TryGetValue(key, out long value) && value == Expected(key)) good++;
        return good;
    }
}
