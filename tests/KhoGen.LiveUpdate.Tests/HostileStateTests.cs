using System;
using System.IO;
using System.Threading.Tasks;
using KhoGen.Fuzz.Forge;
using KhoGen.LiveUpdate.Tests.Formats;
using KhoGen.LiveUpdate.Tests.Support;

namespace KhoGen.LiveUpdate.Tests;

/// <summary>
/// Real images, committed by another build (tests/LiveUpdateApps/NextBuild, a separate process), that
/// pass every checksum but hold what this build must refuse: a shipped layout changed without a new
/// version, a null in a member this build declares non-nullable, a value its upgrade throws on. Each
/// restore is refused with a <see cref="KhoLiveUpdateException"/> before any participant is called,
/// and the image is kept.
///
/// NextBuild addresses its image to itself (it negotiates against its own catalog), so this build
/// would refuse it by address before reading it (docs/live-update.md#security). Each test rewrites
/// the address and the successor fingerprint to this build's, checksums recomputed: what a writer
/// under the same uid that skipped the negotiation could hand over. The checks below are the
/// defence behind the address.
/// </summary>
public class HostileStateTests
{
    static async Task<string> WriteImageAsync(TempDir dir, params string[] formats)
    {
        var apps = await Apps.GetAsync();
        string image = dir.File("next.img");
        var args = new string[formats.Length + 2];
        args[0] = "write";
        args[1] = image;
        formats.CopyTo(args, 2);
        var result = await Child.RunDllAsync(apps.NextBuild, args);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal($"committed {new FileInfo(image).Length}", Assert.Single(result.Lines));
        return image;
    }

    /// <summary>Addresses the image at <paramref name="path"/> to <paramref name="reader"/>, as if negotiated with it.</summary>
    static void Readdress(string path, KhoLiveUpdate reader)
    {
        ImageParts parts = ForgedImages.Split(File.ReadAllBytes(path));
        Assert.NotEqual(reader.Options.Address, parts.Address);
        File.WriteAllBytes(path, ForgedImages.Build(parts with
        {
            Address = reader.Options.Address,
            Successor = $"{reader.Catalog.AssemblyName} {reader.Catalog.AssemblyVersion}",
            SuccessorFingerprint = reader.CatalogFingerprint,
        }));
    }

    [Fact]
    public async Task An_image_from_a_build_that_changed_a_shipped_layout_is_refused_by_the_restore_side_layout_check()
    {
        // NextBuild retyped ledger-v1's Balance from i64 to i32 and kept the version; its shade-v1 has
        // fewer enum values than this build's, which this build reads (and would restore alone).
        using var dir = new TempDir();
        string image = await WriteImageAsync(dir, "ledger", "shade");
        var journal = new Journal();
        var update = new KhoLiveUpdate(new KhoLiveUpdateOptions { ImagePath = image });
        update.Register(new Probe<LedgerV1>(journal, new LedgerV1(0, "")));
        update.Register(new Probe<ShadeV1>(journal, new ShadeV1(Shade.Light)));
        Readdress(image, update);

        var e = await Assert.ThrowsAsync<KhoLiveUpdateException>(() => update.RestoreAsync());

        Assert.Equal(KhoPhase.Retrieve, e.Phase);
        Assert.Contains("Restore refused before any participant was called; the image from NextBuild 3.0.0.0 holds:", e.Message);
        Assert.Contains("- ledger-v1: same id, different layout: ", e.Message);
        Assert.Contains("Balance", e.Message);
        Assert.DoesNotContain("shade", e.Message);
        Assert.Equal(0, journal.Count);
        Assert.True(File.Exists(image));
    }

    /// <summary>
    /// Restores NextBuild's image of <paramref name="format"/> into a participant of this build's
    /// <typeparamref name="T"/>: refused in the retrieve phase, naming the format, before any participant
    /// was called, the image kept; returns the reader's exception.
    /// </summary>
    static async Task<KhoFormatException> RefusedEntryAsync<T>(string format, T live) where T : IKhoFormat<T>
    {
        using var dir = new TempDir();
        string image = await WriteImageAsync(dir, format);
        var journal = new Journal();
        var update = new KhoLiveUpdate(new KhoLiveUpdateOptions { ImagePath = image });
        update.Register(new Probe<T>(journal, live));
        Readdress(image, update);

        var e = await Assert.ThrowsAsync<KhoLiveUpdateException>(() => update.RestoreAsync());

        Assert.Equal(KhoPhase.Retrieve, e.Phase);
        Assert.Equal(format, e.Format);
        Assert.Contains("Restore refused before any participant was called", e.Message);
        Assert.Equal(0, journal.Count);
        Assert.True(File.Exists(image));
        return Assert.IsType<KhoFormatException>(e.InnerException);
    }

    [Fact]
    public async Task A_null_written_where_this_build_declares_non_nullable_refuses_the_restore_naming_the_member()
    {
        // NextBuild's memo-v1 declares Text as string? and writes null; this build declares string.
        // Nullability is not part of the layout, so the layout check passes and the reader refuses.
        var inner = await RefusedEntryAsync("memo", new MemoV1("live"));
        Assert.Equal("memo-v1", inner.FormatId);
        Assert.Contains("null in MemoV1.Text, which is declared non-nullable", inner.Message);
    }

    [Fact]
    public async Task An_upgrade_that_throws_refuses_the_restore_naming_the_conversion_and_calls_no_participant()
    {
        // NextBuild writes tally-v1 with Count -1; this build reads it as tally-v2, whose upgrade
        // converts with checked((uint)Count) and throws OverflowException.
        var inner = await RefusedEntryAsync("tally", new TallyV2(1));
        Assert.Contains("the upgrade tally-v1 -> tally-v2 (KhoGen.LiveUpdate.Tests.Formats.TallyV2.From) threw OverflowException", inner.Message);
        Assert.IsType<OverflowException>(inner.InnerException);
    }
}
