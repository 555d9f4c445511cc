using System;

namespace KhoGen;

/// <summary>
/// Marks <c>static TVn-1 M(TVn value)</c>: converts version n of a format to version n-1,
/// so this build can write the older version for a rollback.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class KhoDowngradeAttribute : Attribute
{
}
