using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.IO.Hashing;
using System.IO.MemoryMappedFiles;
using System.Text;

namespace KhoGen;

/// <summary>
/// A handover image, read and validated whole: header, entry table, every entry's checksum and the
/// commit record. Nothing is handed to a participant from an image that did not pass. Files are
/// mapped, not copied, so an image may exceed 2 GiB (each entry may not).
/// See docs/image-format.md.
/// </summary>
public sealed unsafe class KhoImage : IDisposable
{
    readonly MemoryMappedFile? _map;
    readonly MemoryMappedViewAccessor? _view;
    readonly byte* _base;
    readonly byte[]? _bytes;
    readonly List<string> _problems = new();

    /// <summary>The most bytes of writer catalog and entries an image may declare (1 GiB of header).</summary>
    const long MaxHeader = 1L << 30;

    KhoImage(string source, byte[]? bytes, MemoryMappedFile? map, MemoryMappedViewAccessor? view, long length)
    {
        Source = source;
        _bytes = bytes;
        _map = map;
        _view = view;
        Length = length;
        if (view is not null)
        {
            byte* p = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
            _base = p + view.PointerOffset;
        }
    }

    /// <summary>Where the image was read from.</summary>
    public string Source { get; }

    /// <summary>The image's length in bytes.</summary>
    public long Length { get; }

    /// <summary>The writing build, e.g. <c>MemfdCache 1.0.0.0</c>.</summary>
    public string Writer { get; private set; } = "";

    /// <summary>Whose state the image holds: <c>{service}/{instance}</c> (<see cref="KhoLiveUpdateOptions.Address"/>).</summary>
    public string Address { get; private set; } = "";

    /// <summary>When the image was written (UTC, to the millisecond).</summary>
    public DateTimeOffset Created { get; private set; }

    /// <summary>The build the image was negotiated for, e.g. <c>MemfdCache 2.0.0.0</c>.</summary>
    public string Successor { get; private set; } = "";

    /// <summary>
    /// The fingerprint of the catalog the image was negotiated against
    /// (<see cref="KhoLiveUpdate.CatalogFingerprint"/>): a restore accepts the image only in a build
    /// whose catalog has this fingerprint.
    /// </summary>
    public ulong SuccessorFingerprint { get; private set; }

    /// <summary>The writing build's catalog, as it was when it wrote the image.</summary>
    public KhoCatalog? WriterCatalog { get; private set; }

    /// <summary>The entries, in table order.</summary>
    public IReadOnlyList<KhoImageEntry> Entries => _entries;
    readonly List<KhoImageEntry> _entries = new();

    /// <summary>What is wrong with the image; empty for a valid one.</summary>
    public IReadOnlyList<string> Problems => _problems;

    /// <summary>The image passed every check.</summary>
    public bool IsValid => _problems.Count == 0;

    /// <summary>Opens and validates the image at <paramref name="path"/>.</summary>
    /// <exception cref="KhoFormatException">The image is truncated, corrupt or not an image; the message names the header or the entry.</exception>
    /// <exception cref="FileNotFoundException">There is no image at the path.</exception>
    public static KhoImage Open(string path) => ThrowIfInvalid(Inspect(path));

    /// <summary>Reads and validates an image from a stream (read whole into memory, at most <paramref name="maxLength"/> bytes).</summary>
    /// <exception cref="KhoFormatException">The image is truncated, corrupt, too large or not an image.</exception>
    public static KhoImage Read(Stream stream, long maxLength = int.MaxValue)
    {
        var buffer = new MemoryStream();
        byte[] chunk = new byte[1 << 16];
        int n;
        while ((n = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + n > Math.Min(maxLength, Array.MaxLength))
                throw new KhoFormatException($"the image is larger than the limit of {Math.Min(maxLength, Array.MaxLength)} bytes", null, buffer.Length);
            buffer.Write(chunk, 0, n);
        }
        return ThrowIfInvalid(Read(buffer.ToArray(), "stream"));
    }

    /// <summary>Validates an image held in memory.</summary>
    public static KhoImage Read(byte[] bytes, string source = "memory")
    {
        var image = new KhoImage(source, bytes, null, null, bytes.Length);
        image.Validate();
        return image;
    }

    /// <summary>
    /// Opens the image at <paramref name="path"/> and reports every problem instead of throwing at
    /// the first (for <c>khogen inspect</c>). Dispose the result.
    /// </summary>
    public static KhoImage Inspect(string path)
    {
        long length = new FileInfo(path).Length;
        if (length == 0) return Map(null, path, 0);
        return Map(MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read), path, length);
    }

    /// <summary>
    /// Maps an image already open as <paramref name="handle"/> (a checked private file, or a sealed
    /// memfd) and validates it whole; the handle is closed with the image. Dispose the result.
    /// </summary>
    internal static KhoImage Map(Microsoft.Win32.SafeHandles.SafeFileHandle handle, long length, string source)
    {
        if (length == 0)
        {
            handle.Dispose();
            return Map(null, source, 0);
        }
        MemoryMappedFile map;
        try { map = MemoryMappedFile.CreateFromFile(handle, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false); }
        catch
        {
            handle.Dispose();
            throw;
        }
        return Map(map, source, length);
    }

    static KhoImage Map(MemoryMappedFile? map, string source, long length)
    {
        if (map is null)
        {
            var empty = new KhoImage(source, Array.Empty<byte>(), null, null, 0);
            empty.Validate();
            return empty;
        }
        try
        {
            var view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            var image = new KhoImage(source, null, map, view, length);
            image.Validate();
            return image;
        }
        catch
        {
            map.Dispose();
            throw;
        }
    }

    internal static KhoImage ThrowIfInvalid(KhoImage image)
    {
        if (image.IsValid) return image;
        string problem = image._problems[0];
        image.Dispose();
        throw new KhoFormatException($"{image.Source}: invalid handover image: {problem}");
    }

    /// <summary>The payload of <paramref name="entry"/>.</summary>
    public ReadOnlySpan<byte> Payload(KhoImageEntry entry) => Span(entry.Offset, (int)entry.Length);

    ReadOnlySpan<byte> Span(long offset, int length) =>
        _bytes is not null ? _bytes.AsSpan((int)offset, length) : new ReadOnlySpan<byte>(_base + offset, length);

    void Validate()
    {
        try
        {
            ValidateOrThrow();
        }
        catch (ImageProblem p)
        {
            _problems.Add(p.Message);
        }
    }

    sealed class ImageProblem : Exception
    {
        public ImageProblem(string message) : base(message) { }
    }

    void ValidateOrThrow()
    {
        if (Length < ImageLayout.FixedHeader + ImageLayout.CommitRecord)
            throw new ImageProblem($"header: {Length} bytes is too short for an image (truncated?)");
        ReadOnlySpan<byte> fixedHeader = Span(0, ImageLayout.FixedHeader);
        if (!fixedHeader.Slice(0, 8).SequenceEqual(ImageLayout.Magic)) throw new ImageProblem("header: no KHOIMAGE magic: not a KhoGen handover image");
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(fixedHeader.Slice(8));
        if (version != ImageLayout.Version) throw new ImageProblem($"header: image format version {version}; this build reads version {ImageLayout.Version}");
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(fixedHeader.Slice(12));
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(fixedHeader.Slice(16));
        if (headerLength > (ulong)(Length - ImageLayout.CommitRecord) || headerLength > MaxHeader || headerLength < ImageLayout.MinHeader)
            throw new ImageProblem($"header: header length {headerLength} does not fit the image of {Length} bytes (truncated?)");
        ReadOnlySpan<byte> header = Span(0, (int)headerLength);
        ulong headerChecksum = BinaryPrimitives.ReadUInt64LittleEndian(header.Slice(header.Length - 8));
        if (XxHash3.HashToUInt64(header.Slice(0, header.Length - 8)) != headerChecksum)
            throw new ImageProblem("header: checksum mismatch (the header is corrupt)");

        ReadOnlySpan<byte> commit = Span(Length - ImageLayout.CommitRecord, ImageLayout.CommitRecord);
        if (!commit.Slice(0, 8).SequenceEqual(ImageLayout.CommitMagic) ||
            XxHash3.HashToUInt64(commit.Slice(0, 24)) != BinaryPrimitives.ReadUInt64LittleEndian(commit.Slice(24)))
            throw new ImageProblem("commit record: missing or corrupt (the image was not completely written)");
        if (BinaryPrimitives.ReadUInt64LittleEndian(commit.Slice(8)) != (ulong)Length)
            throw new ImageProblem($"commit record: the image should be {BinaryPrimitives.ReadUInt64LittleEndian(commit.Slice(8))} bytes, it is {Length}");
        if (BinaryPrimitives.ReadUInt64LittleEndian(commit.Slice(16)) != headerChecksum)
            throw new ImageProblem("commit record: does not belong to this header");

        int at = ImageLayout.FixedHeader;
        Writer = ReadText(header, ref at, "writer identity");
        string catalog = ReadText(header, ref at, "writer catalog");
        Address = ReadText(header, ref at, "address");
        Created = DateTimeOffset.FromUnixTimeMilliseconds(ReadInt64(header, ref at, "creation time", -62135596800000, 253402300799999));
        Successor = ReadText(header, ref at, "successor identity");
        SuccessorFingerprint = (ulong)ReadInt64(header, ref at, "successor fingerprint", long.MinValue, long.MaxValue);
        long end = (long)headerLength;
        for (uint i = 0; i < count; i++)
        {
            if (at + 1 > header.Length - 8) throw new ImageProblem($"entry table: entry {i + 1} of {count} runs past the header");
            int n = header[at++];
            if (at + n + ImageLayout.EntryFixed > header.Length - 8) throw new ImageProblem($"entry table: entry {i + 1} of {count} runs past the header");
            string name = Encoding.ASCII.GetString(header.Slice(at, n));
            at += n;
            uint v = BinaryPrimitives.ReadUInt32LittleEndian(header.Slice(at));
            ulong shape = BinaryPrimitives.ReadUInt64LittleEndian(header.Slice(at + 4));
            ulong offset = BinaryPrimitives.ReadUInt64LittleEndian(header.Slice(at + 12));
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(header.Slice(at + 20));
            ulong checksum = BinaryPrimitives.ReadUInt64LittleEndian(header.Slice(at + 28));
            at += ImageLayout.EntryFixed;
            if (v < 1 || v > int.MaxValue || FormatNames.Validate(name, (int)v) is not null)
                throw new ImageProblem($"entry table: entry {i + 1} has an invalid format id ('{name}', version {v})");
            string id = FormatNames.Id(name, (int)v);
            if (offset != (ulong)end || length > int.MaxValue || offset + length > (ulong)(Length - ImageLayout.CommitRecord))
                throw new ImageProblem($"entry {id}: offset {offset} and length {length} do not fit the image");
            end += (long)length;
            _entries.Add(new KhoImageEntry(name, (int)v, shape, (long)offset, (long)length, checksum));
        }
        if (at != header.Length - 8) throw new ImageProblem("entry table: unexpected bytes after the last entry");
        if (end != Length - ImageLayout.CommitRecord) throw new ImageProblem($"payloads: {Length - ImageLayout.CommitRecord - end} unexpected bytes before the commit record");

        foreach (var e in _entries)
        {
            e.ChecksumValid = XxHash3.HashToUInt64(Payload(e)) == e.Checksum;
            if (!e.ChecksumValid) _problems.Add($"entry {e.Id}: checksum mismatch (the entry is corrupt)");
        }
        try
        {
            WriterCatalog = KhoCatalog.Parse(catalog, $"the writer catalog of {Source}");
        }
        catch (KhoFormatException e)
        {
            throw new ImageProblem("header: " + e.Message);
        }
    }

    static long ReadInt64(ReadOnlySpan<byte> header, ref int at, string what, long min, long max)
    {
        if (at + 8 > header.Length - 8) throw new ImageProblem($"header: the {what} runs past the header");
        long value = BinaryPrimitives.ReadInt64LittleEndian(header.Slice(at));
        at += 8;
        if (value < min || value > max) throw new ImageProblem($"header: the {what} is out of range ({value})");
        return value;
    }

    static string ReadText(ReadOnlySpan<byte> header, ref int at, string what)
    {
        if (at + 4 > header.Length - 8) throw new ImageProblem($"header: the {what} runs past the header");
        uint n = BinaryPrimitives.ReadUInt32LittleEndian(header.Slice(at));
        at += 4;
        if (n > (uint)(header.Length - 8 - at)) throw new ImageProblem($"header: the {what} runs past the header");
        try
        {
            string s = Utf8.Strict.GetString(header.Slice(at, (int)n));
            at += (int)n;
            return s;
        }
        catch (DecoderFallbackException)
        {
            throw new ImageProblem($"header: the {what} is not valid UTF-8");
        }
    }

    /// <summary>Releases the mapping.</summary>
    public void Dispose()
    {
        if (_view is not null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
        }
        _map?.Dispose();
    }
}
