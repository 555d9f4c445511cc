using System.Threading.Tasks;
using KhoGen.LiveUpdate.Tests.Formats;
using KhoGen.LiveUpdate.Tests.Support;

namespace KhoGen.LiveUpdate.Tests;

public class ReentrancyTests
{
    [Fact]
    public async Task A_participant_may_wait_on_another_thread_that_uses_the_orchestrator()
    {
        using var dir = new TempDir();
        var writer = new KhoLiveUpdate(new KhoLiveUpdateOptions { ImagePath = dir.File("image") });
        writer.Register(KhoParticipant.Create(() => new AlphaV1(7, "seven"), _ => { }));
        await writer.UpdateAsync(writer.Catalog);

        KhoLiveUpdate reader = null!;
        int seen = 0;
        reader = new KhoLiveUpdate(new KhoLiveUpdateOptions { ImagePath = dir.File("image") });
        // Retrieve blocks on a thread-pool task that reads the orchestrator: no lock may be held here.
        reader.Register(KhoParticipant.Create<AlphaV1>(() => null!, state => seen = Task.Run(() => reader.Participants.Count).Result + state.Value));
        var restore = reader.RestoreAsync();
        Assert.Same(restore, reader.RestoreAsync()); // idempotent: one restore, one task
        await restore.WaitAsync(System.TimeSpan.FromMinutes(1));
        Assert.Equal(1 + 7, seen);
    }
}
