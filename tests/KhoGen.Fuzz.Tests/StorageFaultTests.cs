using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MemfdCache;

namespace KhoGen.Fuzz.Tests;

// The fault is injected into one orchestrator's writes (KhoLiveUpdateOptions.Faults, internal to the
// runtime and visible to this project), so these tests need not run alone.
public class StorageFaultTests
{
    sealed class Cache(ulong pos, List<string> log) : KhoParticipant<MemfdV2>
    {
        protected override ValueTask<MemfdV2> PreserveAsync(CancellationToken ct)
        {
            log.Add("preserve");
            return new(new MemfdV2(pos, 1, new KhoArray<Folio> { [pos] = new Folio(pos, FolioFlags.Dirty) }, Seals.None, 0));
        }

        protected override ValueTask UnpreserveAsync(CancellationToken ct)
        {
            log.Add("unpreserve");
            return default;
        }

        protected override ValueTask UnfreezeAsync(CancellationToken ct)
        {
            log.Add("unfreeze");
            return default;
        }

        protected override ValueTask RetrieveAsync(MemfdV2 state, CancellationToken ct)
        {
            log.Add($"retrieve {state.Pos}");
            return default;
        }
    }

    static KhoLiveUpdate Orchestrator(string path, ulong pos, List<string> log, ImageFaults? faults = null)
    {
        var update = new KhoLiveUpdate(new KhoLiveUpdateOptions { ImagePath = path, Faults = faults ?? ImageFaults.None });
        update.Register(new Cache(pos, log));
        return update;
    }

    [Theory]
    [InlineData(0)]       // nothing written
    [InlineData(40)]      // inside the header
    [InlineData(-50)]     // inside the payload (50 bytes before the end)
    [InlineData(-5)]      // inside the commit record
    public async Task A_full_disk_during_commit_leaves_the_previous_image_intact_and_says_so(long at)
    {
        string dir = Path.Combine(Path.GetTempPath(), "khogen-fault-" + Guid.NewGuid().ToString("N"));   // created 0700 by the commit
        string path = Path.Combine(dir, "handover.img");
        try
        {
            var log = new List<string>();
            await Orchestrator(path, 1, log).UpdateAsync(KhoRegistry.Catalog);
            byte[] previous = File.ReadAllBytes(path);
            long failAt = at >= 0 ? at : previous.Length + at; // the new image has the same length

            log.Clear();
            var full = new ImageFaults { FailAtByte = failAt };
            var e = await Assert.ThrowsAsync<KhoLiveUpdateException>(() => Orchestrator(path, 2, log, full).UpdateAsync(KhoRegistry.Catalog));

            Assert.Equal(KhoPhase.Commit, e.Phase);
            Assert.Contains("No space left on device", e.Message);
            Assert.Contains("no image was written", e.Message);
            Assert.Equal(new[] { "preserve", "unfreeze", "unpreserve" }, log);
            Assert.Equal(previous, File.ReadAllBytes(path));
            Assert.Equal(new[] { path }, Directory.GetFiles(dir)); // no temporary file left behind

            // The previous image still restores.
            log.Clear();
            await Orchestrator(path, 0, log).RestoreAsync();
            Assert.Equal(new[] { "retrieve 1" }, log);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
