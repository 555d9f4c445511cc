namespace KhoGen;

/// <summary>
/// Limits applied while reading, so that forged input cannot make a reader allocate or recurse
/// without bound. The defaults suit untrusted input and a few GiB of state.
/// </summary>
public sealed record KhoReadOptions
{
    /// <summary>The defaults.</summary>
    public static KhoReadOptions Default { get; } = new();

    /// <summary>Most elements in one collection, sparse array or map. Default 256M.</summary>
    public int MaxCollectionLength { get; init; } = 1 << 28;

    /// <summary>Most UTF-8 bytes in one string. Default 256 MiB.</summary>
    public int MaxStringBytes { get; init; } = 1 << 28;

    /// <summary>Deepest nesting of data types and collections. Default 64.</summary>
    public int MaxDepth { get; init; } = 64;
}
