using System;

namespace KhoGen;

/// <summary>The property or field is not part of the layout and is not serialized.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class KhoIgnoreAttribute : Attribute
{
}
