using System;

namespace KhoGen.Hosting;

/// <summary>What the KhoGen health check (<c>AddHealthChecks().AddKhoLiveUpdate()</c>) reports unhealthy.</summary>
public sealed class KhoHealthOptions
{
    /// <summary>
    /// How long after the restore the handover may stay unfinished (a participant that cannot
    /// finish keeps the image and the old build's resources) before the check says so. 5 minutes.
    /// </summary>
    public TimeSpan FinishTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The next build's catalog JSON or assembly, checked against this build's run-time catalog
    /// (write switches applied): a format it cannot be handed is unhealthy. Defaults to
    /// <see cref="KhoHostingOptions.NextBuildCatalog"/> (<c>KhoGen:NextBuildCatalog</c>); no check without one.
    /// </summary>
    public string? NextBuildCatalog { get; set; }
}
