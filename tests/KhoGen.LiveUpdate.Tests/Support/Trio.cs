using System;
using System.Linq;
using KhoGen.LiveUpdate.Tests.Formats;

namespace KhoGen.LiveUpdate.Tests.Support;

/// <summary>Three probes (alpha, beta, gamma) sharing one journal, registered in that order.</summary>
public sealed class Trio
{
    public Trio(int seed, string[]? alphaDependsOn = null, string[]? betaDependsOn = null, string[]? gammaDependsOn = null)
    {
        Alpha = new Probe<AlphaV1>(Journal, AlphaState(seed), alphaDependsOn ?? Array.Empty<string>());
        Beta = new Probe<BetaV1>(Journal, BetaState(seed), betaDependsOn ?? Array.Empty<string>());
        Gamma = new Probe<GammaV1>(Journal, GammaState(seed), gammaDependsOn ?? Array.Empty<string>());
    }

    public static readonly string[] Formats = { "alpha", "beta", "gamma" };

    public Journal Journal { get; } = new();
    public Probe<AlphaV1> Alpha { get; }
    public Probe<BetaV1> Beta { get; }
    public Probe<GammaV1> Gamma { get; }

    public KhoParticipant[] All => new KhoParticipant[] { Alpha, Beta, Gamma };

    public static AlphaV1 AlphaState(int seed) => new(seed, $"alpha state {seed}");
    public static BetaV1 BetaState(int seed) => new(seed * 1000L, seed / 7.0);
    public static GammaV1 GammaState(int seed) => new(new Guid(seed, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10), new DateTime(2025, 9, 4, 14, 57, seed % 60, DateTimeKind.Utc));

    /// <summary>Whether every probe holds the states of <paramref name="seed"/>.</summary>
    public bool Holds(int seed) =>
        Alpha.State == AlphaState(seed) && Beta.State == BetaState(seed) && Gamma.State == GammaState(seed);

    /// <summary>Makes the probe of <paramref name="format"/> throw once in <paramref name="phase"/>.</summary>
    public void FailOnce(string format, string phase)
    {
        switch (format)
        {
            case "alpha": Alpha.FailOnce.Add(phase); break;
            case "beta": Beta.FailOnce.Add(phase); break;
            case "gamma": Gamma.FailOnce.Add(phase); break;
            default: throw new ArgumentException(format);
        }
    }

    public void SetReady(string format, bool ready)
    {
        switch (format)
        {
            case "alpha": Alpha.Ready = ready; break;
            case "beta": Beta.Ready = ready; break;
            case "gamma": Gamma.Ready = ready; break;
            default: throw new ArgumentException(format);
        }
    }

    /// <summary>An orchestrator with the three probes registered, writing and reading <paramref name="image"/>.</summary>
    public KhoLiveUpdate Orchestrator(string image, KhoCatalog? catalog = null, params string[] only)
    {
        var update = new KhoLiveUpdate(new KhoLiveUpdateOptions { ImagePath = image, Catalog = catalog });
        foreach (var p in All.Where(p => only.Length == 0 || only.Contains(p.Format))) update.Register(p);
        return update;
    }

    /// <summary>Journal lines for <paramref name="phase"/> of the given formats, in the given order.</summary>
    public static string[] Calls(string phase, params string[] formats) => formats.Select(f => $"{f}.{phase}").ToArray();
}
