using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Hashing;
using System.Linq;

namespace KhoGen;

/// <summary>One recorded payload: the bare layout of <see cref="Id"/>, as a shipped release wrote it.</summary>
public sealed record KhoSample(string Path, string Format, int Version, byte[] Payload)
{
    /// <summary>The format version id, e.g. <c>cache-v1</c>.</summary>
    public string Id => FormatNames.Id(Format, Version);
}

/// <summary>What recording did with one entry: written to <see cref="Path"/>, or <see cref="Skipped"/> and why.</summary>
public sealed record KhoRecordedSample(string Id, long Bytes, string? Path, string? Skipped);

/// <summary>
/// Samples of a shipped release's real state, recorded next to its baseline from a snapshot image
/// (<c>khogen baseline --samples</c>) and checked by the next release's tests
/// (<c>KhoConversionLaw.CheckSamples</c>). A sample file is one entry's payload, named
/// <c>{format}-v{N}.{checksum}.bin</c> (the XxHash3 of its bytes, 16 hex digits), so a truncated or
/// edited file is recognised and recording the same state twice adds nothing. See docs/conversion-law.md.
/// </summary>
/// <remarks>Samples are production data: record them only from state that may leave production (docs/cli.md).</remarks>
public static class KhoSamples
{
    /// <summary>The largest entry recorded by default: 1 MiB. Larger entries are skipped and reported.</summary>
    public const long DefaultMaxBytes = 1 << 20;

    /// <summary>The largest sample file <see cref="Load"/> reads: 64 MiB.</summary>
    public const long MaxFileBytes = 64L << 20;

    /// <summary>The samples folder of a baseline: <c>{baselines}/{assembly}-{version}.samples</c>, beside <c>{assembly}-{version}.kho.json</c>.</summary>
    public static string FolderFor(string baselines, KhoCatalog build) =>
        System.IO.Path.Combine(baselines, SafeFileName($"{build.AssemblyName}-{build.AssemblyVersion}") + ".samples");

    /// <summary>
    /// Records every entry of the image at <paramref name="imagePath"/> (validated whole) as a sample
    /// file in <paramref name="folder"/> (created 0700 if missing; files 0600). Every entry must be a
    /// version of <paramref name="build"/> with the same layout (fingerprint) as the image's writer
    /// recorded: samples belong to the build that wrote them. Entries above <paramref name="maxBytes"/> are skipped.
    /// </summary>
    /// <exception cref="KhoFormatException">Not a valid image, or an entry that is not a version of <paramref name="build"/>; nothing is written.</exception>
    public static IReadOnlyList<KhoRecordedSample> Record(string imagePath, KhoCatalog build, string folder, long maxBytes = DefaultMaxBytes)
    {
        if (build is null) throw new ArgumentNullException(nameof(build));
        if (maxBytes < 0 || maxBytes > MaxFileBytes) throw new ArgumentOutOfRangeException(nameof(maxBytes), maxBytes, $"The cap is a byte count up to {MaxFileBytes} (what Load reads).");
        using var image = KhoImage.Open(imagePath);
        foreach (var e in image.Entries)
        {
            var mine = build.FindVersion(e.Id)
                ?? throw new KhoFormatException($"{imagePath}: the entry {e.Id} is not a version of {build.AssemblyName} {build.AssemblyVersion}: samples are recorded with the build that wrote them (the image's writer is {image.Writer})", e.Id);
            string? written = image.WriterCatalog?.FindVersion(e.Id)?.Fingerprint;
            if (written != mine.Fingerprint)
                throw new KhoFormatException($"{imagePath}: the layout of {e.Id} in the image (writer {image.Writer}, {written ?? "no fingerprint"}) is not the layout of {build.AssemblyName} {build.AssemblyVersion} ({mine.Fingerprint})", e.Id);
        }
        if (!OperatingSystem.IsWindows()) Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        else Directory.CreateDirectory(folder);
        var recorded = new List<KhoRecordedSample>();
        foreach (var e in image.Entries)
        {
            if (e.Length > maxBytes)
            {
                recorded.Add(new KhoRecordedSample(e.Id, e.Length, null, $"{e.Length} bytes, above the cap of {maxBytes}"));
                continue;
            }
            ReadOnlySpan<byte> payload = image.Payload(e);
            string path = System.IO.Path.Combine(folder, $"{e.Id}.{XxHash3.HashToUInt64(payload):x16}.bin");
            if (!File.Exists(path)) WritePrivate(path, payload);
            recorded.Add(new KhoRecordedSample(e.Id, e.Length, path, null));
        }
        return recorded;
    }

    /// <summary>Every sample file in <paramref name="folder"/>, by name; an empty list when it does not exist.</summary>
    /// <exception cref="KhoFormatException">A <c>*.bin</c> file that is not named as a sample, is too large, or whose bytes do not match its checksum (truncated or edited).</exception>
    public static IReadOnlyList<KhoSample> Load(string folder)
    {
        if (!Directory.Exists(folder)) return Array.Empty<KhoSample>();
        var samples = new List<KhoSample>();
        foreach (string path in Directory.EnumerateFiles(folder, "*.bin").OrderBy(p => p, StringComparer.Ordinal))
        {
            string name = System.IO.Path.GetFileName(path);
            string[] parts = name.Split('.');
            if (parts.Length != 3 || parts[1].Length != 16 || !ulong.TryParse(parts[1], System.Globalization.NumberStyles.AllowHexSpecifier, null, out ulong checksum)
                || !FormatNames.TryParseId(parts[0], out string format, out int version))
                throw new KhoFormatException($"{path}: not a sample file: a sample is named {{format}}-v{{N}}.{{16 hex digits}}.bin");
            long length = new FileInfo(path).Length;
            if (length > MaxFileBytes) throw new KhoFormatException($"{path}: {length} bytes, more than a sample may hold ({MaxFileBytes})", parts[0]);
            byte[] payload = File.ReadAllBytes(path);
            if (XxHash3.HashToUInt64(payload) != checksum)
                throw new KhoFormatException($"{path}: its bytes do not match the checksum in its name: the sample was truncated or edited", parts[0]);
            samples.Add(new KhoSample(path, format, version, payload));
        }
        return samples;
    }

    static void WritePrivate(string path, ReadOnlySpan<byte> bytes)
    {
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var file = new FileStream(path, create);
        file.Write(bytes);
    }

    static string SafeFileName(string name)
    {
        char[] invalid = System.IO.Path.GetInvalidFileNameChars().Concat(new[] { '/', '\\', ':' }).ToArray();
        return new string(name.Select(c => invalid.Contains(c) ? '_' : c).ToArray());
    }
}
