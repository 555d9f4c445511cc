using System;
using System.Collections.Generic;
using KhoGen;
using SessionStore;

// Release 1 wrote its sessions; release 3 reads them, upgraded through v2, in one call.
var v1 = new SessionsV1(new Dictionary<string, SessionV1>
{
    ["tok-1"] = new("ada", 1_700_000_000, 900),
    ["tok-2"] = new("grace", 1_700_000_500, 300),
});
byte[] fromRelease1 = KhoEnvelope.Serialize(v1);
SessionsV3 now = KhoEnvelope.Deserialize<SessionsV3>(fromRelease1);
foreach (var (token, s) in now.ByToken)
    Console.WriteLine($"{token}: {s.UserName}, last seen {s.LastSeenUtc:u}, idle timeout {s.IdleTimeout}, roles [{string.Join(",", s.Roles)}]");

// Release 3 rolling back to release 1 writes session-v1 through both downgrades.
byte[] forRelease1 = KhoEnvelope.Serialize(now, version: 1);
var back = KhoEnvelope.Deserialize<SessionsV1>(forRelease1);
bool same = back.ByToken.Count == 2 && back.ByToken["tok-1"] == v1.ByToken["tok-1"] && back.ByToken["tok-2"] == v1.ByToken["tok-2"];
Console.WriteLine($"rolled back to {KhoEnvelope.Peek(forRelease1).Format}-v{KhoEnvelope.Peek(forRelease1).Version}: identical to what release 1 wrote: {same}");
foreach (var v in KhoRegistry.Catalog.FindFormat("session")!.Versions)
    Console.WriteLine($"  {v.Id}: read={v.Read} write={v.Write} {v.Fingerprint}");
return same ? 0 : 1;
