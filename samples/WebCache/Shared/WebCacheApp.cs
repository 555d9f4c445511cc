using System;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KhoGen;
using KhoGen.AspNetCore;
using KhoGen.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace WebCache;

/// <summary>
/// The service, the same in both releases: a cache over HTTP (GET and PUT /cache/{key}), kept across
/// upgrades by KhoGen.Hosting (SIGUSR2 upgrades to KhoGen:NextBuildCatalog), listening through
/// KhoGen.AspNetCore (systemd socket activation is adopted), telling systemd when it is ready.
/// Options: --entries N (filled on a cold start), --KhoGen:ImagePath, --urls. Lines that start
/// with "kho:" are for the load driver to read.
/// </summary>
public static class WebCacheApp
{
    public static async Task<int> RunAsync(string[] args, string release, Func<Store, KhoParticipant> participant)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseKhoListeners();
        int entries = builder.Configuration.GetValue("entries", 1_000_000);

        var store = new Store();
        builder.Services.AddSingleton(store);
        builder.Services.AddKhoParticipant(_ => participant(store));
        builder.Services.AddKhoLiveUpdate();
        builder.Services.AddKhoSystemdNotify();
        builder.Services.AddHostedService(_ => new FillWhenCold(store, entries));

        var app = builder.Build();
        app.MapGet("/cache/{key:long}", (long key) =>
            store.Entries.TryGetValue(key, out long value) ? Results.Text(value.ToString(CultureInfo.InvariantCulture)) : Results.NotFound());
        app.MapPut("/cache/{key:long}", async (long key, HttpRequest request) =>
        {
            using var reader = new System.IO.StreamReader(request.Body);
            if (!long.TryParse(await reader.ReadToEndAsync(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
                return Results.BadRequest("the body is a number");
            store.Entries[key] = value;
            return Results.NoContent();
        });
        app.MapGet("/info", () => Results.Text($"release={release} pid={Environment.ProcessId} entries={store.Entries.Count} origin={store.Origin}"));
        app.MapGet("/verify", () => Results.Text($"{store.Verify(entries)} of {entries}"));

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
            var adopted = app.Services.GetRequiredService<KhoListeners>().Listening.Where(l => !l.Name.Contains(':', StringComparison.Ordinal));
            Console.WriteLine($"kho: release {release} pid {Environment.ProcessId} entries {store.Entries.Count} ({store.Origin})");
            Console.WriteLine($"kho: listening {string.Join(' ', addresses)} adopted {string.Join(' ', adopted.Select(l => l.Name))}".TrimEnd());
            Console.WriteLine("kho: serving");
        });
        app.Lifetime.ApplicationStopping.Register(() => Console.WriteLine("kho: stopping"));
        app.Services.GetRequiredService<IKhoUpgradeTrigger>().Completed += outcome => Console.WriteLine(outcome.Succeeded
            ? $"kho: handed over {Describe(outcome.Report!)}"
            : $"kho: upgrade failed, serving on: {outcome.Error?.Message.ReplaceLineEndings(" ")}");
        // The successor's side of the handover it took over by, with the blackout (its first accept is this request's, or earlier).
        app.MapGet("/handover", async (KhoLiveUpdate update, KhoListeners listeners) =>
        {
            var report = await update.RestoreAsync();
            if (report.Handover is not { } h) return Results.NotFound();
            return Results.Text(string.Create(CultureInfo.InvariantCulture,
                $"from process {h.PeerProcessId}: entries {string.Join(',', report.Retrieved.Select(e => $"{e.Id}:{e.Bytes}"))} " +
                $"read {report.ReadTime.TotalMilliseconds:F3} ms retrieve {report.RetrieveTime.TotalMilliseconds:F3} ms " +
                $"wait {h.WaitTime.TotalMilliseconds:F3} ms transfer {h.TransferTime.TotalMilliseconds:F3} ms " +
                $"blackout {h.BlackoutUntil(listeners.FirstAcceptedAt)?.TotalMilliseconds:F3} ms"));
        });
        try
        {
            // RunKhoAsync: --KhoGen:Verify=<image> verifies a snapshot without starting (docs/operations.md#verify-mode).
            return await app.RunKhoAsync();
        }
        catch (Exception e) when ((e is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerException : e) is KhoLiveUpdateException failed)
        {
            // The restore failed (before the point of no return: the running release serves on). Say so in one line, and fail.
            Console.Error.WriteLine($"kho: restore failed ({failed.Phase}): {failed.Message.ReplaceLineEndings(" ")}");
            return 2;
        }
    }

    /// <summary>The running build's side of a handover, in one line.</summary>
    static string Describe(KhoUpdateReport r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.ImageBytes} bytes, entries {string.Join(',', r.Entries.Select(e => $"{e.Id}:{e.Bytes}"))} to process {r.SuccessorProcessId}: " +
        $"wait {r.Handover?.WaitTime.TotalMilliseconds:F3} ms preserve {r.PreserveTime.TotalMilliseconds:F3} ms freeze {r.FreezeTime.TotalMilliseconds:F3} ms " +
        $"commit {r.CommitTime.TotalMilliseconds:F3} ms transfer {r.Handover?.TransferTime.TotalMilliseconds:F3} ms");

    /// <summary>Fills the cache when nothing was restored: after the restore (StartingAsync runs in registration order), before serving.</summary>
    sealed class FillWhenCold(Store store, int entries) : IHostedLifecycleService
    {
        public Task StartingAsync(CancellationToken cancellationToken)
        {
            if (store.Entries.IsEmpty) store.Fill(entries);
            else if (Store.Fault == "die-after-commit")
            {
                // Restored: the previous release has confirmed and is stopping. Die as a crash would (SIGKILL).
                Console.WriteLine("kho: dying after the point of no return");
                System.Diagnostics.Process.GetCurrentProcess().Kill();
            }
            return Task.CompletedTask;
        }

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
