using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace KhoGen.Testing.Tests;

/// <summary>
/// The law on recorded samples: a running build (here, this process with the samples' older
/// versions) writes a real snapshot, its payloads are recorded as a baseline's samples
/// (<see cref="KhoSamples.Record"/>, what <c>khogen baseline --samples</c> runs), and the next
/// release's tests check them with <see cref="KhoConversionLaw.CheckSamples"/>.
/// </summary>
public sealed class RecordedSampleTests : IDisposable
{
    readonly string _dir = Path.Combine(Path.GetTempPath(), "khogen-testing-tests", Guid.NewGuid().ToString("N"));

    public RecordedSampleTests()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_dir)!);
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(_dir);
        else Directory.CreateDirectory(_dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    sealed class Holder<T>(T state) : KhoParticipant<T> where T : IKhoFormat<T>
    {
        protected override ValueTask<T> PreserveAsync(CancellationToken cancellationToken) => new(state);
        protected override ValueTask RetrieveAsync(T value, CancellationToken cancellationToken) => default;
    }

    /// <summary>The running release's state: memfd-v1, session-v2 and gauge-v1, snapshotted and recorded.</summary>
    async Task<string> RecordAsync(int gaugeReading)
    {
        var folios = new KhoArray<global::MemfdCache.Folio>();
        for (ulong i = 0; i < 50; i++) folios[i * 4099 + (1UL << 33)] = new global::MemfdCache.Folio(i * 17, (global::MemfdCache.FolioFlags)(i % 4));
        var sessions = new Dictionary<string, global::SessionStore.SessionV2>
        {
            ["t-1"] = new("ann", new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.FromHours(2)), TimeSpan.FromMinutes(30)),
            ["t-2"] = new("bo", new DateTimeOffset(2025, 12, 24, 8, 30, 0, TimeSpan.Zero), TimeSpan.FromHours(8)),
        };
        var running = new KhoLiveUpdate(new KhoLiveUpdateOptions { ImagePath = Path.Combine(_dir, "service.img") });
        running.Register(new Holder<global::MemfdCache.MemfdV1>(new(4096, 1 << 20, folios)));
        running.Register(new Holder<global::SessionStore.SessionsV2>(new(sessions)));
        running.Register(new Holder<GaugeV1>(new(gaugeReading)));
        var snapshot = await running.WriteSnapshotAsync(Path.Combine(_dir, "service.snapshot"));

        string baselines = Path.Combine(_dir, "baselines");
        var recorded = KhoSamples.Record(snapshot.Path, KhoRegistry.Catalog, KhoSamples.FolderFor(baselines, KhoRegistry.Catalog));
        Assert.Equal(new[] { "memfd-v1", "session-v2", "gauge-v1" }, recorded.Select(r => r.Id));
        Assert.All(recorded, r => Assert.True(File.Exists(r.Path)));
        return KhoSamples.FolderFor(baselines, KhoRegistry.Catalog);
    }

    [Fact]
    public async Task The_samples_formats_keep_the_recorded_state()
    {
        string samples = await RecordAsync(gaugeReading: 1200);

        var memfd = KhoConversionLaw.CheckSamples(typeof(global::MemfdCache.MemfdV2).Assembly, samples);
        var sessions = KhoConversionLaw.CheckSamples(typeof(global::SessionStore.SessionsV3).Assembly, samples);

        Assert.Equal(new[] { ("memfd-v1", 1, false) }, memfd.Results.Select(r => (r.Id, r.Samples, r.Lossy)));
        // session-v2 -> v3 -> v2 drops the offset (marked Lossy): read, upgraded and downgraded, bytes not compared.
        Assert.Equal(new[] { ("session-v2", 1, true) }, sessions.Results.Select(r => (r.Id, r.Samples, r.Lossy)));
        Assert.Equal("gauge-v1", Assert.Single(KhoConversionLaw.CheckSamples(typeof(GaugeV1).Assembly, samples).Results).Id);
    }

    [Fact]
    public async Task A_recorded_sample_that_breaks_the_law_is_named()
    {
        string samples = await RecordAsync(gaugeReading: 1234);

        var e = Assert.Throws<KhoConversionLawException>(() => KhoConversionLaw.CheckSamples(typeof(GaugeV1).Assembly, samples));

        string gauge = Path.GetFileName(Directory.GetFiles(samples, "gauge-v1.*.bin").Single());
        Assert.Contains($"gauge-v1 -> gauge-v2 -> gauge-v1: recorded sample {gauge} came back different", e.Message);
    }

    [Fact]
    public async Task A_truncated_or_misnamed_sample_file_is_a_format_error()
    {
        string samples = await RecordAsync(gaugeReading: 1200);
        string memfd = Directory.GetFiles(samples, "memfd-v1.*.bin").Single();
        byte[] bytes = File.ReadAllBytes(memfd);
        File.WriteAllBytes(memfd, bytes[..^3]);

        var truncated = Assert.Throws<KhoFormatException>(() => KhoConversionLaw.CheckSamples(typeof(global::MemfdCache.MemfdV2).Assembly, samples));
        Assert.Contains(memfd, truncated.Message);
        Assert.Contains("truncated or edited", truncated.Message);

        File.Delete(memfd);
        string stray = Path.Combine(samples, "memfd-v1.bin");
        File.WriteAllBytes(stray, bytes);
        var misnamed = Assert.Throws<KhoFormatException>(() => KhoSamples.Load(samples));
        Assert.Contains(stray + ": not a sample file", misnamed.Message);
    }

    [Fact]
    public async Task Recording_refuses_an_image_that_is_not_valid_or_not_of_the_build()
    {
        string snapshot = Path.Combine(_dir, "service.snapshot");
        var running = new KhoLiveUpdate(new KhoLiveUpdateOptions { ImagePath = Path.Combine(_dir, "service.img") });
        running.Register(new Holder<GaugeV1>(new(5)));
        await running.WriteSnapshotAsync(snapshot);
        string folder = Path.Combine(_dir, "samples");

        var other = new KhoCatalog("Other", "1.0.0.0", KhoRegistry.Catalog.Formats.Where(f => f.Name != "gauge"), KhoRegistry.Catalog.Data, KhoRegistry.Catalog.Enums);
        var notOfTheBuild = Assert.Throws<KhoFormatException>(() => KhoSamples.Record(snapshot, other, folder));
        Assert.Contains("the entry gauge-v1 is not a version of Other 1.0.0.0", notOfTheBuild.Message);

        byte[] bytes = File.ReadAllBytes(snapshot);
        File.WriteAllBytes(snapshot, bytes[..^40]);
        var truncated = Assert.Throws<KhoFormatException>(() => KhoSamples.Record(snapshot, KhoRegistry.Catalog, folder));
        Assert.Contains("invalid handover image", truncated.Message);
        Assert.False(Directory.Exists(folder), "nothing is written from an image that did not pass");
    }
}
