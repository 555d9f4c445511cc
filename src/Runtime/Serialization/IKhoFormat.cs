using System.ComponentModel;

namespace KhoGen;

/// <summary>
/// A format version: a <c>[KhoFormat]</c> type. Besides its own layout it knows its place in the
/// format's version chain, so it can read older versions (through upgrades) and write older
/// versions (through downgrades). Implemented by the generator.
/// </summary>
public interface IKhoFormat<TSelf> : IKhoSerializable<TSelf> where TSelf : IKhoFormat<TSelf>
{
    /// <summary>The format name, e.g. <c>memfd</c>.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    static abstract string KhoFormatName { get; }

    /// <summary>This type's version.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    static abstract int KhoVersion { get; }

    /// <summary>
    /// The shape hash of the layout of <paramref name="version"/> of this format in this build, or 0
    /// when the build has no such version. Enum values are not part of the shape: readers check them per value.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    static abstract ulong KhoShapeOf(int version);

    /// <summary>Reads the layout of <paramref name="version"/> and upgrades it to this type.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    static abstract TSelf KhoReadVersion(ref KhoReader reader, int version);

    /// <summary>Downgrades <paramref name="value"/> to <paramref name="version"/> and writes that layout.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    static abstract void KhoWriteVersion(ref KhoWriter writer, TSelf value, int version);

    /// <summary>The versions this type reads (upgrade chains lead from them to it), highest first.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    static abstract System.ReadOnlySpan<int> KhoReadableVersions { get; }

    /// <summary>The versions this type writes (downgrade chains lead from it to them), highest first.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    static abstract System.ReadOnlySpan<int> KhoWritableVersions { get; }
}
