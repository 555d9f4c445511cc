using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;

namespace KhoGen.Benchmarks;

/// <summary>
/// What the contender probes share: the contenders timed in turn, one operation each per round, so a
/// loaded machine disturbs them alike (minimum and median of the rounds), or one of them in a loop
/// for a profiler.
/// </summary>
static class ProbeRounds
{
    /// <summary>Runs the contender named <paramref name="name"/> for <paramref name="seconds"/>.</summary>
    public static void Loop((string Name, Func<int> Op)[] ops, string name, double seconds)
    {
        Func<int> op = ops.Single(o => o.Name == name).Op;
        var until = Stopwatch.StartNew();
        long n = 0;
        while (until.Elapsed.TotalSeconds < seconds) { op(); n++; }
        Console.WriteLine($"{n} ops of {name}");
    }

    /// <summary>Times every contender once a round, after <paramref name="warmups"/> untimed rounds.</summary>
    public static void Measure((string Name, Func<int> Op)[] ops, int rounds, int warmups)
    {
        var times = ops.Select(_ => new List<double>()).ToArray();
        for (int round = 0; round < rounds + warmups; round++)
            for (int i = 0; i < ops.Length; i++)
            {
                var sw = Stopwatch.StartNew();
                ops[i].Op();
                if (round >= warmups) times[i].Add(sw.Elapsed.TotalMilliseconds);
            }
        for (int i = 0; i < ops.Length; i++)
        {
            times[i].Sort();
            Console.WriteLine($"{ops[i].Name,-20} min {times[i][0],7:F3} ms  median {times[i][times[i].Count / 2],7:F3} ms");
        }
    }
}
