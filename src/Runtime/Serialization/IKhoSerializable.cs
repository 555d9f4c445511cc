using System.ComponentModel;

namespace KhoGen;

/// <summary>
/// A type with a generated serializer for its bare layout: every <c>[KhoFormat]</c> and
/// <c>[KhoData]</c> type. Implemented by the generator; call <see cref="KhoSerializer"/> instead.
/// </summary>
public interface IKhoSerializable<TSelf> where TSelf : IKhoSerializable<TSelf>
{
    /// <summary>Writes the layout of <paramref name="value"/> (never null).</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    static abstract void KhoWrite(ref KhoWriter writer, TSelf value);

    /// <summary>Reads a layout written by <see cref="KhoWrite"/>.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    static abstract TSelf KhoRead(ref KhoReader reader);

    /// <summary>The fewest bytes the layout can take; bounds forged collection lengths.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    static abstract int KhoMinSize { get; }

    /// <summary>The catalog name of the type (a format id, or a data type's name).</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    static abstract string KhoName { get; }
}
