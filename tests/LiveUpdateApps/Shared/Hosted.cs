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
/// finishes the live update once the host has started. <paramref name="hostArgs"/> are the host's
/// command line (<c>--KhoGen:Verify=…</c>, <c>--KhoGen:SnapshotSignal=10</c>…); the host runs through
/// <see cref="KhoHostExtensions.RunKhoAsync"/>, so verify mode returns its exit code.
/// </summary>
static class Hosted
{
    public static async Task<int> RunAsync<T>(string image, Func<T> preserve, Action<T> retrieve, Action coldStart,
        Func<IKhoUpgradeTrigger, CancellationToken, Task<int>> work, string[]? hostArgs = null) where T : IKhoFormat<T>
    {
        var builder = Host.CreateApplicationBuilder(hostArgs ?? Array.Empty<string>());
        builder.Logging.ClearProviders(); // stdout is the test's: only what the modes print, and the snapshot events
        builder.Logging.AddProvider(new SnapshotEvents());
        builder.Services.AddKhoParticipant(_ => KhoParticipant.Create(preserve, retrieve, coldStart));
        builder.Services.AddKhoLiveUpdate(options => options.LiveUpdate.ImagePath = image);
        int exit = 0;
        builder.Services.AddHostedService(services => new Work(async ct => exit = await work(services.GetRequiredService<IKhoUpgradeTrigger>(), ct),
            services.GetRequiredService<IHostApplicationLifetime>()));
        try
        {
            int code = await builder.Build().RunKhoAsync();
            return code != 0 ? code : exit;
        }
        catch (KhoLiveUpdateException e)
        {
            Console.Error.WriteLine($"refused in {e.Phase}: {e.Message}");
            return 3;
        }
    }

    sealed class Work(Func<CancellationToken, Task> run, IHostApplicationLifetime lifetime) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            try { await run(stoppingToken); }
            finally { lifetime.StopApplication(); }
        }
    }

    /// <summary>Prints KhoGen.Hosting's snapshot events (ids 1070, 1071) as "log {id} {message}": the tests wait for them.</summary>
    sealed class SnapshotEvents : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => categoryName == "KhoGen.Hosting" ? this : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        public void Dispose() { }
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id is 1070 or 1071) Console.WriteLine($"log {eventId.Id} {formatter(state, exception)}{(exception is null ? "" : " " + exception.Message)}");
        }
    }
}
