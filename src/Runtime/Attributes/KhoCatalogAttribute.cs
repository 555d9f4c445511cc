using System;
using System.ComponentModel;

namespace KhoGen;

/// <summary>
/// Carries an assembly's catalog JSON. Emitted by the generator; tools read it with
/// System.Reflection.Metadata without running the assembly.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false, Inherited = false)]
public sealed class KhoCatalogAttribute : Attribute
{
    /// <param name="json">The catalog, schema <c>khogen-catalog/1</c>.</param>
    public KhoCatalogAttribute(string json) => Json = json;

    /// <summary>The catalog JSON.</summary>
    public string Json { get; }
}
