using System;

namespace KhoGen;

/// <summary>
/// Declares the attributed type as version <see cref="Version"/> of the format <see cref="Format"/>.
/// Its layout is frozen once a build that contains it has shipped: change the layout by adding
/// version n+1 with a <see cref="KhoUpgradeAttribute"/> method.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
public sealed class KhoFormatAttribute : Attribute
{
    /// <param name="format">The format name, e.g. <c>memfd</c>.</param>
    /// <param name="version">The version number, 1 or more.</param>
    public KhoFormatAttribute(string format, int version)
    {
        Format = format;
        Version = version;
    }

    /// <summary>The format name, e.g. <c>memfd</c>.</summary>
    public string Format { get; }

    /// <summary>The version number (1 or more).</summary>
    public int Version { get; }
}
