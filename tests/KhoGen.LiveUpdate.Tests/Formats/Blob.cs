using System.Runtime;
using KhoGen;

namespace KhoGen.LiveUpdate.Tests.Formats;

// A state read by an upgrade, which notes the GC's mode while the restore reads it (CollectionFreeReadTests).

[KhoFormat("blob", 1)]
public partial record BlobV1(byte[] Bytes, string[] Lines);

[KhoFormat("blob", 2)]
public partial record BlobV2(byte[] Bytes, string[] Lines)
{
    [KhoUpgrade] public static BlobV2 From(BlobV1 v1)
    {
        ReadObserver.Modes.Add(GCSettings.LatencyMode);
        return new(v1.Bytes, v1.Lines);
    }

    [KhoDowngrade] public static BlobV1 To(BlobV2 v2) => new(v2.Bytes, v2.Lines);
}

/// <summary>The GC's latency mode at each upgrade of blob-v1, in the order they ran.</summary>
public static class ReadObserver
{
    public static readonly System.Collections.Generic.List<GCLatencyMode> Modes = new();
}
