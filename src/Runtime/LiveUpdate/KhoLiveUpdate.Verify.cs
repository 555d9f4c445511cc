using System;
using System.Collections.Generic;
using System.Linq;

namespace KhoGen;

/// <summary>What verification found for one entry of an image.</summary>
/// <param name="Id">The entry's format version id.</param>
/// <param name="Bytes">Its payload's length.</param>
/// <param name="Ok">Read, upgraded to this build's latest version, downgraded back, and the same bytes came back.</param>
/// <param name="Problem">Otherwise why: no participant, a version this build cannot read, the conversion that threw, or where the bytes differ.</param>
public sealed record KhoVerifiedEntry(string Id, long Bytes, bool Ok, string? Problem);

/// <summary>What <see cref="KhoLiveUpdate.VerifyImage"/> found: the image's validity, then each entry.</summary>
public sealed partial record KhoVerifyReport(string Path, string? Writer, string? Invalid, IReadOnlyList<KhoVerifiedEntry> Entries)
{
    /// <summary>The image is valid and every entry passed.</summary>
    public bool Ok => Invalid is null && Entries.All(e => e.Ok);
}

public sealed partial class KhoLiveUpdate
{
    /// <summary>
    /// Verifies a handover image without taking over: validates it whole, reads every entry with the
    /// registered participant's reader and upgrades it to this build's latest version, downgrades it
    /// back to the version it was written in and compares the bytes (the conversion law,
    /// docs/conversion-law.md). No participant is called and nothing is removed. A deploy pipeline
    /// runs it in the next build against a snapshot of production state before the cut-over.
    /// </summary>
    /// <remarks>A pair marked <c>Lossy</c> reports its entries as different: that is what it says it does.</remarks>
    public KhoVerifyReport VerifyImage(string path)
    {
        if (path is null) throw new ArgumentNullException(nameof(path));
        KhoImage image;
        try { image = KhoImage.Open(path); }
        catch (KhoFormatException e) { return new KhoVerifyReport(path, null, e.Message, Array.Empty<KhoVerifiedEntry>()); }
        catch (Exception e) when (e is System.IO.IOException or UnauthorizedAccessException)
        {
            // Missing, unreadable (another user's 0600 image) or not a regular file: bad input, not a failed entry.
            return new KhoVerifyReport(path, null, $"{path}: cannot be read: {e.Message}", Array.Empty<KhoVerifiedEntry>());
        }
        using (image)
        {
            var byFormat = Participants.ToDictionary(p => p.Format);
            var entries = image.Entries.Select(e => Verify(image, e, byFormat.TryGetValue(e.Format, out var p) ? p : null)).ToList();
            return new KhoVerifyReport(path, image.Writer, null, entries);
        }
    }

    KhoVerifiedEntry Verify(KhoImage image, KhoImageEntry e, KhoParticipant? participant)
    {
        string id = FormatNames.Id(e.Format, e.Version);
        KhoVerifiedEntry Fail(string problem) => new(id, e.Length, false, problem);
        if (participant is null) return Fail($"no participant of this build takes format '{e.Format}'");
        if (!participant.CanRead(e.Version)) return Fail($"this build cannot read {id} (it reads {participant.ReadableIds})");
        if (participant.ShapeOf(e.Version) != e.Shape) return Fail($"{id}: the entry's layout shape differs from this build's");
        byte[] written = image.Payload(e).ToArray();
        object state;
        try { state = participant.ReadEntry(written, e.Version, Options.ReadOptions, e.Offset); }
        catch (KhoFormatException x) { return Fail("read and upgrade: " + x.Message); }
        byte[] back;
        try { back = participant.WriteEntry(state, e.Version); }
        catch (Exception x) { return Fail("downgrade back: " + x.Message); }
        finally { (state as Regions.RegionState)?.Dispose(); }   // a region read for the check is unmapped; nothing else is disposed
        if (written.AsSpan().SequenceEqual(back)) return new KhoVerifiedEntry(id, e.Length, true, null);
        int at = 0;
        while (at < written.Length && at < back.Length && written[at] == back[at]) at++;
        string latest = FormatNames.Id(e.Format, participant.LatestVersion);
        return Fail($"the conversions {id} -> {latest} -> {id} break the law: upgraded to {latest} and downgraded back, it differs from byte {at} " +
            $"({written.Length} bytes written, {back.Length} back): a conversion of the pair loses data (mark it Lossy if that is intended)");
    }
}
