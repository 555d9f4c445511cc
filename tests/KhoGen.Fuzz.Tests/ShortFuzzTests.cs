using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using KhoGen.Fuzz;

namespace KhoGen.Fuzz.Tests;

public class ShortFuzzTests
{
    public static IEnumerable<object[]> TargetNames() => Targets.All().Select(t => new object[] { t.Name });

    [Theory]
    [MemberData(nameof(TargetNames))]
    public void Mutated_inputs_are_read_or_refused_with_the_documented_exception(string name)
    {
        Target target = Targets.All().Single(t => t.Name == name);
        TargetReport report = new Runner(crashersFolder: null).Run(target, inputs: 3000, seed: 7);
        Assert.Empty(report.Failures);
        // The run must have exercised both outcomes: valid seeds are accepted, mutants mostly refused.
        Assert.True(report.Accepted >= target.Seeds.Count, $"{report.Accepted} accepted");
        Assert.True(report.Rejected > 1000, $"{report.Rejected} rejected");
    }

    static string CorpusFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "fuzz", "corpus"))) return Path.Combine(dir.FullName, "fuzz", "corpus");
        throw new DirectoryNotFoundException("fuzz/corpus not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void Every_saved_crasher_is_now_refused_cleanly()
    {
        var targets = Targets.All().ToDictionary(t => t.Name);
        var files = Directory.GetFiles(CorpusFolder(), "*.bin", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        var runner = new Runner(null);
        foreach (string file in files)
        {
            string targetName = Path.GetFileName(Path.GetDirectoryName(file))!;
            Assert.True(targets.ContainsKey(targetName), $"{file}: no target '{targetName}'");
            var failures = new List<string>();
            long accepted = 0, rejected = 0;
            double ratio = 0;
            TimeSpan slowest = TimeSpan.Zero;
            string? failure = runner.Check(targets[targetName], File.ReadAllBytes(file), failures, ref accepted, ref rejected, ref ratio, ref slowest);
            Assert.True(failure is null, $"{file}: {failure}");
        }
    }
}
