using System;
using System.Diagnostics;
using System.IO;
using System.IO.Hashing;
using System.IO.MemoryMappedFiles;
using System.Runtime;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace KhoGen.Benchmarks;

/// <summary>
/// What a restore's read of 1 GiB of pages costs the heap, without the serializer: a 1 GiB memfd is
/// filled, mapped, hashed (as validation does) and copied into page arrays allocated as
/// <c>KhoReader.ReadBytes</c> allocates them, with or without a no-GC region around the copy, with or
/// without 1 GiB of running state beside it; each round prints its times, collections and page faults.
/// <c>--probe-restore-heap [page size] [none|region|region-full] [old 0|1] [rounds]</c>; in a fresh
/// process (rounds 1) it is the successor's case. <c>--probe-restore-heap [page size] advise</c> compares
/// <c>madvise</c> on the mapping before the hash. Linux only. docs/benchmarks.md, issue 16, fifth part.
/// </summary>
static unsafe class RestoreHeapProbe
{
    const long Size = 1L << 30;

    public static void Run(string[] args)
    {
        int page = args.Length > 1 ? int.Parse(args[1]) : 4096;
        string mode = args.Length > 2 ? args[2] : "none";
        bool old = args.Length > 3 && args[3] == "1";
        int rounds = args.Length > 4 ? int.Parse(args[4]) : 8;
        using SafeFileHandle memfd = LiveUpdateBenchmarks.NewMemfd("khogen-probe");
        byte[] chunk = new byte[1 << 20];
        Random.Shared.NextBytes(chunk);
        for (long at = 0; at < Size; at += chunk.Length) RandomAccess.Write(memfd, chunk, at);
        byte[][]? running = null;
        if (old)
        {
            running = new byte[Size / page][];
            for (int i = 0; i < running.Length; i++) running[i] = new byte[page];
        }
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        for (int round = 0; round < rounds; round++)
        {
            using var map = MemoryMappedFile.CreateFromFile(memfd, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
            using var view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            byte* p = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
            p += view.PointerOffset;
            try
            {
                if (mode == "advise") Advise(p, round);
                else Read(p, page, mode, old);
            }
            finally { view.SafeMemoryMappedViewHandle.ReleasePointer(); }
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        }
        GC.KeepAlive(running);
    }

    static void Read(byte* p, int page, string mode, bool old)
    {
        int g0 = GC.CollectionCount(0), g1 = GC.CollectionCount(1), g2 = GC.CollectionCount(2);
        long faults = MinorFaults();
        var clock = Stopwatch.StartNew();
        bool started = mode != "none" && GC.TryStartNoGCRegion(Size + Size / 8 + (16L << 20), disallowFullBlockingGC: mode == "region");
        double start = clock.Elapsed.TotalMilliseconds;
        var pages = new byte[Size / page][];
        for (int i = 0; i < pages.Length; i++)
        {
            byte[] a = GC.AllocateUninitializedArray<byte>(page);
            new ReadOnlySpan<byte>(p + (long)i * page, page).CopyTo(a);
            pages[i] = a;
        }
        bool held = GCSettings.LatencyMode == GCLatencyMode.NoGCRegion;
        if (held) GC.EndNoGCRegion();
        double read = clock.Elapsed.TotalMilliseconds;
        string collections = $"{GC.CollectionCount(0) - g0}/{GC.CollectionCount(1) - g1}/{GC.CollectionCount(2) - g2}";
        GC.Collect(0, GCCollectionMode.Forced, blocking: true);   // the first gen-0 collection after the read
        double after = clock.Elapsed.TotalMilliseconds;
        Console.WriteLine($"// {mode} (started {started}, held {held}), pages of {page:N0} B, running state {(old ? "1 GiB" : "none")}: " +
            $"start {start:F0} ms, read {read - start:F0} ms (collections {collections}), next gen 0 {after - read:F0} ms, total {after:F0} ms; " +
            $"{MinorFaults() - faults:N0} page faults, {GC.GetGCMemoryInfo().TotalCommittedBytes >> 20:N0} MiB committed");
        GC.KeepAlive(pages);
    }

    static void Advise(byte* p, int round)
    {
        string[] advice = { "none", "MADV_POPULATE_READ", "MADV_WILLNEED" };
        string which = advice[round % advice.Length];
        var clock = Stopwatch.StartNew();
        int rc = which switch
        {
            "MADV_POPULATE_READ" => Madvise((nint)p, (nuint)Size, 22),
            "MADV_WILLNEED" => Madvise((nint)p, (nuint)Size, 3),
            _ => 0,
        };
        double advised = clock.Elapsed.TotalMilliseconds;
        ulong hash = XxHash3.HashToUInt64(new ReadOnlySpan<byte>(p, (int)Math.Min(Size, int.MaxValue)));
        double hashed = clock.Elapsed.TotalMilliseconds;
        Console.WriteLine($"// {which} (rc {rc}): advice {advised:F0} ms, hash {hashed - advised:F0} ms, together {hashed:F0} ms ({hash & 0xff:x2})");
    }

    static long MinorFaults() => long.Parse(File.ReadAllText("/proc/self/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[7]);

    [DllImport("libc", EntryPoint = "madvise", SetLastError = true)]
    static extern int Madvise(nint address, nuint length, int advice);
}
