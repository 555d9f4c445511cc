namespace KhoGen;

/// <summary>
/// Limits applied while reading, so that forged input cannot make a reader allocate or recurse
/// without bound (docs/reliability.md). <see cref="Default"/> suits a service's own state (a few GiB,
/// read from an image or envelope it wrote itself); <see cref="Untrusted"/> suits input from outside
/// the service's trust boundary.
/// </summary>
public sealed record KhoReadOptions
{
    /// <summary>
    /// The defaults, used when no options are given: 2^28 elements, 2^28 string bytes, depth 64,
    /// and 4 GiB decoded per read.
    /// </summary>
    public static KhoReadOptions Default { get; } = new();

    /// <summary>
    /// For bytes that did not come from this service through a channel only it can write (a network
    /// peer, another user's file): 2^20 elements, 16 MiB strings, depth 32, and 64 MiB decoded per
    /// read. Raise <see cref="MaxDecodedBytes"/> with <c>with</c> when larger values are expected.
    /// </summary>
    public static KhoReadOptions Untrusted { get; } = new()
    {
        MaxCollectionLength = 1 << 20,
        MaxStringBytes = 1 << 24,
        MaxDepth = 32,
        MaxDecodedBytes = 1L << 26,
    };

    /// <summary>Most elements in one collection, sparse array or map. Default 256M.</summary>
    public int MaxCollectionLength { get; init; } = 1 << 28;

    /// <summary>Most UTF-8 bytes in one string. Default 256 MiB.</summary>
    public int MaxStringBytes { get; init; } = 1 << 28;

    /// <summary>Deepest nesting of data types and collections. Default 64.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>
    /// Most bytes one read (one envelope, one layout, one image entry) may decode into, counted at
    /// their in-memory size as they are read: collection slots, strings (two bytes per UTF-8 byte),
    /// byte buffers and data class objects. A valid input can legitimately decode into much more than
    /// its own size (an absent optional struct is one byte on the wire); this bounds how much. Default 4 GiB.
    /// </summary>
    public long MaxDecodedBytes { get; init; } = 1L << 32;
}
