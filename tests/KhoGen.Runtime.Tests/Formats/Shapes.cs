using System;
using System.Collections.Generic;
using KhoGen;

namespace KhoGen.Runtime.Tests.Formats;

// Every way the reader constructs a type.

/// <summary>A record struct with a primary constructor.</summary>
[KhoData]
public partial record struct Point(int X, int Y);

/// <summary>A plain struct: public fields and a settable property.</summary>
[KhoData]
public partial struct Pixel
{
    public byte R;
    public byte G;
    public byte B;
    public float Alpha { get; set; }
}

/// <summary>A class whose constructor sets some members; the others are settable.</summary>
[KhoData]
public partial class Account
{
    public Account(Guid id, string? owner)
    {
        Id = id;
        Owner = owner;
    }

    public Guid Id { get; private set; }
    public string? Owner { get; private set; }
    public decimal Balance { get; set; }
    public List<string>? Notes { get; set; }
}

/// <summary>A record with positional members and an extra init-only property.</summary>
[KhoData]
public partial record Mixed(int A, string? B)
{
    public long Extra { get; init; }
    public DateTime? When { get; init; }
}

/// <summary>Types nested in a partial containing class.</summary>
public partial class Outer
{
    [KhoData]
    public partial record Inner(string Name, int Level);

    [KhoFormat("nested", 1)]
    public partial record Holder(Inner First, Inner? Second, List<Inner>? All);
}

[KhoFormat("shapes", 1)]
public partial record Shapes(Point P, Pixel Pix, Account? Acct, Outer.Inner? Inner, Mixed? M, Item? Item, Pixel? MaybePixel);

// Three data types nested three deep, for the depth limit.

[KhoData] public partial record DeepLeaf(int X);
[KhoData] public partial record DeepMiddle(DeepLeaf? Leaf);
[KhoFormat("deep", 1)] public partial record DeepRoot(DeepMiddle? Middle);
