using System;

namespace KhoGen;

/// <summary>
/// Marks <c>static TVn M(TVn-1 value)</c>: converts version n-1 of a format to version n.
/// Upgrade chains over several versions are composed from these adjacent steps.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class KhoUpgradeAttribute : Attribute
{
    /// <summary>
    /// This conversion, or the other half of its pair, deliberately loses data: a value of version
    /// n-1 upgraded and downgraded back (or n downgraded and upgraded) need not come back the same.
    /// The conversion law (<c>KhoGen.Testing.KhoConversionLaw</c>, docs/conversion-law.md) skips the
    /// byte comparison for paths through a lossy pair; say in a comment what is lost and why.
    /// </summary>
    public bool Lossy { get; set; }
}
