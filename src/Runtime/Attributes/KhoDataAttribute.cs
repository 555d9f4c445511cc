using System;

namespace KhoGen;

/// <summary>
/// A structure used inside formats. Its layout is inlined into every format version that uses it,
/// so changing it changes those versions.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
public sealed class KhoDataAttribute : Attribute
{
}
