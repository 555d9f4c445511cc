using System;

namespace KhoGen;

/// <summary>
/// Marks <c>static TVn-1 M(TVn value)</c>: converts version n of a format to version n-1,
/// so this build can write the older version for a rollback.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class KhoDowngradeAttribute : Attribute
{
    /// <summary>
    /// This conversion, or the other half of its pair, deliberately loses data: a value of version
    /// n-1 upgraded and downgraded back (or n downgraded and upgraded) need not come back the same.
    /// The conversion law (<c>KhoGen.Testing.KhoConversionLaw</c>, docs/conversion-law.md) skips the
    /// byte comparison for paths through a lossy pair; say in a comment what is lost and why.
    /// </summary>
    public bool Lossy { get; set; }
}
