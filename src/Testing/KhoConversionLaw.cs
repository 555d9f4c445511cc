using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace KhoGen.Testing;

/// <summary>
/// The conversion law (docs/conversion-law.md): for a state written by version n of a format,
/// upgrading it to the latest version and downgrading it back to n gives the same bytes, unless a
/// conversion pair on the way is marked <c>Lossy</c>. Checked on random values of every version
/// the latest version both reads and writes; call it from your own tests.
/// </summary>
/// <remarks>Uses reflection to find formats and build values: test code, not for the service itself.</remarks>
public static class KhoConversionLaw
{
    /// <summary>Checks every format declared in <paramref name="assembly"/>.</summary>
    /// <exception cref="KhoConversionLawException">A version's state does not come back the same, or a conversion throws.</exception>
    public static KhoConversionLawReport Check(Assembly assembly, int samples = 100, int seed = 1)
    {
        if (assembly is null) throw new ArgumentNullException(nameof(assembly));
        var formats = FormatTypes(assembly).GroupBy(t => t.Format).OrderBy(g => g.Key, StringComparer.Ordinal);
        var results = formats.SelectMany(g => CheckFormat(g.ToList(), samples, seed)).ToList();
        return Finish(results);
    }

    /// <summary>Checks the format of <typeparamref name="T"/> (any of its versions), as declared in T's assembly.</summary>
    /// <exception cref="KhoConversionLawException">A version's state does not come back the same, or a conversion throws.</exception>
    public static KhoConversionLawReport Check<T>(int samples = 100, int seed = 1) where T : IKhoFormat<T>
    {
        var versions = FormatTypes(typeof(T).Assembly).Where(t => t.Format == T.KhoFormatName).ToList();
        return Finish(CheckFormat(versions, samples, seed).ToList());
    }

    /// <summary>
    /// Checks the law on recorded samples: every sample file in <paramref name="folder"/> (recorded by
    /// <c>khogen baseline --samples</c> from a shipped release's snapshot, <see cref="KhoSamples"/>) whose
    /// format <paramref name="assembly"/> declares is read as the latest version and written back as
    /// the version it was recorded in, and must give the same bytes (unless a pair on the way is
    /// marked Lossy). Samples of formats the assembly does not declare are left to the assembly that
    /// does (a baseline's samples cover the whole build); a sample of a version it no longer reads is a
    /// violation: the release that recorded it hands that state over.
    /// </summary>
    /// <exception cref="KhoConversionLawException">A sample does not come back the same, a conversion throws, or it cannot be read.</exception>
    /// <exception cref="KhoFormatException">A sample file is misnamed, or truncated or edited (its checksum does not match).</exception>
    public static KhoConversionLawReport CheckSamples(Assembly assembly, string folder)
    {
        if (assembly is null) throw new ArgumentNullException(nameof(assembly));
        if (folder is null) throw new ArgumentNullException(nameof(folder));
        var samples = KhoSamples.Load(folder);
        var formats = FormatTypes(assembly).GroupBy(t => t.Format).ToDictionary(g => g.Key, g => g.ToList());
        var results = new List<KhoConversionLawResult>();
        foreach (var group in samples.GroupBy(x => x.Id).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var recorded = group.ToList();
            KhoSample first = recorded[0];
            if (!formats.TryGetValue(first.Format, out var versions)) continue;
            var latest = versions.OrderByDescending(v => v.Version).First();
            bool isLossy = LossySteps(versions).Any(step => step > first.Version && step <= latest.Version);
            var method = typeof(KhoConversionLaw).GetMethod(nameof(CheckRecorded), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(latest.Type);
            results.Add((KhoConversionLawResult)method.Invoke(null, new object[] { recorded, isLossy })!);
        }
        return Finish(results);
    }

    static KhoConversionLawResult CheckRecorded<TLatest>(List<KhoSample> samples, bool lossy) where TLatest : IKhoFormat<TLatest>
    {
        string id = samples[0].Id;
        int n = samples[0].Version;
        if (!TLatest.KhoReadableVersions.Contains(n))
            return new KhoConversionLawResult(id, samples.Count, lossy, null,
                $"{id}: {samples.Count} sample(s) recorded, but this build no longer reads {id} (it reads {string.Join(", ", TLatest.KhoReadableVersions.ToArray().Select(v => IdOf(TLatest.KhoFormatName, v)))})");
        bool writes = TLatest.KhoWritableVersions.Contains(n);
        foreach (var sample in samples)
            if (RoundTrip<TLatest>(sample.Payload, n, lossy || !writes, writeBack: writes) is string problem)
                return new KhoConversionLawResult(id, samples.Count, lossy, null,
                    $"{id} -> {TLatest.KhoName} -> {id}: recorded sample {System.IO.Path.GetFileName(sample.Path)} {problem}");
        string? note = !writes ? $"read and upgraded only: this build does not write {id}" : lossy ? "bytes not compared: a pair on the way is marked Lossy" : null;
        return new KhoConversionLawResult(id, samples.Count, lossy, note, null);
    }

    static KhoConversionLawReport Finish(List<KhoConversionLawResult> results)
    {
        var report = new KhoConversionLawReport(results);
        if (report.Violations.Count > 0) throw new KhoConversionLawException(report);
        return report;
    }

    sealed record FormatType(Type Type, string Format, int Version);

    static IEnumerable<FormatType> FormatTypes(Assembly assembly) =>
        assembly.GetTypes()
            .Select(t => (Type: t, Attribute: t.GetCustomAttribute<KhoFormatAttribute>()))
            .Where(x => x.Attribute is not null)
            .Select(x => new FormatType(x.Type, x.Attribute!.Format, x.Attribute.Version));

    static IEnumerable<KhoConversionLawResult> CheckFormat(List<FormatType> versions, int samples, int seed)
    {
        if (versions.Count == 0) yield break;
        var latest = versions.OrderByDescending(v => v.Version).First();
        var lossy = LossySteps(versions);
        foreach (var n in versions.OrderBy(v => v.Version))
        {
            var method = typeof(KhoConversionLaw).GetMethod(nameof(CheckVersion), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(latest.Type, n.Type);
            bool isLossy = lossy.Any(step => step > n.Version && step <= latest.Version);
            yield return (KhoConversionLawResult)method.Invoke(null, new object[] { samples, seed, isLossy })!;
        }
    }

    /// <summary>The versions k whose pair (k-1 ↔ k) has a conversion marked Lossy.</summary>
    static HashSet<int> LossySteps(List<FormatType> versions)
    {
        var byType = versions.ToDictionary(v => v.Type, v => v.Version);
        var steps = new HashSet<int>();
        foreach (var type in versions.Select(v => v.Type))
            foreach (var m in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static))
            {
                bool lossy = m.GetCustomAttribute<KhoUpgradeAttribute>()?.Lossy == true || m.GetCustomAttribute<KhoDowngradeAttribute>()?.Lossy == true;
                if (!lossy || m.GetParameters().Length != 1) continue;
                if (byType.TryGetValue(m.ReturnType, out int to) && byType.TryGetValue(m.GetParameters()[0].ParameterType, out int from))
                    steps.Add(Math.Max(to, from));
            }
        return steps;
    }

    static KhoConversionLawResult CheckVersion<TLatest, TN>(int samples, int seed, bool lossy)
        where TLatest : IKhoFormat<TLatest> where TN : IKhoFormat<TN>
    {
        string id = TN.KhoName;
        int n = TN.KhoVersion;
        if (!TLatest.KhoReadableVersions.Contains(n) || !TLatest.KhoWritableVersions.Contains(n))
            return new KhoConversionLawResult(id, 0, lossy, "skipped: the latest version does not both read and write it", null);
        var random = new RandomValues(seed * 7919 + n);
        for (int i = 0; i < samples; i++)
        {
            TN value = (TN)random.Next(typeof(TN));
            if (RoundTrip<TLatest>(KhoSerializer.Serialize(value), n, lossy) is string problem)
                return new KhoConversionLawResult(id, i + 1, lossy, null, $"{id} -> {TLatest.KhoName} -> {id}: sample {i} (seed {seed}) {problem}");
        }
        return new KhoConversionLawResult(id, samples, lossy, lossy ? "bytes not compared: a pair on the way is marked Lossy" : null, null);
    }

    /// <summary>
    /// Reads <paramref name="written"/> (version <paramref name="n"/>'s layout) as the latest version
    /// and writes it back as n: what went wrong, or null when the same bytes came back (or the pair is lossy and nothing threw).
    /// </summary>
    static string? RoundTrip<TLatest>(byte[] written, int n, bool lossy, bool writeBack = true) where TLatest : IKhoFormat<TLatest>
    {
        string id = IdOf(TLatest.KhoFormatName, n);
        byte[] back;
        try
        {
            var reader = new KhoReader(written, id);
            TLatest upgraded = TLatest.KhoReadVersion(ref reader, n);
            reader.EnsureEnd();
            if (!writeBack) return null;
            var buffer = new ArrayBufferWriter<byte>();
            var writer = new KhoWriter(buffer);
            TLatest.KhoWriteVersion(ref writer, upgraded, n);
            writer.Flush();
            back = buffer.WrittenSpan.ToArray();
        }
        catch (Exception e)
        {
            return $"failed: {e.Message}{Inner(e)}";
        }
        if (lossy || written.AsSpan().SequenceEqual(back)) return null;
        return $"came back different: {Difference(written, back)}; " +
            "if that pair of conversions loses data on purpose, mark it [KhoUpgrade(Lossy = true)] or [KhoDowngrade(Lossy = true)]";
    }

    static string IdOf(string format, int version) => format + "-v" + version.ToString(System.Globalization.CultureInfo.InvariantCulture);

    static string Inner(Exception e) => e.InnerException is { } inner ? $" ({inner.GetType().Name}: {inner.Message})" : "";

    static string Difference(byte[] a, byte[] b)
    {
        int i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i]) i++;
        return $"{a.Length} bytes written, {b.Length} bytes back, first difference at byte {i}";
    }
}
