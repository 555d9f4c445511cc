using System;
using System.Collections.Generic;
using KhoGen;

namespace KhoGen.Runtime.Tests.Formats;

// Null handling (NullHandlingTests): Strict declares every reference member non-nullable; Loose has
// the same layout with every member nullable, so its bytes can carry a null into each of Strict's
// members in turn.

[KhoData]
public partial class Owner
{
    public string Name { get; set; } = "";
}

[KhoData]
public partial class LooseOwner
{
    public string? Name { get; set; }
}

[KhoFormat("strict", 1)]
public partial record StrictV1(string Name, List<string> Tags, Owner Owner, Dictionary<string, string> Notes, KhoArray<string> Sparse, byte[] Blob, string[] Array);

[KhoData]
public partial record Loose(string? Name, List<string?>? Tags, LooseOwner? Owner, Dictionary<string, string?>? Notes, KhoArray<string?>? Sparse, byte[]? Blob, string?[]? Array);

// Conversions that throw or return null (ConversionFailureTests).

[KhoFormat("convert", 1)]
public partial record ConvertV1(int X);

[KhoFormat("convert", 2)]
public partial record ConvertV2(int X)
{
    /// <summary>Throws on a negative X; returns null for 7.</summary>
    [KhoUpgrade]
    public static ConvertV2 From(ConvertV1 v1) => v1.X switch
    {
        < 0 => throw new ArgumentOutOfRangeException(nameof(v1), "negative"),
        7 => null!,
        _ => new ConvertV2(v1.X),
    };

    /// <summary>Throws past 100.</summary>
    [KhoDowngrade]
    public static ConvertV1 To(ConvertV2 v2) => v2.X > 100 ? throw new InvalidOperationException("too big for v1") : new ConvertV1(v2.X);
}
