using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace KhoGen.Fuzz;

/// <summary>What one target's run found.</summary>
sealed record TargetReport(string Target, int Seed, long Inputs, long Accepted, long Rejected, List<string> Failures, double MaxAllocationPerByte, TimeSpan Slowest, int SlowestLength)
{
    /// <summary>Failures the target lists as known and fixed elsewhere (<see cref="Target.Pending"/>).</summary>
    public List<string> Pending { get; init; } = new();
}

/// <summary>The outcome of one input.</summary>
enum Outcome { Accepted, Refused, Failed, Pending }

/// <summary>
/// Feeds a target mutated inputs and checks every outcome: success or the target's documented
/// exception; allocation within <see cref="AllocationPerByte"/> x input + <see cref="AllocationSlack"/>
/// (+ the target's allowance); time within <see cref="TimeLimit"/>. A failing input is saved under
/// the crashers folder. A run is reproducible from its seed. Time is the reading thread's CPU time
/// where the system gives it (Linux), so a machine busy with other work does not fail an input.
/// </summary>
sealed class Runner
{
    public const int AllocationPerByte = 64;
    public const int AllocationSlack = 256 * 1024;
    public static readonly TimeSpan TimeLimit = TimeSpan.FromMilliseconds(100);

    readonly string? _crashers;

    public Runner(string? crashersFolder) => _crashers = crashersFolder;

    public TargetReport Run(Target target, long inputs, int seed)
    {
        var mutator = new Mutator(seed);
        var structure = new StructureMutator(seed);
        var random = new Random(seed);
        var report = new TargetReport(target.Name, seed, inputs + target.Seeds.Count, 0, 0, new List<string>(), 0, TimeSpan.Zero, 0);
        foreach (byte[] s in target.Seeds) Check(target, s, ref report);
        for (long i = 0; i < inputs; i++)
        {
            byte[] from = target.Seeds[random.Next(target.Seeds.Count)];
            byte[] input = target.Mutate is { } mutate ? mutate(structure, from, target.Seeds) : mutator.Mutate(from, target.Seeds);
            Check(target, input, ref report);
        }
        return report;
    }

    /// <summary>Runs one input, adds its outcome to <paramref name="report"/>, and returns it.</summary>
    public Outcome Check(Target target, byte[] input, ref TargetReport report)
    {
        var (outcome, failure, allocated, elapsed) = Measure(target, input);
        if (outcome == Outcome.Pending)
        {
            report.Pending.Add($"{failure} (input {Save(target.Name, input)})");
            return outcome;
        }
        // A slow input is run again before it fails: one run can lose its core to a GC or another process.
        if (failure is null && elapsed > TimeLimit) (outcome, failure, allocated, elapsed) = Measure(target, input);
        double ratio = (double)allocated / Math.Max(1, input.Length);
        report = report with
        {
            Accepted = report.Accepted + (outcome == Outcome.Accepted ? 1 : 0),
            Rejected = report.Rejected + (outcome == Outcome.Refused ? 1 : 0),
            MaxAllocationPerByte = Math.Max(report.MaxAllocationPerByte, ratio),
            Slowest = elapsed > report.Slowest ? elapsed : report.Slowest,
            SlowestLength = elapsed > report.Slowest ? input.Length : report.SlowestLength,
        };
        if (failure is null && allocated > (long)AllocationPerByte * input.Length + AllocationSlack + target.Allowance)
            failure = $"allocated {allocated} bytes for a {input.Length}-byte input";
        if (failure is null && elapsed > TimeLimit)
            failure = $"took {elapsed.TotalMilliseconds:F0} ms (twice)";
        if (failure is null) return outcome;
        report.Failures.Add($"{failure} (input {Save(target.Name, input)})");
        return Outcome.Failed;
    }

    static (Outcome, string?, long, TimeSpan) Measure(Target target, byte[] input)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var clock = ThreadClock.Start();
        Outcome outcome;
        string? failure = null;
        try
        {
            target.Read(input);
            outcome = Outcome.Accepted;
        }
        catch (Exception e) when (target.IsExpected(e))
        {
            outcome = Outcome.Refused;
        }
        catch (Exception e)
        {
            outcome = target.Pending?.Invoke(e) == true ? Outcome.Pending : Outcome.Failed;
            failure = $"{e.GetType().Name}: {e.Message}";
        }
        return (outcome, failure, GC.GetAllocatedBytesForCurrentThread() - before, clock.Elapsed);
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

/// <summary>The calling thread's CPU time (CLOCK_THREAD_CPUTIME_ID) on Linux; wall-clock time elsewhere.</summary>
readonly struct ThreadClock
{
    readonly TimeSpan _start;
    readonly Stopwatch? _wall;

    ThreadClock(TimeSpan start, Stopwatch? wall)
    {
        _start = start;
        _wall = wall;
    }

    public static ThreadClock Start() =>
        OperatingSystem.IsLinux() ? new ThreadClock(Now(), null) : new ThreadClock(TimeSpan.Zero, Stopwatch.StartNew());

    public TimeSpan Elapsed => _wall?.Elapsed ?? Now() - _start;

    [StructLayout(LayoutKind.Sequential)]
    struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    static extern int ClockGetTime(int clock, out TimeSpec time);

    const int ThreadCpuTime = 3;

    static TimeSpan Now()
    {
        if (ClockGetTime(ThreadCpuTime, out var t) != 0) throw new InvalidOperationException("clock_gettime failed");
        return TimeSpan.FromTicks(t.Seconds * TimeSpan.TicksPerSecond + t.Nanoseconds / 100);
    }
}
