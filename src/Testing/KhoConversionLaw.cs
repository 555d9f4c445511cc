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
            byte[] written = KhoSerializer.Serialize(value);
            byte[] back;
            try
            {
                var reader = new KhoReader(written, id);
                TLatest upgraded = TLatest.KhoReadVersion(ref reader, n);
                reader.EnsureEnd();
                var buffer = new ArrayBufferWriter<byte>();
                var writer = new KhoWriter(buffer);
                TLatest.KhoWriteVersion(ref writer, upgraded, n);
                writer.Flush();
                back = buffer.WrittenSpan.ToArray();
            }
            catch (Exception e)
            {
                return new KhoConversionLawResult(id, i + 1, lossy, null,
                    $"{id} -> {TLatest.KhoName} -> {id}: sample {i} (seed {seed}) failed: {e.Message}{Inner(e)}");
            }
            if (!lossy && !written.AsSpan().SequenceEqual(back))
                return new KhoConversionLawResult(id, i + 1, lossy, null,
                    $"{id} -> {TLatest.KhoName} -> {id}: sample {i} (seed {seed}) came back different: {Difference(written, back)}; " +
                    "if that pair of conversions loses data on purpose, mark it [KhoUpgrade(Lossy = true)] or [KhoDowngrade(Lossy = true)]");
        }
        return new KhoConversionLawResult(id, samples, lossy, lossy ? "bytes not compared: a pair on the way is marked Lossy" : null, null);
    }

    static string Inner(Exception e) => e.InnerException is { } inner ? $" ({inner.GetType().Name}: {inner.Message})" : "";

    static string Difference(byte[] a, byte[] b)
    {
        int i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i]) i++;
        return $"{a.Length} bytes written, {b.Length} bytes back, first difference at byte {i}";
    }
}
