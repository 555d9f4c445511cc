using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace KhoGen.Testing.Tests;

/// <summary>
/// <see cref="KhoLiveUpdate.VerifyImage"/> on real state that breaks the conversion law: a gauge-v1
/// reading that is not a whole hundred comes back rounded.
/// </summary>
public sealed class VerifyLawTests : IDisposable
{
    readonly string _dir = Path.Combine(Path.GetTempPath(), "khogen-testing-tests", Guid.NewGuid().ToString("N"));

    public VerifyLawTests()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_dir)!);
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(_dir);
        else Directory.CreateDirectory(_dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    sealed class Gauge<T>(T state) : KhoParticipant<T> where T : IKhoFormat<T>
    {
        protected override ValueTask<T> PreserveAsync(CancellationToken cancellationToken) => new(state);
        protected override ValueTask RetrieveAsync(T value, CancellationToken cancellationToken) => default;
    }

    [Fact]
    public async Task An_entry_whose_conversions_lose_data_is_named_with_where_it_differs()
    {
        // The running build's gauge is still v1 (a reading of 1234); the next build's is v2 (hundreds).
        string image = Path.Combine(_dir, "service.img");
        var own = KhoRegistry.Catalog;
        var onlyV1 = new KhoCatalog(own.AssemblyName, own.AssemblyVersion,
            own.Formats.Select(f => f.Name == "gauge" ? new KhoFormatEntry(f.Name, f.Versions.Where(v => v.Version == 1)) : f), own.Data, own.Enums);
        var running = new KhoLiveUpdate(new KhoLiveUpdateOptions { ImagePath = image, Catalog = onlyV1 });
        running.Register(new Gauge<GaugeV1>(new GaugeV1(1234)));
        await running.UpdateAsync(onlyV1);

        var next = new KhoLiveUpdate(new KhoLiveUpdateOptions { ImagePath = Path.Combine(_dir, "next.img") });
        next.Register(new Gauge<GaugeV2>(new GaugeV2(0)));
        var report = next.VerifyImage(image);

        Assert.False(report.Ok);
        var entry = Assert.Single(report.Entries);
        Assert.Equal("gauge-v1", entry.Id);
        Assert.StartsWith("the conversions gauge-v1 -> gauge-v2 -> gauge-v1 break the law: upgraded to gauge-v2 and downgraded back, it differs from byte ", entry.Problem);
        Assert.Contains("a conversion of the pair loses data", entry.Problem);

        // A reading the pair keeps passes.
        running = new KhoLiveUpdate(new KhoLiveUpdateOptions { ImagePath = image, Catalog = onlyV1 });
        running.Register(new Gauge<GaugeV1>(new GaugeV1(1200)));
        await running.UpdateAsync(onlyV1);
        Assert.True(next.VerifyImage(image).Ok);
    }
}
