namespace KhoGen;

/// <summary>One entry of a handover image: one participant's state, in one format version.</summary>
public sealed class KhoImageEntry
{
    internal KhoImageEntry(string format, int version, ulong shape, long offset, long length, ulong checksum)
    {
        Format = format;
        Version = version;
        Shape = shape;
        Offset = offset;
        Length = length;
        Checksum = checksum;
    }

    /// <summary>The format name.</summary>
    public string Format { get; }

    /// <summary>The version the entry is written in.</summary>
    public int Version { get; }

    /// <summary>The id, <c>{format}-v{version}</c>.</summary>
    public string Id => FormatNames.Id(Format, Version);

    /// <summary>The shape hash of the layout the writer used.</summary>
    public ulong Shape { get; }

    /// <summary>The payload's offset in the image.</summary>
    public long Offset { get; }

    /// <summary>The payload's length in bytes.</summary>
    public long Length { get; }

    /// <summary>The payload's XxHash3.</summary>
    public ulong Checksum { get; }

    /// <summary>Whether the payload matched its checksum (set by <see cref="KhoImage.Inspect"/>).</summary>
    public bool ChecksumValid { get; internal set; }
}
