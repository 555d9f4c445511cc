using System;

namespace KhoGen.Regions;

/// <summary>A region to write at commit: by descriptor when it is in the version written, else inline.</summary>
sealed record RegionEntry(IKhoRegion? ByDescriptor, Func<byte[]> Inline);

/// <summary>A region read from an image, before it is handed to its participant.</summary>
sealed class RegionState : IDisposable
{
    public RegionState(IKhoRegion region, KhoRegionReport report)
    {
        Region = region;
        Report = report;
    }

    public IKhoRegion Region { get; }
    public KhoRegionReport Report { get; }
    public void Dispose() => ((IDisposable)Region).Dispose();
}
