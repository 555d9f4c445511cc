using System;
using System.Collections.Generic;
using System.Linq;

namespace KhoGen.Testing;

/// <summary>What the law says about one format version.</summary>
/// <param name="Id">The version's id, e.g. <c>memfd-v1</c>.</param>
/// <param name="Samples">How many random values were checked.</param>
/// <param name="Lossy">A pair between this version and the latest is marked Lossy: bytes were not compared.</param>
/// <param name="Note">Why the check was partial or skipped, or null.</param>
/// <param name="Violation">What broke the law, or null.</param>
public sealed record KhoConversionLawResult(string Id, int Samples, bool Lossy, string? Note, string? Violation);

/// <summary>The law checked on every version of one or more formats.</summary>
public sealed class KhoConversionLawReport
{
    internal KhoConversionLawReport(IReadOnlyList<KhoConversionLawResult> results) => Results = results;

    /// <summary>One result per format version, formats by name, versions ascending.</summary>
    public IReadOnlyList<KhoConversionLawResult> Results { get; }

    /// <summary>The versions that broke the law.</summary>
    public IReadOnlyList<KhoConversionLawResult> Violations => Results.Where(r => r.Violation is not null).ToList();

    /// <summary>The result of <paramref name="id"/>.</summary>
    public KhoConversionLawResult this[string id] => Results.Single(r => r.Id == id);
}

/// <summary>The conversion law does not hold: the message names each version, sample and conversion.</summary>
public sealed class KhoConversionLawException : Exception
{
    internal KhoConversionLawException(KhoConversionLawReport report)
        : base("The conversion law does not hold:" + string.Concat(report.Violations.Select(v => Environment.NewLine + "  " + v.Violation)))
        => Report = report;

    /// <summary>Every result, the violations among them.</summary>
    public KhoConversionLawReport Report { get; }
}
