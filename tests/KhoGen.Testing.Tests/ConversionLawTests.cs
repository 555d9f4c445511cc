using System;
using System.Linq;

namespace KhoGen.Testing.Tests;

public class ConversionLawTests
{
    [Fact]
    public void A_pair_that_keeps_every_value_passes_for_every_version()
    {
        var report = KhoConversionLaw.Check<CounterV1>(samples: 200);
        Assert.Equal(new[] { "counter-v1", "counter-v2" }, report.Results.Select(r => r.Id));
        Assert.All(report.Results, r => Assert.Equal(200, r.Samples));
        Assert.Empty(report.Violations);
    }

    [Fact]
    public void An_unmarked_loss_is_a_violation_that_names_the_version_and_says_how_to_mark_it()
    {
        var e = Assert.Throws<KhoConversionLawException>(() => KhoConversionLaw.Check<GaugeV2>());
        var violation = Assert.Single(e.Report.Violations);
        Assert.Equal("gauge-v1", violation.Id);
        Assert.Contains("gauge-v1 -> gauge-v2 -> gauge-v1: sample ", e.Message);
        Assert.Contains("came back different", e.Message);
        Assert.Contains("Lossy = true", e.Message);
        Assert.Null(e.Report["gauge-v2"].Violation);
    }

    [Fact]
    public void A_loss_marked_Lossy_is_not_compared()
    {
        var report = KhoConversionLaw.Check<RoundedV1>();
        Assert.True(report["rounded-v1"].Lossy);
        Assert.Contains("Lossy", report["rounded-v1"].Note);
        Assert.False(report["rounded-v2"].Lossy);
    }

    [Fact]
    public void A_conversion_that_throws_on_a_value_the_old_build_could_hold_is_a_violation_naming_it()
    {
        var e = Assert.Throws<KhoConversionLawException>(() => KhoConversionLaw.Check<RatioV1>(samples: 2000));
        var violation = Assert.Single(e.Report.Violations);
        Assert.Equal("ratio-v1", violation.Id);
        Assert.Contains("RatioV2.From", e.Message);
        Assert.Contains("no zero denominator", e.Message);
    }

    [Fact]
    public void The_assembly_check_covers_every_format_and_reports_all_violations()
    {
        var e = Assert.Throws<KhoConversionLawException>(() => KhoConversionLaw.Check(typeof(CounterV1).Assembly, samples: 2000));
        Assert.Equal(new[] { "counter-v1", "counter-v2", "gauge-v1", "gauge-v2", "ratio-v1", "ratio-v2", "rounded-v1", "rounded-v2" },
            e.Report.Results.Select(r => r.Id));
        Assert.Equal(new[] { "gauge-v1", "ratio-v1" }, e.Report.Violations.Select(v => v.Id));
    }

    [Fact]
    public void The_same_seed_gives_the_same_verdict()
    {
        string First() => Assert.Throws<KhoConversionLawException>(() => KhoConversionLaw.Check<GaugeV1>(seed: 42)).Message;
        Assert.Equal(First(), First());
    }
}
