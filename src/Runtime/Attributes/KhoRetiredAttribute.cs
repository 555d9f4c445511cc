using System;

namespace KhoGen;

/// <summary>
/// This build deliberately no longer reads <c>{format}-v{version}</c>. The version stays in the
/// catalog, marked retired, so tools can explain why an upgrade from an old build is refused.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true, Inherited = false)]
public sealed class KhoRetiredAttribute : Attribute
{
    /// <param name="format">The format name.</param>
    /// <param name="version">The retired version.</param>
    public KhoRetiredAttribute(string format, int version)
    {
        Format = format;
        Version = version;
    }

    /// <summary>The format name.</summary>
    public string Format { get; }

    /// <summary>The retired version.</summary>
    public int Version { get; }
}
