using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using KhoGen.Fuzz;

// Long mode by default: 1,000,000 mutated inputs per target, from a fresh seed unless one is given
// (the seed is printed: the same seed and input count replay the same inputs). Failures are saved
// under fuzz/crashers/<target>/.
long inputs = 1_000_000;
int seed = RandomNumberGenerator.GetInt32(int.MaxValue);
string? only = null;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--inputs" when i + 1 < args.Length && long.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out long n):
            inputs = n;
            break;
        case "--seed" when i + 1 < args.Length && int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out int s):
            seed = s;
            break;
        case "--target" when i + 1 < args.Length:
            only = args[++i];
            break;
        default:
            Console.Error.WriteLine($"unknown or incomplete option '{args[i]}'\nusage: KhoGen.Fuzz [--inputs N] [--seed S] [--target NAME]");
            return 2;
    }
}

string crashers = Path.Combine(Directory.GetCurrentDirectory(), "fuzz", "crashers");
var runner = new Runner(crashers);
int failed = 0;
Console.WriteLine($"seed {seed}, {inputs:N0} inputs per target");
Console.WriteLine($"{"target",-18} {"inputs",12} {"accepted",10} {"rejected",12} {"failures",9} {"max alloc/byte",15} {"slowest",9} {"time",8}");
foreach (var target in Targets.All().Where(t => only is null || t.Name == only))
{
    var clock = Stopwatch.StartNew();
    TargetReport r = runner.Run(target, inputs, seed);
    Console.WriteLine($"{r.Target,-18} {r.Inputs,12:N0} {r.Accepted,10:N0} {r.Rejected,12:N0} {r.Failures.Count,9} {r.MaxAllocationPerByte,15:F1} {r.Slowest.TotalMilliseconds,7:F1}ms {clock.Elapsed.TotalSeconds,7:F0}s  (slowest input: {r.SlowestLength} bytes)");
    foreach (string f in r.Failures.Take(10)) Console.WriteLine("    " + f);
    if (r.Pending.Count > 0) Console.WriteLine($"    {r.Pending.Count} pending (known, fixed elsewhere), e.g. {r.Pending[0]}");
    failed += r.Failures.Count;
}
return failed == 0 ? 0 : 1;
