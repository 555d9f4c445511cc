using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using KhoGen;

[assembly: KhoRetired("sessions", 1)]

namespace Service.State
{
    public enum Role : byte { Guest, User, Admin }

    [KhoData]
    public partial class Principal
    {
        public string Name { get; set; } = "";
        public Role Role { get; set; }
        public Guid? Tenant { get; set; }
        [KhoIgnore] public object? Cached { get; set; }
    }

    [KhoData]
    public readonly partial record struct Window(DateTimeOffset Start, TimeSpan Length);

    public static partial class Formats
    {
        [KhoFormat("sessions", 1)]
        public partial class SessionsV1
        {
            public Dictionary<string, Principal> ByToken { get; set; } = new();
        }

        [KhoFormat("sessions", 2)]
        public partial class SessionsV2
        {
            public Dictionary<string, Principal> ByToken { get; set; } = new();
            public List<Window> Windows { get; set; } = new();
            public byte[] Key = Array.Empty<byte>();
        }

        [KhoFormat("sessions", 3)]
        internal sealed partial record SessionsV3(
            IReadOnlyDictionary<string, Principal> ByToken,
            ImmutableArray<Window> Windows,
            ReadOnlyMemory<byte> Key,
            int[][] Shards,
            decimal? Budget)
        {
            public long Generation { get; init; }
            public char Separator;
        }
    }

    static class SessionConversions
    {
        [KhoUpgrade]
        internal static Formats.SessionsV3 Upgrade(Formats.SessionsV2 v2) =>
            new(v2.ByToken, v2.Windows.ToImmutableArray(), v2.Key, Array.Empty<int[]>(), null);

        [KhoDowngrade]
        internal static Formats.SessionsV2 Downgrade(Formats.SessionsV3 v3) =>
            new() { ByToken = new(v3.ByToken), Windows = new(v3.Windows), Key = v3.Key.ToArray() };

        [KhoUpgrade]
        internal static Formats.SessionsV2 Upgrade(Formats.SessionsV1 v1) => new() { ByToken = v1.ByToken };

        [KhoDowngrade]
        internal static Formats.SessionsV1 Downgrade(Formats.SessionsV2 v2) => new() { ByToken = v2.ByToken };
    }
}

[KhoFormat("counters", 1)]
public partial struct CountersV1
{
    public CountersV1(long hits, long misses)
    {
        Hits = hits;
        Misses = misses;
    }

    public long Hits { get; init; }
    public long Misses { get; init; }
    public float Ratio;
    public sbyte Level;
    public short Small;
    public ushort Port;
    public double Mean { get; set; }
    public bool Enabled { get; set; }
    public DateTime Since { get; set; }
    public Memory<byte> Scratch { get; set; }
}
