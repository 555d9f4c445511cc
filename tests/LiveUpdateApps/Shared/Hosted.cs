using System;
using System.Threading;
using System.Threading.Tasks;
using KhoGen;
using KhoGen.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CacheService;

/// <summary>
/// The service on the .NET generic host with KhoGen.Hosting, as both builds run it in the
/// "hosted-…" modes: the host restores the cache before <paramref name="work"/> starts, and
/// finishes the live update once the host has started.
/// </summary>
static class Hosted
{
    public static async Task<int> RunAsync<T>(string image, Func<T> preserve, Action<T> retrieve, Action coldStart,
        Func<IKhoUpgradeTrigger, CancellationToken, Task<int>> work) where T : IKhoFormat<T>
    {
        var builder = Host.CreateApplicationBuilder(Array.Empty<string>());
        builder.Logging.ClearProviders(); // stdout is the test's: only what the modes print
        builder.Services.AddKhoParticipant(_ => KhoParticipant.Create(preserve, retrieve, coldStart));
        builder.Services.AddKhoLiveUpdate(options => options.LiveUpdate.ImagePath = image);
        int exit = 0;
        builder.Services.AddHostedService(services => new Work(async ct => exit = await work(services.GetRequiredService<IKhoUpgradeTrigger>(), ct),
            services.GetRequiredService<IHostApplicationLifetime>()));
        try
        {
            await builder.Build().RunAsync();
        }
        catch (KhoLiveUpdateException e)
        {
            Console.Error.WriteLine($"refused in {e.Phase}: {e.Message}");
            return 3;
        }
        return exit;
    }

    sealed class Work(Func<CancellationToken, Task> run, IHostApplicationLifetime lifetime) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            try { await run(stoppingToken); }
            finally { lifetime.StopApplication(); }
        }
    }
}
