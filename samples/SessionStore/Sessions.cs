using System;
using System.Collections.Generic;
using System.Linq;
using KhoGen;

namespace SessionStore;

// session-v1 (release 1): user sessions keyed by token, with an idle timeout in seconds.
[KhoFormat("session", 1)]
public partial record SessionsV1(Dictionary<string, SessionV1> ByToken);

[KhoData]
public partial record SessionV1(string User, long LastSeenUnixSeconds, int IdleTimeoutSeconds);

// session-v2 (release 2): the member User was renamed UserName (a rename alone would not need a
// new version: it is wire-compatible) and the timeout was retyped from int seconds to a TimeSpan.
[KhoFormat("session", 2)]
public partial record SessionsV2(Dictionary<string, SessionV2> ByToken)
{
    // Lossy: a v1 last-seen time is any long, a DateTimeOffset holds years 1 to 9999 only. The
    // conversion law (KhoGen.Testing) found that the upgrade threw on the rest, which would have
    // refused the whole handover; such a session is garbage, so its time is clamped into range.
    [KhoUpgrade(Lossy = true)]
    public static SessionsV2 From(SessionsV1 v1) => new(v1.ByToken.ToDictionary(
        p => p.Key,
        p => new SessionV2(p.Value.User, DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(p.Value.LastSeenUnixSeconds, MinUnixSeconds, MaxUnixSeconds)),
            TimeSpan.FromSeconds(p.Value.IdleTimeoutSeconds))));

    static readonly long MinUnixSeconds = DateTimeOffset.MinValue.ToUnixTimeSeconds();
    static readonly long MaxUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    [KhoDowngrade]
    public static SessionsV1 To(SessionsV2 v2) => new(v2.ByToken.ToDictionary(
        p => p.Key,
        p => new SessionV1(p.Value.UserName, p.Value.LastSeen.ToUnixTimeSeconds(), (int)p.Value.IdleTimeout.TotalSeconds)));
}

[KhoData]
public partial record SessionV2(string UserName, DateTimeOffset LastSeen, TimeSpan IdleTimeout);

// session-v3 (release 3): adds the roles of each session; the last-seen time is kept in UTC ticks.
[KhoFormat("session", 3)]
public partial record SessionsV3(Dictionary<string, SessionV3> ByToken)
{
    // Lossy: v3 keeps the last-seen time in UTC; the offset a v2 build recorded with it is dropped
    // (the instant is kept), so a v2 state comes back with offset zero after v3 and a rollback.
    [KhoUpgrade(Lossy = true)]
    public static SessionsV3 From(SessionsV2 v2) => new(v2.ByToken.ToDictionary(
        p => p.Key,
        p => new SessionV3(p.Value.UserName, p.Value.LastSeen.UtcDateTime, p.Value.IdleTimeout, Array.Empty<string>())));

    // Rolling back drops the roles: release 2 has nowhere to keep them. That is this service's
    // explicit choice, written here, not something KhoGen does behind its back.
    [KhoDowngrade]
    public static SessionsV2 To(SessionsV3 v3) => new(v3.ByToken.ToDictionary(
        p => p.Key,
        p => new SessionV2(p.Value.UserName, new DateTimeOffset(p.Value.LastSeenUtc, TimeSpan.Zero), p.Value.IdleTimeout)));
}

[KhoData]
public partial record SessionV3(string UserName, DateTime LastSeenUtc, TimeSpan IdleTimeout, IReadOnlyList<string> Roles);
