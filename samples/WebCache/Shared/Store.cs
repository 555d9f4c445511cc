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
    /// For trying failed upgrades (the sample's fault injection; the library has none), while the
    /// successor retrieves, before the point of no return: with WEBCACHE_FAULT=retrieve the
    /// participant throws; with WEBCACHE_FAULT=hang it prints
    /// "kho: holding the image" and never returns (to be killed, or to outwait the handover timeout).
    /// The running release serves on in every case.
    /// </summary>
    public static async Task FailIfAskedAsync(System.Threading.CancellationToken ct)
    {
        if (Fault == "retrieve")
            throw new System.InvalidOperationException("WEBCACHE_FAULT=retrieve: this release refuses to restore");
        if (Fault == "hang")
        {
            System.Console.WriteLine("kho: holding the image");
            await Task.Delay(System.Threading.Timeout.Infinite, ct);
        }
    }

    /// <summary>WEBCACHE_FAULT: retrieve, hang (above), or die-after-commit (the process kills itself once restored: after the point of no return).</summary>
    public static string? Fault => System.Environment.GetEnvironmentVariable("WEBCACHE_FAULT");

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
