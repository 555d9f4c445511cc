namespace KhoGen.Generator.Tests;

/// <summary>Sources the tests feed to the generator.</summary>
public static class Samples
{
    /// <summary>SPEC's running example: memfd-v1 and memfd-v2 with the Folio data type and two enums.</summary>
    public const string Memfd = """
        using KhoGen;

        namespace Cache;

        [KhoFormat("memfd", 1)]
        public partial record MemfdV1(ulong Pos, ulong Size, KhoArray<Folio> Folios);

        [KhoFormat("memfd", 2)]
        public partial record MemfdV2(ulong Pos, ulong Size, KhoArray<Folio> Folios, Seals Seals, uint Flags)
        {
            [KhoUpgrade]   public static MemfdV2 From(MemfdV1 v1) => new(v1.Pos, v1.Size, v1.Folios, Seals.None, 0);
            [KhoDowngrade] public static MemfdV1 To(MemfdV2 v2)   => new(v2.Pos, v2.Size, v2.Folios);
        }

        [KhoData]
        public partial record struct Folio(ulong Pfn, FolioFlags Flags);

        [System.Flags]
        public enum FolioFlags : ushort { None = 0, Dirty = 1, Uptodate = 2 }

        [System.Flags]
        public enum Seals : uint { None = 0, Seal = 1, Shrink = 2, Grow = 4, Write = 8 }
        """;

    /// <summary>A format with a member of every supported type.</summary>
    public const string AllMemberTypes = """
        using System;
        using System.Collections.Generic;
        using System.Collections.Immutable;
        using KhoGen;

        namespace Everything;

        public enum Color { Red, Green = 5, Blue = -3 }

        [Flags]
        public enum Access : byte { None = 0, Read = 1, Write = 2, Exec = 4 }

        public enum Huge : ulong { Zero = 0, Max = ulong.MaxValue }

        [KhoData]
        public partial class Node
        {
            public string Name { get; set; } = "";
            public int Weight;
        }

        [KhoData]
        public partial struct Point
        {
            public int X;
            public int Y;
        }

        [KhoFormat("everything", 1)]
        public partial class AllTypes
        {
            public bool Bool { get; set; }
            public byte Byte { get; set; }
            public sbyte SByte { get; set; }
            public short Short { get; set; }
            public ushort UShort { get; set; }
            public int Int { get; set; }
            public uint UInt { get; set; }
            public long Long { get; set; }
            public ulong ULong { get; set; }
            public float Float { get; set; }
            public double Double { get; set; }
            public decimal Decimal { get; set; }
            public char Char { get; set; }
            public string String { get; set; } = "";
            public Guid Guid { get; set; }
            public DateTime DateTime { get; set; }
            public DateTimeOffset DateTimeOffset { get; set; }
            public TimeSpan TimeSpan { get; set; }
            public Color Color { get; set; }
            public Access Access { get; set; }
            public Huge Huge { get; set; }
            public int? NullableInt { get; set; }
            public Color? NullableColor { get; set; }
            public Point? NullablePoint { get; set; }
            public DateTimeOffset? NullableDateTimeOffset { get; set; }
            public string? NullableString { get; set; }
            public byte[] ByteArray { get; set; } = Array.Empty<byte>();
            public byte[]? NullableByteArray { get; set; }
            public Memory<byte> Memory { get; set; }
            public ReadOnlyMemory<byte> ReadOnlyMemory { get; set; }
            public int[] IntArray { get; set; } = Array.Empty<int>();
            public string[] StringArray { get; set; } = Array.Empty<string>();
            public int[][] Jagged { get; set; } = Array.Empty<int[]>();
            public List<Point[]> ListOfArrays { get; set; } = new();
            public List<long> List { get; set; } = new();
            public List<Node?>? NullableList { get; set; }
            public IReadOnlyList<Point> ReadOnlyList { get; set; } = Array.Empty<Point>();
            public ImmutableArray<double> ImmutableDoubles { get; set; }
            public ImmutableArray<string> ImmutableStrings { get; set; }
            public Dictionary<string, int> Dictionary { get; set; } = new();
            public Dictionary<Color, List<Guid>> EnumKeyed { get; set; } = new();
            public IReadOnlyDictionary<int, Node> ReadOnlyDictionary { get; set; } = new Dictionary<int, Node>();
            public KhoArray<string> Sparse { get; set; } = new();
            public KhoArray<Point> SparsePoints { get; set; } = new();
            public Node Node { get; set; } = new();
            public Node? NullableNode { get; set; }
            public Point Point { get; set; }
            public long Field;
            public int? NullableField;

            [KhoIgnore] public int Ignored { get; set; }
            public int ReadOnly => Int;
            public static int Static { get; set; }
            internal int Internal { get; set; }
        }
        """;

    /// <summary>A class with init properties and a parameterless constructor.</summary>
    public const string InitProperties = """
        using KhoGen;

        namespace Sessions;

        [KhoFormat("session", 1)]
        public sealed partial class Session
        {
            public Session() { }

            public required string User { get; init; }
            public long Started { get; init; }
            public string[]? Roles { get; init; }
            public int Hits { get; set; }
        }
        """;

    /// <summary>A plain struct, fields and properties, and a constructor matching its members.</summary>
    /// <summary>
    /// Three types whose names hash to one group (Beta, Chi and Psi fall in group 12 of 64), declared
    /// out of name order: one file holds all three, in name order.
    /// </summary>
    public const string SharedGroup = """
        using KhoGen;

        namespace Grouped;

        [KhoData]
        public partial record Psi(int A, string B);

        [KhoFormat("beta", 1)]
        public partial record Beta(Psi P, Chi C);

        [KhoData]
        public partial record struct Chi(long X, ushort Y);
        """;

    public const string Struct = """
        using KhoGen;

        namespace Net;

        [KhoFormat("socket", 1)]
        public partial struct Socket
        {
            public Socket(int port, string host) { Port = port; Host = host; Backlog = 0; }

            public int Port { get; set; }
            public string Host { get; init; }
            public int Backlog;
        }
        """;

    /// <summary>Formats and data nested in containing partial types.</summary>
    public const string NestedTypes = """
        using KhoGen;

        namespace Outer.Inner;

        public static partial class Holder
        {
            public partial class Level
            {
                [KhoFormat("nested", 1)]
                public partial record Entry(int Id, Item Item);

                [KhoData]
                public partial record struct Item(string Key, long Value);
            }

            [KhoData]
            internal partial struct Loose
            {
                public byte A;
            }
        }
        """;

    /// <summary>Three versions with upgrades and downgrades between each pair.</summary>
    public const string ThreeVersions = """
        using KhoGen;

        namespace Chain;

        [KhoFormat("counter", 1)]
        public partial record CounterV1(int Value);

        [KhoFormat("counter", 2)]
        public partial record CounterV2(long Value, string Name)
        {
            [KhoUpgrade] public static CounterV2 Up(CounterV1 v) => new(v.Value, "");
            [KhoDowngrade] public static CounterV1 Down(CounterV2 v) => new((int)v.Value);
        }

        [KhoFormat("counter", 3)]
        public partial record CounterV3(long Value, string Name, bool Enabled);

        public static class CounterConversions
        {
            [KhoUpgrade] public static CounterV3 Up(CounterV2 v) => new(v.Value, v.Name, true);
            [KhoDowngrade] public static CounterV2 Down(CounterV3 v) => new(v.Value, v.Name);
        }
        """;
}
