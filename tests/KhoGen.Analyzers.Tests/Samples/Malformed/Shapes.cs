using System;
using System.Collections.Generic;
using KhoGen;

// Types and members at the edges of what the parser handles.

[KhoData]
public partial record struct @class(int @int, string @string);

[KhoData]
public partial record Deep(List<List<List<List<List<List<List<List<List<List<List<List<List<List<List<List<List<List<int>>>>>>>>>>>>>>>>>> Levels);

[KhoData]
public partial record Sparse(KhoArray<KhoArray<KhoArray<int?>>> Cube, Dictionary<Kind, Dictionary<string, byte[]>> Map);

public enum Kind : long { A = long.MinValue, B = long.MaxValue }

public enum Wide : ulong { Max = ulong.MaxValue }

[KhoData]
public partial record Enums(Kind Kind, Wide Wide, Kind? Maybe, Wide[] Many);

[KhoData]
public partial record Unknowns(UnknownType A, List<Missing> B, int C);

[KhoData]
public partial record Delegates(Func<int> F, Action A, IntPtr P, nint N, dynamic D);

[KhoData]
public partial record Pointers(int C)
{
    public unsafe int* P;
}

[KhoData]
public partial class Static
{
    public static int Shared { get; set; }
    public const int Constant = 1;
    public int this[int i] { get => i; set { } }
    public event Action? Changed;
    public int Only { get; }
    public int WriteOnly { set { } }
    protected int Hidden { get; set; }
    internal int Internal { get; set; }
}

[KhoData]
public partial record Empty;

[KhoData]
public partial struct EmptyStruct;

[KhoData]
public partial class Names
{
    public int KhoName { get; set; }
}

[KhoData]
public partial class Ctors
{
    public Ctors(int a) { A = a; }
    public Ctors(int a, int b) { A = a; B = b; }
    public Ctors(int a, string b) { A = a; }
    public int A { get; set; }
    public int B { get; set; }
}

[KhoData]
public partial record Positional(int A, int B)
{
    public int A { get; } = A;
    public int C { get; set; }
}

[KhoFormat("self", 1)]
public partial record SelfFormat(SelfFormat? Next);

[KhoData]
public partial record Outer(Outer.Inner Item)
{
    [KhoData]
    public partial record Inner(Outer? Back);
}

public partial class Container<T>
{
    [KhoFormat("in-generic", 1)]
    public partial record Nested(int A);
}

[KhoData]
public static partial class StaticType { }

[KhoData]
public partial record Derived(int A) : Base(A);

public record Base(int A);

[KhoData]
public partial record struct Nullable(int? A, string? B, Kind? C, Positional? D, int[]? E, List<int?>? F);
