using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using KhoGen.AspNetCore.Tests.Support;
using KhoGen.Hosting;
using WebCache.Load;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KhoGen.AspNetCore.Tests;

/// <summary>
/// The telemetry of a zero-downtime handover, read with a MeterListener and an ActivityListener:
/// two web hosts in this process (the running build serving the handover socket, and its
/// successor), the state and the listening socket going through the socket, and the successor's
/// first accepted connection ending the blackout.
/// </summary>
public sealed class HandoverTelemetryTests
{
    sealed class Recorder : IDisposable
    {
        readonly MeterListener _meters = new();
        readonly ActivityListener _activities;
        readonly List<(string Name, double Value, Dictionary<string, object?> Tags)> _measurements = [];
        readonly List<Activity> _stopped = [];

        public Recorder()
        {
            _meters.InstrumentPublished = (i, l) => { if (i.Meter.Name == KhoTelemetry.Name) l.EnableMeasurementEvents(i); };
            _meters.SetMeasurementEventCallback<double>((i, v, tags, _) =>
            {
                var copy = new Dictionary<string, object?>();
                foreach (var t in tags) copy[t.Key] = t.Value;
                lock (_measurements) _measurements.Add((i.Name, v, copy));
            });
            _meters.Start();
            _activities = new ActivityListener
            {
                ShouldListenTo = s => s.Name == KhoTelemetry.Name,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = a => { lock (_stopped) _stopped.Add(a); },
            };
            ActivitySource.AddActivityListener(_activities);
        }

        public IReadOnlyList<(double Value, Dictionary<string, object?> Tags)> Of(string name)
        {
            lock (_measurements) return _measurements.Where(m => m.Name == name).Select(m => (m.Value, m.Tags)).ToList();
        }

        public IReadOnlyList<Activity> Activities
        {
            get { lock (_stopped) return _stopped.ToList(); }
        }

        public void Dispose()
        {
            _meters.Dispose();
            _activities.Dispose();
        }
    }

    static async Task<WebApplication> StartAsync(string runtimeFolder, string name, bool running, System.Net.IPEndPoint endpoint)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKhoListeners(o => o.SystemdSocketActivation = false);
        // Both builds are configured with one endpoint: the successor's Kestrel takes the adopted socket for it instead of binding.
        builder.WebHost.ConfigureKestrel(k => k.Listen(endpoint));
        builder.Services.AddKhoLiveUpdate(o =>
        {
            o.LiveUpdate.RuntimeFolder = runtimeFolder;
            o.LiveUpdate.ServiceName = "telemetry";
            o.LiveUpdate.InstanceName = "t1";
            o.ServeHandover = running;
            o.UpgradeSignal = 0;
        });
        var web = builder.Build();
        web.MapGet("/", () => name);
        await web.StartAsync().WaitAsync(ServiceProcess.Timeout);
        return web;
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task A_restore_through_the_handover_socket_and_the_blackout_are_measured()
    {
        using var temp = new TempDir();
        string runtime = Directory.CreateDirectory(temp.File("run"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute).FullName;
        using var recorder = new Recorder();
        await using var running = await StartAsync(runtime, "running", running: true, new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        var bound = (System.Net.IPEndPoint)Assert.Single(running.Services.GetRequiredService<KhoListeners>().Listening).EndPoint;
        await WaitUntilListeningAsync(Path.Combine(runtime, "telemetry.t1.sock"));

        await using var successor = await StartAsync(runtime, "successor", running: false, bound);
        var restored = await successor.Services.GetRequiredService<KhoLiveUpdate>().RestoreAsync();
        Assert.StartsWith("handover socket ", restored.Source);
        var handover = Assert.IsType<KhoHandoverReport>(restored.Handover);
        Assert.True(handover.StoppedAcceptingAt > 0);
        var listeners = successor.Services.GetRequiredService<KhoListeners>();
        var (_, endpoint) = Assert.Single(listeners.Listening);

        using var http = new HttpClient();
        Assert.Equal("successor", await http.GetStringAsync($"http://{endpoint}/"));

        // The successor's wait and transfer, as its report says; the running build's too.
        var durations = recorder.Of("khogen.handover.duration");
        double Duration(string side, string phase) => durations.Single(m => Equals(m.Tags["khogen.side"], side) && Equals(m.Tags["khogen.handover.phase"], phase)).Value;
        Assert.Equal(handover.WaitTime.TotalSeconds, Duration("successor", "wait"));
        Assert.Equal(handover.TransferTime.TotalSeconds, Duration("successor", "transfer"));
        Assert.True(Duration("running", "transfer") > 0);
        Assert.True(Duration("running", "wait") >= 0);

        // The blackout: from the running build's stop-accepting to the successor's first accept, recorded once.
        TimeSpan blackout = handover.BlackoutUntil(listeners.FirstAcceptedAt)!.Value;
        Assert.True(blackout > TimeSpan.Zero);
        double recorded = Assert.Single(recorder.Of("khogen.live_update.blackout")).Value;
        Assert.Equal(blackout.TotalSeconds, recorded);
        Assert.Equal("successor", await http.GetStringAsync($"http://{endpoint}/"));
        Assert.Single(recorder.Of("khogen.live_update.blackout"));

        // The restore's trace says where the state came from.
        var restore = Assert.Single(recorder.Activities, a => a.OperationName == "khogen.restore" && Equals(a.GetTagItem("khogen.source"), "handover_socket"));
        Assert.Equal("ok", restore.GetTagItem("khogen.outcome"));
    }

    /// <summary>Until the Unix socket at <paramref name="path"/> listens (/proc/net/unix flags __SO_ACCEPTCON): connecting earlier would be refused.</summary>
    static async Task WaitUntilListeningAsync(string path)
    {
        using var timeout = new CancellationTokenSource(ServiceProcess.Timeout);
        while (!timeout.IsCancellationRequested)
        {
            foreach (string line in File.ReadLines("/proc/net/unix").Skip(1))
            {
                string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (f.Length >= 8 && f[7] == path && (int.Parse(f[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture) & 0x10000) != 0) return;
            }
            await Task.Yield();
        }
        Assert.Fail($"{path} never listened");
    }
}
