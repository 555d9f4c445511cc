using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using KhoGen.Hosting;
using KhoGen.LiveUpdate.Tests.Formats;
using KhoGen.LiveUpdate.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace KhoGen.LiveUpdate.Tests;

/// <summary>
/// <c>KhoGen:HandoverSocket</c> on the generic host: the running host serves the socket, the next
/// host takes the state through it before it starts, the running host stops, nothing is left.
/// Two hosts in one process stand for two builds.
/// </summary>
[Collection(RegistryCollection.Name)]
public sealed class HostedHandoverTests
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    static IHost Build(string folder, bool serve)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["KhoGen:RuntimeFolder"] = folder,
            ["KhoGen:InstanceName"] = "hosted",
            ["KhoGen:HandoverSocket"] = serve ? "true" : "false",
            ["KhoGen:UpgradeSignal"] = "0",
        });
        builder.Services.AddSingleton<CounterStore>();
        builder.Services.AddKhoLiveUpdate();
        builder.Services.AddKhoParticipant<CounterParticipant>();
        return builder.Build();
    }

    [Fact]
    public async Task A_host_serving_the_handover_socket_hands_its_state_to_the_next_host_and_stops()
    {
        using var dir = new TempDir();
        using var listening = new FileSystemWatcher(dir.Path, "*.sock") { EnableRaisingEvents = true };
        var socketCreated = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        listening.Created += (_, e) => socketCreated.TrySetResult(e.FullPath);

        using var old = Build(dir.Path, serve: true);
        var outcome = new TaskCompletionSource<KhoUpgradeOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        old.Services.GetRequiredService<IKhoUpgradeTrigger>().Completed += o => outcome.TrySetResult(o);
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        old.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() => stopping.TrySetResult());
        await old.StartAsync();
        old.Services.GetRequiredService<CounterStore>().Value = new AlphaV1(9, "handed over");
        string socket = await socketCreated.Task.WaitAsync(Patience);
        Assert.Equal(Path.Combine(dir.Path, $"{old.Services.GetRequiredService<KhoLiveUpdate>().Options.ServiceName}.hosted.sock"), socket);

        using var next = Build(dir.Path, serve: false);
        await next.StartAsync();

        Assert.Equal(new AlphaV1(9, "handed over"), next.Services.GetRequiredService<CounterStore>().Value);
        Assert.Equal(0, next.Services.GetRequiredService<CounterStore>().ColdStarts);
        var result = await outcome.Task.WaitAsync(Patience);
        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal(socket, result.NextBuild);
        await stopping.Task.WaitAsync(Patience);   // StopAfterUpgrade
        await old.StopAsync();
        Assert.True(await next.Services.GetRequiredService<KhoLiveUpdateService>().Finished.WaitAsync(Patience));
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
        await next.StopAsync();
    }
}
