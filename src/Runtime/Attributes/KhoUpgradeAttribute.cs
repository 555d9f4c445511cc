using System;

namespace KhoGen;

/// <summary>
/// Marks <c>static TVn M(TVn-1 value)</c>: converts version n-1 of a format to version n.
/// Upgrade chains over several versions are composed from these adjacent steps.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class KhoUpgradeAttribute : Attribute
{
}
