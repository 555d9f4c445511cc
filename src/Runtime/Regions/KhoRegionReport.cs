namespace KhoGen;

/// <summary>How a region came to the next build.</summary>
public enum KhoRegionHandover
{
    /// <summary>The running build's memfd itself, mapped in place: no element was copied.</summary>
    Adopted,
    /// <summary>The memfd came by descriptor but held an older version: converted element by element into a new region.</summary>
    Converted,
    /// <summary>The elements came inside the image (file or stream mode) and were copied (and upgraded if older) into a new region.</summary>
    Copied,
}

/// <summary>One region of a restore: its format id as written, how it was taken over, and what that cost.</summary>
/// <param name="Id">The format id the region was written in.</param>
/// <param name="How">Adopted in place, converted, or copied.</param>
/// <param name="Elements">The element count.</param>
/// <param name="BytesCopied">Element bytes read and written to make this build's region: 0 when adopted.</param>
/// <param name="Inode">The inode of the memfd this build holds (the running build's, when adopted).</param>
public sealed record KhoRegionReport(string Id, KhoRegionHandover How, long Elements, long BytesCopied, ulong Inode);
