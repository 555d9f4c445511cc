using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using KhoGen.Fuzz.Forge;
using System.Threading.Tasks;
using MemfdCache;
using SessionStore;

namespace KhoGen.Fuzz;

/// <summary>
/// A reader under test: valid seed inputs, what to do with an input, and which exceptions it
/// documents. <see cref="Mutate"/>, when set, makes inputs that know the container (else bytes are
/// mutated blindly); <see cref="Allowance"/> is allocation the reader may need beyond the per-byte bound.
/// </summary>
sealed record Target(string Name, IReadOnlyList<byte[]> Seeds, Action<byte[]> Read, Func<Exception, bool> IsExpected)
{
    public Func<StructureMutator, byte[], IReadOnlyList<byte[]>, byte[]>? Mutate { get; init; }
    public long Allowance { get; init; }

    /// <summary>
    /// Failures already known and fixed elsewhere :
    /// counted and reported apart, their inputs saved, but not failing a run.
    /// </summary>
    public Func<Exception, bool>? Pending { get; init; }
}

/// <summary>The readers of the samples' formats, as layouts and envelopes, and the image reader.</summary>
static class Targets
{
    static bool FormatError(Exception e) => e is KhoFormatException;

    // A restore refuses a bad image with KhoLiveUpdateException, whose cause is the KhoFormatException.
    static bool RestoreError(Exception e) => e is KhoLiveUpdateException { InnerException: KhoFormatException or null };

    public static IReadOnlyList<Target> All()
    {
        var random = new Random(20261126);
        var memfd1 = Enumerable.Range(0, 6).Select(i => Memfd(random, i * 9)).ToList();
        var memfd2 = memfd1.Select(m => new MemfdV2(m.Pos, m.Size, m.Folios, Seals.Grow | Seals.Seal, 7)).ToList();
        var sessions1 = Enumerable.Range(0, 6).Select(i => Sessions(random, i * 3)).ToList();
        var sessions3 = sessions1.Select(s => SessionsV3.From(SessionsV2.From(s))).ToList();

        return new List<Target>
        {
            Layout("memfd-v1", memfd1),
            Layout("memfd-v2", memfd2),
            new("memfd-envelope",
                memfd1.Select(m => KhoEnvelope.Serialize(m)).Concat(memfd2.Select(m => KhoEnvelope.Serialize(m))).ToList(),
                b => KhoEnvelope.Deserialize<MemfdV2>(b), FormatError),
            Layout("session-v1", sessions1),
            Layout("session-v2", sessions1.Select(SessionsV2.From).ToList()),
            Layout("session-v3", sessions3),
            new("session-envelope",
                sessions1.Select(s => KhoEnvelope.Serialize(s)).Concat(sessions3.Select(s => KhoEnvelope.Serialize(s, 2))).ToList(),
                b => KhoEnvelope.Deserialize<SessionsV3>(b), FormatError),
            new("image", Images(memfd2, sessions3), Restore, RestoreError) { Allowance = CatalogAllowance },

            // Structure-aware: the containers rebuilt around mutated parts, checksums right.
            new("memfd-envelope+", memfd1.Select(m => KhoEnvelope.Serialize(m)).Concat(memfd2.Select(m => KhoEnvelope.Serialize(m))).ToList(),
                b => KhoEnvelope.Deserialize<MemfdV2>(b), FormatError) { Mutate = (m, s, all) => m.Envelope(s, all) },
            new("session-envelope+", sessions1.Select(s => KhoEnvelope.Serialize(s)).Concat(sessions3.Select(s => KhoEnvelope.Serialize(s, 2))).ToList(),
                b => KhoEnvelope.Deserialize<SessionsV3>(b), FormatError) { Mutate = (m, s, all) => m.Envelope(s, all) },
            new("image+", Images(memfd2, sessions3), Restore, RestoreError) { Mutate = (m, s, all) => m.Image(s, all), Allowance = CatalogAllowance },
            // Regions (docs/regions.md): images whose fuzz-page entry is an inline region, read by a region participant.
            new("region-image", RegionImages(), RestoreRegion, RestoreError) { Allowance = CatalogAllowance },
            new("region-image+", RegionImages(), RestoreRegion, RestoreError) { Mutate = (m, s, all) => m.Image(s, all), Allowance = CatalogAllowance },
            new("catalog", Catalogs(), b => KhoCatalog.Parse(Encoding.UTF8.GetString(b)), FormatError)
                { Mutate = (m, s, _) => Encoding.UTF8.GetBytes(m.Catalog(Encoding.UTF8.GetString(s))), Allowance = CatalogAllowance },
        };
    }

    /// <summary>
    /// What checking a catalog may allocate beyond the per-byte bound: forms are streamed into the
    /// hash, but small data types keep theirs for reuse, at most 1 Mi characters (2 MiB) in all.
    /// </summary>
    public const long CatalogAllowance = 2L << 20;

    /// <summary>The samples' own catalog, and a few forged ones around it.</summary>
    static List<byte[]> Catalogs()
    {
        string own = KhoRegistry.Catalog.ToJson();
        return new[] { own, ForgedCatalogs.WithRightFingerprints(ForgedCatalogs.DeepDag(8)), ForgedCatalogs.WithRightFingerprints(ForgedCatalogs.WideDag(6)) }
            .Select(Encoding.UTF8.GetBytes).ToList();
    }

    static Target Layout<T>(string name, IEnumerable<T> values) where T : IKhoSerializable<T> =>
        new(name, values.Select(v => KhoSerializer.Serialize(v)).ToList(), b => KhoSerializer.Deserialize<T>(b), FormatError);

    static MemfdV1 Memfd(Random random, int folios)
    {
        var array = new KhoArray<Folio>();
        ulong index = (ulong)random.NextInt64(0, 1L << 40);
        for (int i = 0; i < folios; i++)
        {
            index += random.Next(4) == 0 ? (ulong)random.Next(2, 1 << 20) : 1; // runs and gaps
            array[index] = new Folio((ulong)random.NextInt64(), (FolioFlags)random.Next(4));
        }
        return new MemfdV1((ulong)random.Next(), (ulong)random.NextInt64(), array);
    }

    static SessionsV1 Sessions(Random random, int count) => new(Enumerable.Range(0, count).ToDictionary(
        i => "tok-" + i + new string('x', random.Next(5)),
        i => new SessionV1(random.Next(3) == 0 ? "ünï" + i : "user" + i, random.Next(), random.Next(60, 3600))));

    /// <summary>Valid images holding one or both formats, written by the real image writer.</summary>
    static List<byte[]> Images(List<MemfdV2> memfd, List<SessionsV3> sessions)
    {
        var images = new List<byte[]>();
        for (int i = 0; i < 3; i++)
        {
            var update = new KhoLiveUpdate(new KhoLiveUpdateOptions { ImagePath = Path.Combine(Path.GetTempPath(), "unused.img") });
            var m = memfd[i];
            var s = sessions[i];
            update.Register(KhoParticipant.Create(() => m, _ => { }));
            if (i > 0) update.Register(KhoParticipant.Create(() => s, _ => { }));
            var stream = new MemoryStream();
            var prepared = update.PrepareAsync(update.Catalog).GetAwaiter().GetResult();
            prepared.CommitAsync(stream).GetAwaiter().GetResult();
            images.Add(stream.ToArray());
        }
        return images;
    }

    /// <summary>Images holding a region of 0, 10 and 1000 pages, written inline (a stream carries no descriptors).</summary>
    static List<byte[]> RegionImages()
    {
        var images = new List<byte[]>();
        foreach (int count in new[] { 0, 10, 1000 })
        {
            using var region = KhoRegion<FuzzPage>.Create();
            for (int i = 0; i < count; i++) region.Add(new FuzzPage((ulong)i, (ulong)i * 3, 1, (ulong)~i));
            var update = new KhoLiveUpdate(new KhoLiveUpdateOptions { ImagePath = Path.Combine(Path.GetTempPath(), "unused.img") });
            update.Register(new Pages { Held = region });
            var stream = new MemoryStream();
            update.PrepareAsync(update.Catalog).GetAwaiter().GetResult().CommitAsync(stream).GetAwaiter().GetResult();
            images.Add(stream.ToArray());
        }
        return images;
    }

    /// <summary>A whole restore of a region image; the region taken is let go at once (a run makes thousands).</summary>
    static void RestoreRegion(byte[] image)
    {
        var update = new KhoLiveUpdate(new KhoLiveUpdateOptions { ImagePath = "unused" });
        update.Register(new Pages());
        update.RestoreAsync(new MemoryStream(image), CancellationToken.None).GetAwaiter().GetResult();
    }

    sealed class Pages : KhoRegionParticipant<FuzzPage>
    {
        public KhoRegion<FuzzPage>? Held;
        protected override KhoRegion<FuzzPage> Region => Held!;
        protected override ValueTask RetrieveAsync(KhoRegion<FuzzPage> region, KhoRegionReport report, CancellationToken ct)
        {
            region.Dispose();
            return default;
        }
    }

    /// <summary>A whole restore from image bytes, by a build with participants for both formats.</summary>
    static void Restore(byte[] image)
    {
        var update = new KhoLiveUpdate(new KhoLiveUpdateOptions { ImagePath = "unused" });
        update.Register(KhoParticipant.Create<MemfdV2>(() => throw new InvalidOperationException(), _ => { }));
        update.Register(KhoParticipant.Create<SessionsV3>(() => throw new InvalidOperationException(), _ => { }));
        update.RestoreAsync(new MemoryStream(image), CancellationToken.None).GetAwaiter().GetResult();
    }
}

/// <summary>A region element for the region targets: a plain layout.</summary>
[KhoFormat("fuzz-page", 1)]
public partial record struct FuzzPage(ulong Index, ulong Pfn, ulong Stamp, ulong Sum);
