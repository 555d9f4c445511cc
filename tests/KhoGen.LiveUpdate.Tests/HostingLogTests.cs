using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using KhoGen.Hosting;
using KhoGen.LiveUpdate.Tests.Formats;
using KhoGen.LiveUpdate.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KhoGen.LiveUpdate.Tests;

/// <summary>
/// KhoGen.Hosting's log events, by their stable event ids, for a successful update and restore, a
/// refused negotiation and a failed restore. In the registry collection, as HostingTests.
/// </summary>
[Collection(RegistryCollection.Name)]
public sealed class HostingLogTests : IDisposable
{
    readonly TempDir _dir = new();
    readonly LogSink _log = new();

    public void Dispose() => _dir.Dispose();

    string Image => _dir.File("service.img");

    static readonly MemfdV2 Memfd = new(1, 2, new KhoArray<Folio>(), Seals.Write, 3);

    IHost Build(Action<MemfdV2> retrieve)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["KhoGen:ImagePath"] = Image, ["KhoGen:UpgradeSignal"] = "0" });
        builder.Logging.AddProvider(_log);
        builder.Services.AddKhoLiveUpdate();
        builder.Services.AddKhoParticipant(_ => KhoParticipant.Create(() => Memfd, retrieve));
        return builder.Build();
    }

    string Catalog(KhoCatalog catalog)
    {
        string path = _dir.File(Guid.NewGuid().ToString("N") + ".kho.json");
        File.WriteAllText(path, catalog.ToJson());
        return path;
    }

    async Task<IHost> UpdatedHost()
    {
        var a = Build(_ => { });
        await a.StartAsync();
        await a.Services.GetRequiredService<IKhoUpgradeTrigger>().RequestUpgradeAsync(Catalog(Catalogs.Own));
        await a.StopAsync();
        return a;
    }

    [Fact]
    public async Task A_successful_update_and_restore_log_cold_start_committed_and_restored()
    {
        using var a = await UpdatedHost();
        using var b = Build(_ => { });
        await b.StartAsync();
        await b.StopAsync();
        Assert.Equal(new[] { (1003, "ColdStart"), (1031, "UpdateCommitted"), (1004, "Restored") },
            _log.Events.Where(e => e.Category == "KhoGen.Hosting" && e.Id.Id is 1003 or 1031 or 1004).Select(e => (e.Id.Id, e.Id.Name!)));
        Assert.Contains(_log.Events, e => e.Id.Id == 1031 && e.Message.Contains("memfd-v2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refused_negotiation_logs_UpdateFailed_with_the_refusal()
    {
        using var a = Build(_ => { });
        await a.StartAsync();
        var nothingInCommon = Catalogs.Edit(Catalogs.Own, root => root["formats"]!.AsArray().Clear());
        await Assert.ThrowsAsync<KhoLiveUpdateException>(() => a.Services.GetRequiredService<IKhoUpgradeTrigger>().RequestUpgradeAsync(Catalog(nothingInCommon)));
        await a.StopAsync();
        var failed = Assert.Single(_log.Events, e => e.Id.Id == 1030);
        Assert.Equal((LogLevel.Error, "UpdateFailed", KhoPhase.Negotiate), (failed.Level, failed.Id.Name, Assert.IsType<KhoLiveUpdateException>(failed.Exception).Phase));
    }

    [Fact]
    public async Task A_failed_restore_logs_RestoreFailed_and_the_host_does_not_start()
    {
        using var a = await UpdatedHost();
        using var b = Build(_ => throw new InvalidOperationException("cannot take this state"));
        await Assert.ThrowsAsync<KhoLiveUpdateException>(() => b.StartAsync());
        var failed = Assert.Single(_log.Events, e => e.Id.Id == 1001);
        Assert.Equal((LogLevel.Critical, "RestoreFailed"), (failed.Level, failed.Id.Name));
        Assert.Contains("cannot take this state", failed.Exception!.Message);
    }

    sealed record LogEvent(string Category, LogLevel Level, EventId Id, string Message, Exception? Exception);

    sealed class LogSink : ILoggerProvider
    {
        readonly List<LogEvent> _events = new();

        public IReadOnlyList<LogEvent> Events { get { lock (_events) return _events.ToList(); } }

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose() { }

        sealed class Logger(LogSink sink, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (sink._events) sink._events.Add(new LogEvent(category, logLevel, eventId, formatter(state, exception), exception));
            }
        }
    }
}
