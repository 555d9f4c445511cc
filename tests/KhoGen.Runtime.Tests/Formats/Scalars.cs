using System;
using KhoGen;

namespace KhoGen.Runtime.Tests.Formats;

// Every scalar member type, on a plain class with settable properties and a parameterless constructor.

[KhoFormat("scalars", 1)]
public partial class Scalars
{
    public bool Bool { get; set; }
    public byte U8 { get; set; }
    public sbyte I8 { get; set; }
    public short I16 { get; set; }
    public ushort U16 { get; set; }
    public int I32 { get; set; }
    public uint U32 { get; set; }
    public long I64 { get; set; }
    public ulong U64 { get; set; }
    public float F32 { get; set; }
    public double F64 { get; set; }
    public decimal Dec { get; set; }
    public char Char { get; set; }
    public string? Str { get; set; }
    public string NonNullStr { get; set; } = "";
    public Guid Guid { get; set; }
    public DateTime Time { get; set; }
    public DateTimeOffset Offset { get; set; }
    public TimeSpan Span { get; set; }

    [KhoIgnore] public int NotSerialized { get; set; }
}

// Nullable<T> of every scalar (and of an enum and a data struct), as public fields of a struct.

[KhoFormat("nullables", 1)]
public partial struct Nullables
{
    public bool? Bool;
    public byte? U8;
    public sbyte? I8;
    public short? I16;
    public ushort? U16;
    public int? I32;
    public uint? U32;
    public long? I64;
    public ulong? U64;
    public float? F32;
    public double? F64;
    public decimal? Dec;
    public char? Char;
    public Guid? Guid;
    public DateTime? Time;
    public DateTimeOffset? Offset;
    public TimeSpan? Span;
    public IntEnum? Enum;
    public UIntFlags? Flags;
    public Point? Point;
}

// Enums of every underlying type, flags and not.

[KhoFormat("enums", 1)]
public partial record Enums(
    SByteEnum A, ByteEnum B, ShortEnum C, UShortFlags D, IntEnum E, UIntFlags F,
    LongEnum G, ULongFlags H, SByteFlags I, ULongEnum J, ShortFlags K, ByteFlags L,
    SByteEnum? NullableA, ULongFlags? NullableH);

public enum SByteEnum : sbyte { Min = sbyte.MinValue, MinusOne = -1, Zero = 0, Seven = 7, Max = sbyte.MaxValue }
public enum ByteEnum : byte { Zero = 0, One = 1, Big = 200, Max = byte.MaxValue }
public enum ShortEnum : short { Min = short.MinValue, MinusTwo = -2, Ten = 10, Max = short.MaxValue }
public enum IntEnum { Min = int.MinValue, MinusOne = -1, Zero = 0, One = 1, Thousand = 1000, Max = int.MaxValue }
public enum LongEnum : long { Min = long.MinValue, MinusOne = -1, One = 1, Big = 1L << 40, Max = long.MaxValue }
public enum ULongEnum : ulong { Zero = 0, Big = 1UL << 63, Max = ulong.MaxValue }

[Flags] public enum UShortFlags : ushort { None = 0, A = 1, B = 2, C = 4, High = 0x8000 }
[Flags] public enum UIntFlags : uint { None = 0, A = 1, B = 0x100, High = 0x8000_0000 }
[Flags] public enum ULongFlags : ulong { None = 0, A = 1, B = 1UL << 32, Top = 1UL << 63 }
[Flags] public enum SByteFlags : sbyte { None = 0, A = 1, B = 2, Sign = sbyte.MinValue }
[Flags] public enum ShortFlags : short { A = 1, B = 4, Sign = short.MinValue }
[Flags] public enum ByteFlags : byte { None = 0, A = 1, H = 0x80 }
