using System;
using System.Threading;
using System.Threading.Tasks;

namespace KhoGen.Hosting;

/// <summary>Starts a live update of the running service to a next build.</summary>
public interface IKhoUpgradeTrigger
{
    /// <summary>
    /// Negotiates with the next build (its catalog JSON, or its built assembly, read without running
    /// it), applies the write switches of <c>KhoGen:WriteEnabled</c>, preserves, freezes and commits
    /// the image; then stops the host when <see cref="KhoHostingOptions.StopAfterUpgrade"/> is set.
    /// </summary>
    /// <exception cref="KhoLiveUpdateException">Negotiation refused the upgrade, or a phase failed (and was undone).</exception>
    /// <exception cref="KhoFormatException">The file is neither a catalog nor an assembly with one.</exception>
    Task<KhoUpdateReport> RequestUpgradeAsync(string nextBuildCatalogOrAssemblyPath, CancellationToken cancellationToken = default);

    /// <summary>
    /// Raised after every upgrade attempt, with its report or its failure: requested, signalled, each
    /// attempt of a successor on the handover socket (its <see cref="KhoUpgradeOutcome.NextBuild"/> is
    /// the socket's path), and a successor started by the signal that could not start or exited
    /// before taking over (its command).
    /// </summary>
    event Action<KhoUpgradeOutcome>? Completed;
}

/// <summary>How an upgrade attempt ended.</summary>
/// <param name="NextBuild">The catalog or assembly path it was asked for.</param>
/// <param name="Report">What was written, when it committed.</param>
/// <param name="Error">Why it did not, otherwise.</param>
public sealed record KhoUpgradeOutcome(string NextBuild, KhoUpdateReport? Report, Exception? Error)
{
    /// <summary>The image was committed.</summary>
    public bool Succeeded => Report is not null;
}
