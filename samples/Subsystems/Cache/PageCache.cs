using KhoGen;
using Model;

namespace Cache;

/// <summary>The page cache's state: a sparse array of Model's folios, indexed by page offset.</summary>
[KhoFormat("page-cache", 1)]
public partial record PageCacheV1(long Generation, KhoArray<Folio> Pages);

/// <summary>The cache subsystem: owns its state and hands it over as one participant.</summary>
public sealed class PageCache
{
    public PageCacheV1 State { get; private set; } = Empty();

    static PageCacheV1 Empty() => new(0, new KhoArray<Folio>());

    public void Put(ulong offset, Folio folio) => State.Pages[offset] = folio;

    public void Bump() => State = State with { Generation = State.Generation + 1 };

    /// <summary>The participant that preserves and retrieves this cache in a live update.</summary>
    public KhoParticipant Participant() => KhoParticipant.Create(() => State, s => State = s, () => State = Empty());
}
