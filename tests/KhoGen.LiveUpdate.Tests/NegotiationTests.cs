using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using KhoGen.LiveUpdate.Tests.Formats;
using KhoGen.LiveUpdate.Tests.Support;

namespace KhoGen.LiveUpdate.Tests;

/// <summary>
/// Negotiation against real catalogs: this assembly's, edits of it, and the catalog of
/// tests/LiveUpdateApps/NextBuild read from its built assembly. In the registry collection: one test
/// switches memfd-v2 off for the whole process.
/// </summary>
[Collection(RegistryCollection.Name)]
public class NegotiationTests
{
    static async Task<KhoCatalog> NextBuild() => KhoCatalog.ReadAssembly((await Apps.GetAsync()).NextBuild);

    static KhoArray<Folio> Folios()
    {
        var folios = new KhoArray<Folio>();
        folios[3] = new Folio(30, FolioFlags.Dirty);
        folios[1UL << 40] = new Folio(7, FolioFlags.Dirty | FolioFlags.Uptodate);
        return folios;
    }

    static readonly MemfdV2 State = new(4096, 1 << 20, Folios(), Seals.Grow | Seals.Seal, 9);

    /// <summary>One memfd participant and a journal of its calls.</summary>
    static (KhoLiveUpdate Update, Probe<MemfdV2> Memfd, Journal Journal) Memfd(string image, KhoCatalog? catalog = null)
    {
        var journal = new Journal();
        var memfd = new Probe<MemfdV2>(journal, State);
        var update = new KhoLiveUpdate(new KhoLiveUpdateOptions { ImagePath = image, Catalog = catalog });
        update.Register(memfd);
        return (update, memfd, journal);
    }

    static int EntryVersion(string image)
    {
        using var img = KhoImage.Open(image);
        return Assert.Single(img.Entries).Version;
    }

    [Fact]
    public async Task The_highest_version_both_sides_understand_is_chosen()
    {
        var next = await NextBuild();
        using var dir = new TempDir();
        var (update, _, _) = Memfd(dir.File("service.img"));

        Assert.Equal(2, update.Negotiate(Catalogs.Own).Find("memfd")!.Version);                              // the same build
        Assert.Equal(2, update.Negotiate(next).Find("memfd")!.Version);                                      // reads v1..v3: v3 is not ours to write
        Assert.Equal(1, update.Negotiate(Catalogs.WithoutVersion(Catalogs.Own, "memfd-v2")).Find("memfd")!.Version); // reads v1 only
        var candidates = update.Negotiate(next).Find("memfd")!.Candidates;
        Assert.Equal(new[] { "memfd-v2", "memfd-v1" }, candidates.Select(c => c.Id));
        Assert.All(candidates, c => Assert.Null(c.Refusal));
    }

    [Fact]
    public async Task An_older_reader_gets_the_older_version_through_the_downgrade_and_reads_it_back_upgraded()
    {
        using var dir = new TempDir();
        string image = dir.File("service.img");
        var (update, _, _) = Memfd(image);

        var older = Catalogs.WithoutVersion(Catalogs.Own, "memfd-v2");
        var report = await update.UpdateAsync(older);

        Assert.Equal("memfd-v1", Assert.Single(report.Entries).Id);
        Assert.Equal(1, EntryVersion(image));
        var (reader, memfd, _) = Memfd(image, older);   // the older reader: its catalog is the one negotiated with
        memfd.State = new MemfdV2(0, 0, new KhoArray<Folio>(), Seals.None, 0);
        var restored = await reader.RestoreAsync();
        Assert.Equal("memfd-v1", Assert.Single(restored.Retrieved).Id);
        Assert.Equal((State.Pos, State.Size, Seals.None, 0u), (memfd.State.Pos, memfd.State.Size, memfd.State.Seals, memfd.State.Flags));
        Assert.Equal(State.Folios, memfd.State.Folios);
    }

    [Fact]
    public async Task A_version_switched_off_for_writing_is_not_chosen()
    {
        using var dir = new TempDir();
        string image = dir.File("service.img");
        var (update, _, journal) = Memfd(image);
        try
        {
            KhoRegistry.SetWriteEnabled("memfd-v2", false);

            Assert.Equal(1, update.Negotiate(Catalogs.Own).Find("memfd")!.Version);
            await update.UpdateAsync(Catalogs.Own);
            Assert.Equal(1, EntryVersion(image));

            // A reader of v2 only: nothing is left to write.
            var onlyV2 = Catalogs.WithoutVersion(Catalogs.Own, "memfd-v1");
            int calls = journal.Count;
            var e = await Assert.ThrowsAsync<KhoLiveUpdateException>(() => update.UpdateAsync(onlyV2));
            Assert.Equal(KhoPhase.Negotiate, e.Phase);
            Assert.Contains("memfd-v2: writing it is switched off", e.Message);
            Assert.Equal(calls, journal.Count);
        }
        finally
        {
            KhoRegistry.SetWriteEnabled("memfd-v2", true);
        }
        Assert.Equal(2, update.Negotiate(Catalogs.Own).Find("memfd")!.Version);
    }

    [Fact]
    public void Switching_an_unknown_version_is_an_error()
    {
        var e = Assert.Throws<ArgumentException>(() => KhoRegistry.SetWriteEnabled("memfd-v9", false));
        Assert.Contains("memfd-v2", e.Message);
    }

    [Fact]
    public async Task The_same_id_with_a_different_layout_is_refused()
    {
        var next = await NextBuild();
        var update = new KhoLiveUpdate();
        update.Register(new Probe<LedgerV1>(new Journal(), new LedgerV1(1, "x")));

        var plan = update.Negotiate(next);

        Assert.False(plan.IsPossible);
        Assert.NotEqual(Catalogs.Own.FindVersion("ledger-v1")!.Fingerprint, next.FindVersion("ledger-v1")!.Fingerprint);
        var candidate = Assert.Single(plan.Find("ledger")!.Candidates);
        Assert.Equal("same id, different layout: member 'Balance' retyped from i64 to i32", candidate.Refusal);
    }

    [Fact]
    public async Task A_format_the_next_build_does_not_know_is_refused()
    {
        var next = await NextBuild();
        var update = new KhoLiveUpdate();
        update.Register(new Probe<OrphanV1>(new Journal(), new OrphanV1(1)));

        var plan = update.Negotiate(next);

        Assert.False(plan.IsPossible);
        Assert.Equal("the reading build (NextBuild) does not know format 'orphan'", plan.Find("orphan")!.Problem);
    }

    [Fact]
    public async Task An_enum_difference_is_accepted_when_the_reader_has_more_values_and_refused_the_other_way()
    {
        var next = await NextBuild();
        var update = new KhoLiveUpdate();
        update.Register(new Probe<PaletteV1>(new Journal(), new PaletteV1(Color.Red, Color.Green)));
        update.Register(new Probe<ShadeV1>(new Journal(), new ShadeV1(Shade.Mid)));

        var plan = update.Negotiate(next);

        // palette: NextBuild's Color has Blue too: it reads everything this build writes.
        Assert.Equal(1, plan.Find("palette")!.Version);
        Assert.NotEqual(Catalogs.Own.FindVersion("palette-v1")!.Fingerprint, next.FindVersion("palette-v1")!.Fingerprint);
        // shade: NextBuild's Shade lost Mid: refused.
        Assert.Equal(0, plan.Find("shade")!.Version);
        Assert.Contains("enum 'Shade' lost value Mid = 1", plan.Find("shade")!.Candidates.Single().Refusal);
        // The reverse of palette (NextBuild writing for this build) is refused; of shade, accepted.
        var reverse = KhoPlan.Create(next, Catalogs.Own, new[] { "palette", "shade" });
        Assert.Contains("enum 'Color' lost value Blue = 2", reverse.Find("palette")!.Candidates.Single().Refusal);
        Assert.Equal(1, reverse.Find("shade")!.Version);
    }

    [Fact]
    public async Task A_refusal_comes_before_any_participant_is_called_and_lists_every_format()
    {
        var next = await NextBuild();
        using var dir = new TempDir();
        string image = dir.File("service.img");
        var journal = new Journal();
        var update = new KhoLiveUpdate(new KhoLiveUpdateOptions { ImagePath = image });
        update.Register(new Probe<MemfdV2>(journal, State));                              // fine
        update.Register(new Probe<PaletteV1>(journal, new PaletteV1(Color.Red, Color.Red)));  // fine
        update.Register(new Probe<ShadeV1>(journal, new ShadeV1(Shade.Dark)));              // enum lost a value
        update.Register(new Probe<LedgerV1>(journal, new LedgerV1(5, "me")));               // layout changed
        update.Register(new Probe<OrphanV1>(journal, new OrphanV1(2)));                     // unknown

        var e = await Assert.ThrowsAsync<KhoLiveUpdateException>(() => update.UpdateAsync(next));

        Assert.Equal(KhoPhase.Negotiate, e.Phase);
        Assert.Equal(0, journal.Count);
        Assert.False(File.Exists(image));
        Assert.NotNull(e.Plan);
        Assert.Equal(new[] { "ledger", "orphan", "shade" }, e.Plan!.Formats.Where(f => f.Version == 0).Select(f => f.Name));
        Assert.Contains("cannot hand its state to NextBuild 3.0.0.0", e.Message);
        Assert.Contains("- ledger: no version of 'ledger' works: the writing build writes ledger-v1, the reading build reads ledger-v1", e.Message);
        Assert.Contains("- orphan: the reading build (NextBuild) does not know format 'orphan'", e.Message);
        Assert.Contains("    shade-v1: same id, different layout: member 'Value': enum 'Shade' lost value Mid = 1", e.Message);
        Assert.DoesNotContain("memfd", e.Message);
        Assert.DoesNotContain("palette", e.Message);

        // Nothing was left half-done: the same orchestrator negotiates again at once, and is refused
        // for the same reasons (a leaked busy flag would refuse with "another live update is under way").
        var again = await Assert.ThrowsAsync<KhoLiveUpdateException>(() => update.UpdateAsync(next));
        Assert.Equal(KhoPhase.Negotiate, again.Phase);
        Assert.Equal(e.Message, again.Message);
        Assert.Equal(0, journal.Count);
        Assert.False(File.Exists(image));
        Assert.Equal(0, journal.Count);
    }

    [Fact]
    public async Task The_catalog_read_from_an_assembly_is_the_one_it_registers_when_run()
    {
        var apps = await Apps.GetAsync();

        var run = await Child.RunDllAsync(apps.NextBuild);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(KhoCatalog.ReadAssembly(apps.NextBuild).ToJson(), run.StdOut);
    }
}
