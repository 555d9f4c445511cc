using System;
using System.Collections.Generic;
using KhoGen;

namespace KhoGen.Runtime.Tests.Formats;

// A format with three versions: v2 adds StartedUtc; v3 removes Tags and retypes the timeout
// from int seconds to TimeSpan. Upgrades and downgrades on adjacent steps only.

[KhoFormat("session", 1)]
public partial record SessionV1(Guid Id, string User, int TimeoutSeconds, List<string>? Tags);

[KhoFormat("session", 2)]
public partial record SessionV2(Guid Id, string User, int TimeoutSeconds, List<string>? Tags, DateTime StartedUtc)
{
    public static readonly DateTime UnknownStart = DateTime.UnixEpoch;

    [KhoUpgrade] public static SessionV2 Up(SessionV1 v1) => new(v1.Id, v1.User, v1.TimeoutSeconds, v1.Tags, UnknownStart);
    [KhoDowngrade] public static SessionV1 Down(SessionV2 v2) => new(v2.Id, v2.User, v2.TimeoutSeconds, v2.Tags);
}

[KhoFormat("session", 3)]
public partial record SessionV3(Guid Id, string User, TimeSpan Timeout, DateTime StartedUtc)
{
    [KhoUpgrade] public static SessionV3 Up(SessionV2 v2) => new(v2.Id, v2.User, TimeSpan.FromSeconds(v2.TimeoutSeconds), v2.StartedUtc);
    [KhoDowngrade] public static SessionV2 Down(SessionV3 v3) => new(v3.Id, v3.User, (int)v3.Timeout.TotalSeconds, new List<string>(), v3.StartedUtc);
}
