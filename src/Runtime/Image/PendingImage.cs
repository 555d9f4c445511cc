using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Win32.SafeHandles;

namespace KhoGen;

/// <summary>
/// The image a commit delivers: either already spooled (<see cref="ImageSpool"/>: the payloads are
/// in place, only the header and the commit record are left to write) or held in memory (a
/// participant's freeze changed its state, a region made its entry at commit, or nothing could be
/// spooled). Each transport takes it the cheapest way it can.
/// </summary>
sealed class PendingImage
{
    readonly ImageSpool? _spool;

    public PendingImage(ImageHeader header, IReadOnlyList<ImageEntryContent> content, ImageSpool? spool)
    {
        Header = header;
        Content = content;
        _spool = spool;
    }

    /// <summary>The header's fields.</summary>
    public ImageHeader Header { get; }

    /// <summary>The entries in image order; when spooled, their payloads are in the spool, not here.</summary>
    public IReadOnlyList<ImageEntryContent> Content { get; }

    /// <summary>Each entry's format, version and payload length, for the report.</summary>
    public IReadOnlyList<KhoReportEntry> Report => _spool is null
        ? Content.Select(c => new KhoReportEntry(c.Format, c.Version, c.Payload.Length)).ToList()
        : _spool.Entries.Select(e => new KhoReportEntry(e.Format, e.Version, e.Length)).ToList();

    /// <summary>The regions passed by descriptor, in entry order.</summary>
    public IReadOnlyList<int> RegionDescriptors => Content.Where(c => c.RegionDescriptor >= 0).Select(c => c.RegionDescriptor).ToList();

    /// <summary>Writes the image to <paramref name="path"/> atomically (a spool beside it is finished and renamed); returns its length.</summary>
    public long WriteAtomically(string path, ImageFaults faults)
    {
        if (_spool is not { Temp: string temp } || Path.GetDirectoryName(temp) != Path.GetDirectoryName(Path.GetFullPath(path)))
            return ImageWriter.WriteAtomically(path, Header, Materialized(), faults);
        long length = _spool.Finish(Header);
        _spool.Rename(Path.GetFullPath(path));
        return length;
    }

    /// <summary>Writes the image to <paramref name="output"/>; returns its length.</summary>
    public long WriteTo(Stream output, ImageFaults faults)
    {
        if (_spool is null || faults != ImageFaults.None) return ImageWriter.Write(output, Header, Materialized(), faults);
        long length = _spool.Finish(Header);
        _spool.CopyTo(output, length);
        output.Flush();
        return length;
    }

    /// <summary>The image in a sealed memfd (a spooled memfd is finished and sealed in place); the caller owns the descriptor.</summary>
    public (SafeFileHandle Memfd, long Length) Seal()
    {
        if (_spool is not { Temp: null }) return Handover.SealedImage.Create(Header, Materialized());
        long length = _spool.Finish(Header);
        return (_spool.Seal(), length);
    }

    /// <summary>The entries with their payloads in memory (read back from a spool that this transport cannot use as it is).</summary>
    IReadOnlyList<ImageEntryContent> Materialized() => _spool is null
        ? Content
        : Content.Select((c, i) => c with { Payload = _spool.ReadPayload(i) }).ToList();
}
