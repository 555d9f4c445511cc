using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using KhoGen.Runtime.Tests.Formats;

namespace KhoGen.Runtime.Tests;

/// <summary>
/// A format with three versions (session-v1..v3: a member added, one removed, one retyped),
/// chained by adjacent upgrades and downgrades only.
/// </summary>
[Collection(RegistryCollection.Name)]
public class SessionChainTests
{
    static readonly Guid Id = new("6f1c2a4e-90b3-4c1d-8e57-0a9b8c7d6e5f");
    static readonly DateTime Started = new(2025, 3, 1, 12, 30, 0, DateTimeKind.Utc);

    static SessionV1 V1() => new(Id, "zoë \U0001F600", 90, new List<string> { "a", "b" });
    static SessionV3 V3() => new(Id, "ada", TimeSpan.FromSeconds(1800), Started);

    [Fact]
    public void Readable_and_writable_versions_follow_the_chains()
    {
        Assert.Equal(new[] { 3, 2, 1 }, SessionV3.KhoReadableVersions.ToArray());
        Assert.Equal(new[] { 3, 2, 1 }, SessionV3.KhoWritableVersions.ToArray());
        Assert.Equal(new[] { 2, 1 }, SessionV2.KhoReadableVersions.ToArray());
        Assert.Equal(new[] { 2, 1 }, SessionV2.KhoWritableVersions.ToArray());
        Assert.Equal(new[] { 1 }, SessionV1.KhoReadableVersions.ToArray());
        Assert.Equal(new[] { 1 }, SessionV1.KhoWritableVersions.ToArray());
        Assert.Equal("session", SessionV3.KhoFormatName);
        Assert.Equal(3, SessionV3.KhoVersion);
        Assert.Equal(0UL, SessionV3.KhoShapeOf(4));
        Assert.NotEqual(0UL, SessionV3.KhoShapeOf(1));
        Assert.Equal(3, new[] { SessionV3.KhoShapeOf(1), SessionV3.KhoShapeOf(2), SessionV3.KhoShapeOf(3) }.Distinct().Count());

        var session = KhoRegistry.Catalog.FindFormat("session");
        Assert.NotNull(session);
        Assert.Equal(3, session!.Latest);
        Assert.Equal(new[] { 1, 2, 3 }, session.Versions.Select(v => v.Version).OrderBy(v => v));
        Assert.All(session.Versions, v => Assert.True(v.Read && v.Write && !v.Retired, v.Id));
    }

    [Fact]
    public void V1_is_read_as_v3_through_two_upgrades()
    {
        byte[] blob = KhoEnvelope.Serialize(V1());
        Assert.Equal(("session", 1), KhoEnvelope.Peek(blob));
        SessionV3 v3 = KhoEnvelope.Deserialize<SessionV3>(blob);
        Assert.Equal(Id, v3.Id);
        Assert.Equal("zoë \U0001F600", v3.User);
        Assert.Equal(TimeSpan.FromSeconds(90), v3.Timeout);
        Assert.Equal(SessionV2.UnknownStart, v3.StartedUtc);

        SessionV2 v2 = KhoEnvelope.Deserialize<SessionV2>(blob);
        Assert.Equal(90, v2.TimeoutSeconds);
        Assert.Equal(new[] { "a", "b" }, v2.Tags);
    }

    [Fact]
    public void V2_is_read_as_v3_through_one_upgrade()
    {
        byte[] blob = KhoEnvelope.Serialize(new SessionV2(Id, "bo", 5, null, Started));
        SessionV3 v3 = KhoEnvelope.Deserialize<SessionV3>(blob);
        Assert.Equal(new SessionV3(Id, "bo", TimeSpan.FromSeconds(5), Started), v3);
    }

    [Fact]
    public void V3_writes_v2_and_v1_through_the_downgrades()
    {
        SessionV3 v3 = V3();

        byte[] asV2 = KhoEnvelope.Serialize(v3, 2);
        Assert.Equal(("session", 2), KhoEnvelope.Peek(asV2));
        SessionV2 v2 = KhoEnvelope.Deserialize<SessionV2>(asV2);
        Assert.Equal((Id, "ada", 1800, Started), (v2.Id, v2.User, v2.TimeoutSeconds, v2.StartedUtc));
        Assert.Empty(v2.Tags!);
        Assert.Equal(v3, KhoEnvelope.Deserialize<SessionV3>(asV2));

        byte[] asV1 = KhoEnvelope.Serialize(v3, version: 1);
        Assert.Equal(("session", 1), KhoEnvelope.Peek(asV1));
        SessionV1 v1 = KhoEnvelope.Deserialize<SessionV1>(asV1);
        Assert.Equal((Id, "ada", 1800), (v1.Id, v1.User, v1.TimeoutSeconds));
        Assert.Empty(v1.Tags!);
        // v1 has no start time: through v1 and back it is the upgrade's default.
        Assert.Equal(v3 with { StartedUtc = SessionV2.UnknownStart }, KhoEnvelope.Deserialize<SessionV3>(asV1));

        byte[] asV3 = KhoEnvelope.Serialize(v3, 3);
        Assert.Equal(KhoEnvelope.Serialize(v3), asV3);
        Assert.Equal(v3, KhoEnvelope.Deserialize<SessionV3>(asV3));

        // The envelope of an older version carries exactly the older type's layout.
        Assert.Equal(KhoSerializer.Serialize(v1), Payload(asV1));
        Assert.Equal(KhoSerializer.Serialize(v2), Payload(asV2));
    }

    [Fact]
    public void Versions_a_type_cannot_write_are_refused()
    {
        var e = Assert.Throws<InvalidOperationException>(() => KhoEnvelope.Serialize(V3(), 4));
        Assert.Contains("session-v4", e.Message);
        Assert.Throws<InvalidOperationException>(() => KhoEnvelope.Serialize(V3(), 0));
        Assert.Throws<InvalidOperationException>(() => KhoEnvelope.Serialize(V1(), 2)); // no upgrade path for writing
        Assert.Throws<ArgumentNullException>(() => KhoEnvelope.Serialize<SessionV3>(null!));
    }

    [Fact]
    public void An_envelope_of_another_format_names_what_it_found_and_what_this_build_reads()
    {
        var folios = new KhoArray<Folio>();
        byte[] memfd = KhoEnvelope.Serialize(new MemfdV2(1, 2, folios, Seals.None, 0), 2);
        var e = Assert.Throws<KhoFormatException>(() => KhoEnvelope.Deserialize<SessionV3>(memfd));
        Assert.Contains("memfd-v2", e.Message);
        Assert.Contains("session-v3, session-v2, session-v1", e.Message);
        Assert.Equal("memfd-v2", e.FormatId);
        Assert.True(e.Offset >= 0);
    }

    [Fact]
    public void An_envelope_of_a_version_this_build_cannot_read_names_what_it_found_and_what_this_build_reads()
    {
        // An older build (that knows only v1) gets v3.
        byte[] v3 = KhoEnvelope.Serialize(V3(), 3);
        var e = Assert.Throws<KhoFormatException>(() => KhoEnvelope.Deserialize<SessionV1>(v3));
        Assert.Contains("session-v3", e.Message);
        Assert.Contains("reads session-v1", e.Message);
        Assert.Equal("session-v3", e.FormatId);

        var e2 = Assert.Throws<KhoFormatException>(() => KhoEnvelope.Deserialize<SessionV2>(v3));
        Assert.Contains("reads session-v2, session-v1", e2.Message);

        // A newer build wrote v9, which no build here has.
        byte[] v9 = WithVersion(v3, 9);
        Assert.Equal(("session", 9), KhoEnvelope.Peek(v9));
        var e3 = Assert.Throws<KhoFormatException>(() => KhoEnvelope.Deserialize<SessionV3>(v9));
        Assert.Contains("session-v9", e3.Message);
        Assert.Contains("session-v3, session-v2, session-v1", e3.Message);
        Assert.Equal("session-v9", e3.FormatId);
    }

    [Fact]
    public void An_envelope_whose_layout_shape_differs_from_this_builds_is_refused()
    {
        byte[] blob = KhoEnvelope.Serialize(V3(), 3);
        int at = 6 + blob[5] + 4; // the shape field
        blob[at] ^= 0x01;
        var e = Assert.Throws<KhoFormatException>(() => KhoEnvelope.Deserialize<SessionV3>(blob));
        Assert.Contains("layout", e.Message);
        Assert.Equal("session-v3", e.FormatId);
    }

    [Fact]
    public void Switching_the_latest_version_off_makes_the_envelope_write_the_previous_one()
    {
        SessionV3 v3 = V3();
        Assert.True(KhoRegistry.IsWriteEnabled("session-v3"));
        KhoRegistry.SetWriteEnabled("session-v3", false);
        try
        {
            Assert.False(KhoRegistry.IsWriteEnabled("session-v3"));
            byte[] blob = KhoEnvelope.Serialize(v3);
            Assert.Equal(("session", 2), KhoEnvelope.Peek(blob));
            Assert.Equal(v3, KhoEnvelope.Deserialize<SessionV3>(blob)); // v2 keeps everything v3 has
            var e = Assert.Throws<InvalidOperationException>(() => KhoEnvelope.Serialize(v3, 3));
            Assert.Contains("session-v3", e.Message);
            Assert.Equal(("session", 1), KhoEnvelope.Peek(KhoEnvelope.Serialize(v3, 1)));
            // Reading is not affected.
            Assert.Equal(v3, KhoEnvelope.Deserialize<SessionV3>(KhoEnvelope.Serialize(v3, 2)));
            Assert.False(KhoRegistry.Catalog.FindVersion("session-v3")!.Write);

            KhoRegistry.SetWriteEnabled("session-v2", false);
            try
            {
                Assert.Equal(("session", 1), KhoEnvelope.Peek(KhoEnvelope.Serialize(v3)));
                KhoRegistry.SetWriteEnabled("session-v1", false);
                try
                {
                    Assert.Throws<InvalidOperationException>(() => KhoEnvelope.Serialize(v3));
                }
                finally { KhoRegistry.SetWriteEnabled("session-v1", true); }
            }
            finally { KhoRegistry.SetWriteEnabled("session-v2", true); }
        }
        finally
        {
            KhoRegistry.SetWriteEnabled("session-v3", true);
        }
        Assert.Equal(("session", 3), KhoEnvelope.Peek(KhoEnvelope.Serialize(v3)));
        Assert.True(KhoRegistry.Catalog.FindVersion("session-v3")!.Write);
    }

    [Fact]
    public void Switching_an_unknown_version_is_an_argument_error()
    {
        Assert.Throws<ArgumentException>(() => KhoRegistry.SetWriteEnabled("session-v4", false));
        Assert.Throws<ArgumentException>(() => KhoRegistry.SetWriteEnabled("nosuch-v1", false));
        Assert.True(KhoRegistry.IsWriteEnabled("session-v3"));
    }

    static ReadOnlySpan<byte> Payload(byte[] envelope) => envelope.AsSpan(6 + envelope[5] + 24);

    /// <summary>The envelope with another version number in its header (checksum not updated).</summary>
    static byte[] WithVersion(byte[] envelope, int version)
    {
        byte[] copy = envelope.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(6 + copy[5]), (uint)version);
        return copy;
    }
}
