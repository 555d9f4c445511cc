using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HostedCache;
using KhoGen;
using KhoGen.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// A service on the .NET generic host. KhoGen restores its cache before it starts serving; an upgrade
// request (IKhoUpgradeTrigger, or SIGUSR2 with KhoGen:NextBuildCatalog set) hands it to the next build.
//
//   dotnet run --project samples/HostedCache -- --image /tmp/quotes.img --fill 1000 --upgrade-to <next build's dll or .kho.json>
//   dotnet run --project samples/HostedCache -- --image /tmp/quotes.img
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddSingleton<QuoteCache>();
builder.Services.AddKhoParticipant<QuoteParticipant>();
builder.Services.AddKhoLiveUpdate(options =>
{
    if (Arg(args, "--image") is string image) options.LiveUpdate.ImagePath = image;
});
builder.Services.AddHostedService<Service>();
await builder.Build().RunAsync();

static string? Arg(string[] args, string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

/// <summary>The service's own work: here it reports its cache, fills it, and asks for an upgrade when told to.</summary>
sealed class Service(QuoteCache cache, IKhoUpgradeTrigger upgrade, IHostApplicationLifetime lifetime, string[] args) : BackgroundService
{
    public Service(QuoteCache cache, IKhoUpgradeTrigger upgrade, IHostApplicationLifetime lifetime)
        : this(cache, upgrade, lifetime, Environment.GetCommandLineArgs()) { }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Restore already ran: the hosted KhoGen service does it before any other service starts.
        Console.WriteLine($"started: {cache.Quotes.Count} quotes ({cache.Origin})");
        if (int.TryParse(Value("--fill"), out int fill))
        {
            for (int i = 0; i < fill; i++)
                cache.Quotes[$"SYM{i:D5}"] = new Quote(100m + i / 100m, 100.01m + i / 100m, i);
            Console.WriteLine($"filled: {cache.Quotes.Count} quotes");
        }
        if (Value("--upgrade-to") is string next)
        {
            KhoUpdateReport report = await upgrade.RequestUpgradeAsync(next, stoppingToken);
            Console.WriteLine($"upgraded: wrote {string.Join(", ", report.Entries.Select(e => $"{e.Id} ({e.Bytes} bytes)"))}");
            return; // the host stops after a committed upgrade
        }
        lifetime.StopApplication(); // a sample: real services keep serving here
    }

    string? Value(string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
