using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using KhoGen.LiveUpdate.Tests.Support;

namespace KhoGen.LiveUpdate.Tests;

/// <summary>
/// Every single-byte corruption and every truncation of a committed image is refused, whole,
/// before any participant is called, with the image's own error naming where it is wrong.
/// </summary>
public class CorruptionTests
{
    // Formats of scalars only, and no other formats in the writer catalog: a small image, so every
    // byte can be tried.
    static readonly KhoCatalog Small = Catalogs.OnlyScalarFormats(Catalogs.Own, "alpha", "beta");

    sealed record Layout(byte[] Bytes, long HeaderLength, IReadOnlyList<KhoImageEntry> Entries)
    {
        public long CommitStart => Bytes.Length - 32;

        /// <summary>What the refusal must name for a corruption at <paramref name="at"/>.</summary>
        public string RegionOf(long at)
        {
            if (at < HeaderLength) return "invalid handover image: header";
            if (at >= CommitStart) return "invalid handover image: commit record";
            var e = Entries.Single(x => at >= x.Offset && at < x.Offset + x.Length);
            return $"invalid handover image: entry {e.Id}: checksum mismatch";
        }
    }

    static async Task<Layout> CommitSmallImage(string path)
    {
        await new Trio(1).Orchestrator(path, Small, "alpha", "beta").UpdateAsync(Small);
        using var image = KhoImage.Open(path);
        Assert.Equal(new[] { "alpha-v1", "beta-v1" }, image.Entries.Select(e => e.Id));
        return new Layout(File.ReadAllBytes(path), image.Entries[0].Offset, image.Entries.ToList());
    }

    /// <summary>Restores <paramref name="bytes"/> from a file and from a stream; returns what went wrong, or null.</summary>
    static async Task<string?> RefusedNamingAsync(string path, byte[] bytes, string expected)
    {
        File.WriteAllBytes(path, bytes);
        foreach (bool fromStream in new[] { false, true })
        {
            var reader = new Trio(0);
            var update = reader.Orchestrator(path, Small, "alpha", "beta");
            Exception? thrown = await Record.ExceptionAsync(() => fromStream ? update.RestoreAsync(new MemoryStream(bytes)) : update.RestoreAsync());
            string how = fromStream ? "stream" : "file";
            if (thrown is not KhoLiveUpdateException e) return $"{how}: {thrown?.GetType().Name ?? "accepted"}: {thrown?.Message}";
            if (e.Phase != KhoPhase.Retrieve) return $"{how}: phase {e.Phase}";
            if (e.InnerException is not KhoFormatException inner) return $"{how}: inner {e.InnerException?.GetType().Name}";
            if (!inner.Message.Contains(expected, StringComparison.Ordinal)) return $"{how}: '{inner.Message}' does not say '{expected}'";
            if (!e.Message.Contains(inner.Message, StringComparison.Ordinal)) return $"{how}: the refusal does not carry the image's error";
            if (reader.Journal.Count != 0) return $"{how}: participants called: {string.Join(", ", reader.Journal.Entries)}";
        }
        return null;
    }

    [Fact]
    public async Task Every_single_byte_flip_is_refused_naming_the_header_the_entry_or_the_commit_record()
    {
        using var dir = new TempDir();
        var layout = await CommitSmallImage(dir.File("good.img"));
        string path = dir.File("service.img");
        var failures = new List<string>();

        for (int at = 0; at < layout.Bytes.Length; at++)
        {
            byte[] corrupt = (byte[])layout.Bytes.Clone();
            corrupt[at] ^= 0xFF;
            if (await RefusedNamingAsync(path, corrupt, layout.RegionOf(at)) is string why) failures.Add($"byte {at}: {why}");
        }

        Assert.Empty(failures);
        // Every region was tried: header, both payloads, commit record.
        Assert.True(layout.HeaderLength > 100 && layout.Entries.All(e => e.Length > 0));
    }

    [Fact]
    public async Task Every_truncation_is_refused()
    {
        using var dir = new TempDir();
        var layout = await CommitSmallImage(dir.File("good.img"));
        string path = dir.File("service.img");
        var failures = new List<string>();

        for (int length = 0; length < layout.Bytes.Length; length++)
        {
            string expected =
                length < 24 + 32 ? "too short for an image" :
                layout.HeaderLength > length - 32 ? "header: header length" :
                "commit record: missing or corrupt";
            if (await RefusedNamingAsync(path, layout.Bytes.AsSpan(0, length).ToArray(), expected) is string why) failures.Add($"{length} bytes: {why}");
        }

        Assert.Empty(failures);
    }

    [Fact]
    public async Task Bytes_appended_after_the_commit_record_are_refused()
    {
        using var dir = new TempDir();
        var layout = await CommitSmallImage(dir.File("good.img"));

        string? why = await RefusedNamingAsync(dir.File("service.img"), layout.Bytes.Append((byte)0).ToArray(), "commit record");

        Assert.Null(why);
    }

    [Fact]
    public async Task The_uncorrupted_image_restores()
    {
        using var dir = new TempDir();
        var layout = await CommitSmallImage(dir.File("good.img"));
        var reader = new Trio(0);

        await reader.Orchestrator(dir.File("good.img"), Small, "alpha", "beta").RestoreAsync();

        Assert.Equal(Trio.AlphaState(1), reader.Alpha.State);
        Assert.Equal(Trio.BetaState(1), reader.Beta.State);
    }

    [Fact]
    public async Task Inspect_reports_which_entry_is_corrupt()
    {
        using var dir = new TempDir();
        var layout = await CommitSmallImage(dir.File("good.img"));
        var beta = layout.Entries[1];
        byte[] corrupt = (byte[])layout.Bytes.Clone();
        corrupt[beta.Offset] ^= 0x01;
        File.WriteAllBytes(dir.File("bad.img"), corrupt);

        using var image = KhoImage.Inspect(dir.File("bad.img"));

        Assert.False(image.IsValid);
        Assert.Equal(new[] { true, false }, image.Entries.Select(e => e.ChecksumValid));
        Assert.Equal("entry beta-v1: checksum mismatch (the entry is corrupt)", Assert.Single(image.Problems));
    }
}
