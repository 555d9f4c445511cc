using System.Threading.Tasks;

namespace KhoGen.Analyzers.Tests.Rules;

public class Kho005Tests
{
    [Fact]
    public Task Names_the_member_its_type_and_the_fixes() => Verify.AnalyzerAsync("""
        using System.Collections.Generic;
        using System.Net;
        using KhoGen;

        [KhoFormat("sessions", 1)]
        public partial class SessionsV1
        {
            public int Count { get; set; }
            public HashSet<string> {|#0:Tags|} { get; set; } = new();
            public IPAddress? {|#1:Peer|} { get; set; }
            public object {|#2:Extra|} = new();
        }
        """,
        Verify.Diagnostic("KHO005").WithLocation(0).WithMessage(
            "Member 'Tags' of type 'HashSet<string>' cannot be serialized: this collection type is not supported; use an array, List<T>, IReadOnlyList<T> or ImmutableArray<T>; or mark the member [KhoIgnore] if it is not part of the state"),
        Verify.Diagnostic("KHO005").WithLocation(1).WithMessage(
            "Member 'Peer' of type 'IPAddress?' cannot be serialized: mark it [KhoData] (and partial), use a supported type, or mark the member [KhoIgnore]"),
        Verify.Diagnostic("KHO005").WithLocation(2).WithMessage(
            "Member 'Extra' of type 'object' cannot be serialized: it has no fixed layout; use a concrete [KhoData] type; or mark the member [KhoIgnore] if it is not part of the state"));

    [Fact]
    public Task Reports_positional_parameters_and_nested_element_types() => Verify.AnalyzerAsync("""
        using System;
        using System.Collections.Generic;
        using KhoGen;

        public sealed class Connection { }

        [KhoFormat("pool", 1)]
        public partial record PoolV1(int Size, List<Connection> {|#0:Connections|}, Dictionary<int[], string> {|#1:ByKey|}, int[,] {|#2:Grid|});
        """,
        Verify.Diagnostic("KHO005").WithLocation(0).WithMessage(
            "Member 'Connections' of type 'List<Connection>' cannot be serialized: its element type Connection cannot be serialized: mark it [KhoData] (and partial), use a supported type, or mark the member [KhoIgnore]"),
        Verify.Diagnostic("KHO005").WithLocation(1).WithMessage(
            "Member 'ByKey' of type 'Dictionary<int[], string>' cannot be serialized: its key type int[] is not a scalar, enum or data type, so it has no value equality; or mark the member [KhoIgnore] if it is not part of the state"),
        Verify.Diagnostic("KHO005").WithLocation(2).WithMessage(
            "Member 'Grid' of type 'int[,]' cannot be serialized: multi-dimensional arrays are not supported; use an array of arrays; or mark the member [KhoIgnore] if it is not part of the state"));

    [Fact]
    public Task Is_silent_on_every_supported_type_and_on_ignored_members() => Verify.AnalyzerAsync("""
        using System;
        using System.Collections.Generic;
        using System.Collections.Immutable;
        using KhoGen;

        public enum Color : byte { Red, Green }

        [KhoData]
        public partial record struct Point(int X, int Y);

        [KhoFormat("everything", 1)]
        public partial class EverythingV1
        {
            public bool A { get; set; }
            public byte B { get; set; }
            public sbyte C { get; set; }
            public short D { get; set; }
            public ushort E { get; set; }
            public int F { get; set; }
            public uint G { get; set; }
            public long H { get; set; }
            public ulong I { get; set; }
            public float J { get; set; }
            public double K { get; set; }
            public decimal L { get; set; }
            public char M { get; set; }
            public string N { get; set; } = "";
            public Guid O { get; set; }
            public DateTime P { get; set; }
            public DateTimeOffset Q { get; set; }
            public TimeSpan R { get; set; }
            public Color S { get; set; }
            public int? T { get; set; }
            public byte[] U { get; set; } = Array.Empty<byte>();
            public ReadOnlyMemory<byte> V { get; set; }
            public Memory<byte> W { get; set; }
            public Point[] X { get; set; } = Array.Empty<Point>();
            public List<string>? Y { get; set; }
            public IReadOnlyList<Point?> Z { get; set; } = Array.Empty<Point?>();
            public ImmutableArray<long> AA { get; set; }
            public Dictionary<string, Point> AB { get; set; } = new();
            public IReadOnlyDictionary<Guid, List<int>>? AC { get; set; }
            public KhoArray<Point> AD { get; set; } = new();
            public int[][] AE { get; set; } = Array.Empty<int[]>();
            [KhoIgnore] public HashSet<string> Cache { get; set; } = new();
            public object Computed => N;
        }
        """);
}
