using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using KhoGen.Fuzz;
using Xunit.Abstractions;

namespace KhoGen.Fuzz.Tests;

/// <summary>
/// The fuzzing harness in its short mode, from a fresh seed each run (printed, and named in every
/// failure; set KHOGEN_FUZZ_SEED to replay one), and every saved crasher replayed.
/// </summary>
public class ShortFuzzTests
{
    const int Inputs = 3000;
    readonly ITestOutputHelper _output;
    public ShortFuzzTests(ITestOutputHelper output) => _output = output;

    public static IEnumerable<object[]> TargetNames() => Targets.All().Select(t => new object[] { t.Name });

    static int Seed() =>
        Environment.GetEnvironmentVariable("KHOGEN_FUZZ_SEED") is { Length: > 0 } s
            ? int.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture)
            : RandomNumberGenerator.GetInt32(int.MaxValue);

    [Theory]
    [MemberData(nameof(TargetNames))]
    public void Mutated_inputs_are_read_or_refused_with_the_documented_exception(string name)
    {
        int seed = Seed();
        string replay = $"KHOGEN_FUZZ_SEED={seed} dotnet test tests/KhoGen.Fuzz.Tests --filter \"DisplayName~{name}\"" +
                        $" (or: dotnet run -c Release --project fuzz/KhoGen.Fuzz -- --target {name} --seed {seed} --inputs {Inputs})";
        _output.WriteLine($"seed {seed}; replay: {replay}");
        Target target = Targets.All().Single(t => t.Name == name);
        TargetReport report = new Runner(crashersFolder: null).Run(target, Inputs, seed);
        _output.WriteLine($"{report.Accepted} accepted, {report.Rejected} refused, slowest {report.Slowest.TotalMilliseconds:F1} ms, at most {report.MaxAllocationPerByte:F0} bytes allocated per input byte");
        foreach (string p in report.Pending.Take(3)) _output.WriteLine($"pending ({report.Pending.Count} in all): {p}");
        Assert.True(report.Failures.Count == 0, $"seed {seed}: {string.Join("; ", report.Failures.Take(5))}\nreplay: {replay}");
        // The run must have exercised both outcomes: valid seeds are accepted, mutants mostly refused.
        Assert.True(report.Accepted >= target.Seeds.Count, $"seed {seed}: {report.Accepted} accepted");
        Assert.True(report.Rejected > Inputs / 4, $"seed {seed}: {report.Rejected} refused");
    }

    static string CorpusFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "fuzz", "corpus"))) return Path.Combine(dir.FullName, "fuzz", "corpus");
        throw new DirectoryNotFoundException("fuzz/corpus not found above " + AppContext.BaseDirectory);
    }

    static string[] Saved(string folder) =>
        Directory.GetFiles(Path.Combine(Path.GetDirectoryName(CorpusFolder())!, folder), "*.bin", SearchOption.AllDirectories);

    /// <summary>
    /// Saved crashers that are valid input since a documented fix, with why: these must now be read
    /// (not merely not crash); every other saved crasher must be refused.
    /// </summary>
    static readonly Dictionary<string, string> NowValid = new()
    {
        ["session-envelope+-01d016f4d8ad870a.bin"] = "a v1 last-seen time outside DateTimeOffset's range: SessionStore's v1->v2 upgrade threw, and clamps since the conversion law found it (docs/conversion-law.md)",
    };

    [Fact]
    public void Every_saved_crasher_is_now_refused_with_the_documented_exception_or_read_where_a_fix_made_it_valid()
    {
        var targets = Targets.All().ToDictionary(t => t.Name);
        var files = Saved("corpus");
        Assert.NotEmpty(files);
        var runner = new Runner(null);
        foreach (string file in files)
        {
            string targetName = Path.GetFileName(Path.GetDirectoryName(file))!;
            Assert.True(targets.ContainsKey(targetName), $"{file}: no target '{targetName}'");
            var report = new TargetReport(targetName, 0, 1, 0, 0, new List<string>(), 0, TimeSpan.Zero, 0);
            Outcome outcome = runner.Check(targets[targetName], File.ReadAllBytes(file), ref report);
            Outcome expected = NowValid.ContainsKey(Path.GetFileName(file)) ? Outcome.Accepted : Outcome.Refused;
            Assert.True(outcome == expected, $"{file}: {outcome}, expected {expected} {string.Join("; ", report.Failures)}");
        }
    }
}
