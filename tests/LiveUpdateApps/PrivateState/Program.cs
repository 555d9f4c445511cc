using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using KhoGen;

// PrivateState <command> [--folder F] [--instance I] [--max-age-ms N] [--allow UID]... [--next CATALOG] [--no-finish]
//   commit <user>     hold a session of <user> and commit it to the image (negotiated with --next, else itself)
//   restore           restore (the handover socket first, else the image file), print what came, finish
//   serve <user>      hold a session of <user> and serve the handover socket until a successor takes it
//   read <path>       try to read a file (as another user would)
//   plant <path>      try to write a file
// Prints one fact per line; the tests wait on them. Exit: 0 done, 3 refused or failed, 2 usage.
if (args.Length < 1) return Usage();
var options = new KhoLiveUpdateOptions();
string? next = null;
bool finish = true;
for (int i = 1; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--folder": options.RuntimeFolder = args[++i]; break;
        case "--instance": options.InstanceName = args[++i]; break;
        case "--max-age-ms": options.MaxImageAge = TimeSpan.FromMilliseconds(long.Parse(args[++i])); break;
        case "--allow": options.AllowedPeerUids.Add(uint.Parse(args[++i])); break;
        case "--next": next = args[++i]; break;
        case "--no-finish": finish = false; break;
    }
}
string? Arg(int i) => args.Length > i && !args[i].StartsWith("--", StringComparison.Ordinal) ? args[i] : null;

SessionV1 session = new("nobody", "none");
var update = new KhoLiveUpdate(options);
update.Register(KhoParticipant.Create(() => { Console.WriteLine("preserved"); return session; }, s => session = s, () => session = new("nobody", "none")));

try
{
    switch (args[0])
    {
        case "commit" when Arg(1) is string user:
        {
            session = new SessionV1(user, "user");
            var report = await update.UpdateAsync(next is null ? KhoRegistry.Catalog : KhoCatalog.LoadAny(next));
            Console.WriteLine($"committed {report.ImagePath}");
            return 0;
        }
        case "restore":
        {
            var report = await update.RestoreAsync();
            Console.WriteLine(report.NoImage ? "cold start" : $"restored {session.User} from {report.Source}");
            if (report.Refused is not null) Console.WriteLine($"refused: {report.Refused}");
            if (!report.NoImage && finish && await update.FinishAsync()) Console.WriteLine("finished");
            return 0;
        }
        case "serve" when Arg(1) is string user:
        {
            session = new SessionV1(user, "user");
            Console.WriteLine($"address {options.Address}");
            var serving = update.ServeHandoverAsync(e => Console.WriteLine($"attempt failed: {e.Message.Replace('\n', ' ')} | still holding {session.User}"));
            Console.WriteLine($"serving {options.HandoverSocketPath}");
            var report = await serving;
            Console.WriteLine($"handed over {report.ImageBytes} bytes");
            return 0;
        }
        case "read" when Arg(1) is string path:
            try { Console.WriteLine($"read {File.ReadAllBytes(path).Length} bytes"); }
            catch (UnauthorizedAccessException) { Console.WriteLine("denied"); }
            return 0;
        case "plant" when Arg(1) is string path:
            try { File.WriteAllText(path, "garbage"); Console.WriteLine("planted"); }
            catch (UnauthorizedAccessException) { Console.WriteLine("denied"); }
            return 0;
        default:
            return Usage();
    }
}
catch (Exception e) when (e is KhoLiveUpdateException or UnauthorizedAccessException)
{
    Console.WriteLine($"failed: {e.Message.Replace('\n', ' ')}");
    return 3;
}

static int Usage()
{
    Console.Error.WriteLine("usage: PrivateState commit <user> | restore | serve <user> | read <path> | plant <path> [--folder F] [--instance I] [--max-age-ms N] [--allow UID] [--next CATALOG]");
    return 2;
}

[KhoFormat("session", 1)]
public partial record SessionV1(string User, string Role);
