using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Security.Cryptography;

namespace KhoGen.Fuzz;

/// <summary>What one target's run found.</summary>
sealed record TargetReport(string Target, long Inputs, long Accepted, long Rejected, List<string> Failures, double MaxAllocationPerByte, TimeSpan Slowest);

/// <summary>
/// Feeds a target mutated inputs and checks every outcome: success or the target's documented
/// exception; allocation within <see cref="AllocationPerByte"/> x input + <see cref="AllocationSlack"/>;
/// time within <see cref="TimeLimit"/>. A failing input is saved under the crashers folder.
/// </summary>
sealed class Runner
{
    public const int AllocationPerByte = 64;
    public const int AllocationSlack = 256 * 1024;
    public static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(2);

    readonly string? _crashers;

    public Runner(string? crashersFolder) => _crashers = crashersFolder;

    public TargetReport Run(Target target, long inputs, int seed)
    {
        var mutator = new Mutator(seed);
        var random = new Random(seed);
        var failures = new List<string>();
        long accepted = 0, rejected = 0;
        double maxRatio = 0;
        TimeSpan slowest = TimeSpan.Zero;
        foreach (byte[] s in target.Seeds)
            Check(target, s, failures, ref accepted, ref rejected, ref maxRatio, ref slowest);
        for (long i = 0; i < inputs; i++)
        {
            byte[] input = mutator.Mutate(target.Seeds[random.Next(target.Seeds.Count)], target.Seeds);
            Check(target, input, failures, ref accepted, ref rejected, ref maxRatio, ref slowest);
        }
        return new TargetReport(target.Name, inputs + target.Seeds.Count, accepted, rejected, failures, maxRatio, slowest);
    }

    /// <summary>Runs one input; returns the failure, or null.</summary>
    public string? Check(Target target, byte[] input, List<string> failures, ref long accepted, ref long rejected, ref double maxRatio, ref TimeSpan slowest)
    {
        string? failure = null;
        long before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        try
        {
            target.Read(input);
            accepted++;
        }
        catch (Exception e) when (target.IsExpected(e))
        {
            rejected++;
        }
        catch (Exception e)
        {
            failure = $"{e.GetType().Name}: {e.Message}";
        }
        clock.Stop();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        maxRatio = Math.Max(maxRatio, (double)allocated / Math.Max(1, input.Length));
        if (clock.Elapsed > slowest) slowest = clock.Elapsed;
        if (failure is null && allocated > (long)AllocationPerByte * input.Length + AllocationSlack)
            failure = $"allocated {allocated} bytes for a {input.Length}-byte input";
        if (failure is null && clock.Elapsed > TimeLimit)
            failure = $"took {clock.Elapsed.TotalMilliseconds:F0} ms";
        if (failure is not null)
        {
            string file = Save(target.Name, input);
            failures.Add($"{failure} (input {file})");
        }
        return failure;
    }

    string Save(string target, byte[] input)
    {
        string name = $"{target}-{Convert.ToHexString(SHA256.HashData(input))[..16].ToLowerInvariant()}.bin";
        if (_crashers is null) return name;
        string dir = Path.Combine(_crashers, target);
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, name);
        File.WriteAllBytes(path, input);
        return path;
    }
}
