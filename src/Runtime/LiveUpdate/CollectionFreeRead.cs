using System;
using System.Runtime;

namespace KhoGen;

/// <summary>
/// The restore's read of every entry inside a no-GC region (<see cref="KhoLiveUpdateOptions.ReadWithoutCollections"/>).
/// Everything a restore reads survives it, so collections during the read only copy the new state
/// between generations (262,144 page arrays of 4 KiB: 8 gen-0 and 4 gen-1 collections, about as
/// long as the read itself; see docs/benchmarks.md, issue 16, fifth part). Inside the region
/// nothing is copied; the first collection after it promotes the regions in place.
/// The GC's mode never fails a restore: a region that cannot start is skipped, one that ended by
/// itself (an allocation past the budget, from any thread) is not ended again.
/// </summary>
sealed class CollectionFreeRead : IDisposable
{
    /// <summary>Below this many payload bytes the collections a read causes cost less than starting a region.</summary>
    internal const long Threshold = 64L << 20;

    CollectionFreeRead() { }

    /// <summary>
    /// The budget for reading <paramref name="payloadBytes"/>: the decoded state is about the
    /// payload's size for the large states this is for (byte buffers, plain arrays), plus object
    /// headers and the collections' slots (under 1/8 for 4 KiB pages). A state that decodes into
    /// more (strings, varints) runs past it, and the region then ends by itself with one collection.
    /// </summary>
    internal static long Budget(long payloadBytes) => payloadBytes + payloadBytes / 8 + (16L << 20);

    /// <summary>
    /// A started region for reading <paramref name="payloadBytes"/>, or null when the read is small,
    /// the GC cannot reserve the budget, or a region is already running (the caller's, left alone).
    /// </summary>
    internal static CollectionFreeRead? TryStart(long payloadBytes, long threshold = Threshold)
    {
        if (payloadBytes < threshold || GCSettings.LatencyMode == GCLatencyMode.NoGCRegion) return null;
        try
        {
            // No full blocking collection to make room: the heap is the successor's young one (or,
            // in one process, the running state, which a full collection would only walk).
            return GC.TryStartNoGCRegion(Budget(payloadBytes), disallowFullBlockingGC: true) ? new CollectionFreeRead() : null;
        }
        catch (ArgumentOutOfRangeException) { return null; }   // over what the GC can reserve
        catch (InvalidOperationException) { return null; }     // another thread's region started first
    }

    /// <summary>Ends the region if it still runs.</summary>
    public void Dispose()
    {
        if (GCSettings.LatencyMode != GCLatencyMode.NoGCRegion) return;
        try { GC.EndNoGCRegion(); }
        catch (InvalidOperationException) { }   // it ended by itself between the check and the call
    }
}
