using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KhoGen;

namespace HostedCache;

/// <summary>The state this service keeps across upgrades: one version so far.</summary>
[KhoFormat("quotes", 1)]
public partial record QuotesV1(Dictionary<string, Quote> BySymbol);

[KhoData]
public partial record struct Quote(decimal Bid, decimal Ask, long Ticks);

/// <summary>The application's cache, as the rest of the service uses it.</summary>
public sealed class QuoteCache
{
    public ConcurrentDictionary<string, Quote> Quotes { get; } = new();
    public string Origin { get; set; } = "cold start";
}

/// <summary>Hands the cache to the next build, and takes it from the previous one.</summary>
public sealed class QuoteParticipant(QuoteCache cache) : KhoParticipant<QuotesV1>
{
    protected override ValueTask<QuotesV1> PreserveAsync(CancellationToken ct) =>
        new(new QuotesV1(cache.Quotes.ToDictionary(p => p.Key, p => p.Value)));

    protected override ValueTask RetrieveAsync(QuotesV1 state, CancellationToken ct)
    {
        foreach (var (symbol, quote) in state.BySymbol) cache.Quotes[symbol] = quote;
        cache.Origin = "restored";
        return default;
    }
}
