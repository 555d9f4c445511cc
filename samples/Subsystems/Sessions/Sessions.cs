using System;
using System.Collections.Generic;
using KhoGen;
using Model;

namespace Sessions;

/// <summary>One session: a data type of this library that holds Model's types.</summary>
[KhoData]
public partial record Session(Principal Who, Folio[] Pinned, DateTimeOffset Since);

[KhoFormat("sessions", 1)]
public partial record SessionsV1(Dictionary<string, Session> ById);

/// <summary>Version 2 adds the administrator; a build that reads only version 1 gets it dropped.</summary>
[KhoFormat("sessions", 2)]
public partial record SessionsV2(Dictionary<string, Session> ById, Principal? Admin)
{
    [KhoUpgrade] public static SessionsV2 Up(SessionsV1 v1) => new(v1.ById, null);
    [KhoDowngrade] public static SessionsV1 Down(SessionsV2 v2) => new(v2.ById);
}

/// <summary>The session subsystem, shipped to the application as a NuGet package.</summary>
public sealed class SessionStore
{
    public SessionsV2 State { get; private set; } = Empty();

    static SessionsV2 Empty() => new(new Dictionary<string, Session>(), null);

    public void Open(string id, Session session) => State.ById[id] = session;

    public void SetAdmin(Principal admin) => State = State with { Admin = admin };

    /// <summary>The participant that preserves and retrieves the sessions in a live update.</summary>
    public KhoParticipant Participant() => KhoParticipant.Create(() => State, s => State = s, () => State = Empty());
}
