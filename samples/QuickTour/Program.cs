using System;
using System.Linq;
using KhoGen;
using QuickTour;

// 1. An old build holds memfd-v1 state and writes it, self-described, into an envelope.
var folios = new KhoArray<Folio>();
var random = new Random(42);
for (int i = 0; i < 100_000; i++)
    folios[(ulong)random.NextInt64(0, 1L << 40)] = new Folio((ulong)i, FolioFlags.Uptodate);
byte[] old = KhoEnvelope.Serialize(new MemfdV1(Pos: 4096, Size: 1UL << 40, folios));
var (format, version) = KhoEnvelope.Peek(old);
Console.WriteLine($"old build wrote {format}-v{version}: {folios.Count:N0} folios over a 2^40 index space in {old.Length:N0} bytes");

// 2. The new build reads it as its latest version: the upgrade chain runs on the way in.
MemfdV2 state = KhoEnvelope.Deserialize<MemfdV2>(old);
bool same = state.Folios.SequenceEqual(folios);
Console.WriteLine($"new build read it as memfd-v2: {state.Folios.Count:N0} folios, seals {state.Seals}, all equal: {same}");

// 3. Rolling back: the new build writes what the old one reads, through its downgrade chain.
byte[] back = KhoEnvelope.Serialize(state, version: 1);
MemfdV1 rolledBack = KhoEnvelope.Deserialize<MemfdV1>(back);
bool sameBack = rolledBack.Folios.SequenceEqual(folios);
Console.WriteLine($"rollback wrote {KhoEnvelope.Peek(back).Format}-v{KhoEnvelope.Peek(back).Version}: all equal: {sameBack}");

// 4. The catalog: every format version this build reads and writes, as tools see it.
Console.WriteLine();
Console.WriteLine(KhoRegistry.Catalog.ToJson());
return same && sameBack ? 0 : 1;
