namespace KhoGen.Generator.Model;

/// <summary>A <c>[KhoUpgrade]</c> or <c>[KhoDowngrade]</c> method, reduced to what a chain needs.</summary>
/// <param name="IsUpgrade">Upgrade (n-1 to n) or downgrade (n to n-1).</param>
/// <param name="From">The parameter's format version.</param>
/// <param name="To">The return type's format version.</param>
/// <param name="Method">The fully qualified method, e.g. <c>global::Cache.MemfdV2.From</c>.</param>
/// <param name="OnlyInside">When the method is private to its type, that type's full name: it can only be called from there.</param>
/// <param name="IsValid">Static, one parameter, both sides formats of one name with adjacent versions.</param>
sealed record ConversionModel(bool IsUpgrade, FormatKey? From, FormatKey? To, string Method, string? OnlyInside, bool IsValid);
