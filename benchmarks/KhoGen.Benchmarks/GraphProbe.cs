using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using KhoGen.Benchmarks.Models;
using MemoryPack;
using MessagePack;

namespace KhoGen.Benchmarks;

/// <summary>
/// <c>-- --probe-graph</c>: where the object graph's time goes, by stopwatch (scenario 2): the whole
/// read and write of each contender, the same graph with every string emptied (what is not text), and
/// the graph's strings decoded and encoded alone in several ways. Minimum of several rounds.
/// </summary>
static class GraphProbe
{
    public static void Run(string[] args)
    {
        Customer graph = Data.Graph();
        if (args.Length > 2)
        {
            // One contender's read or write in a loop for a profiler: -- --probe-graph read|write SECONDS
            byte[] bytes = KhoSerializer.Serialize(graph);
            var output = new ArrayBufferWriter<byte>(1 << 16);
            var until = Stopwatch.StartNew();
            long ops = 0;
            while (until.Elapsed.TotalSeconds < double.Parse(args[2]))
                for (int i = 0; i < 10_000; i++, ops++)
                    if (args[1] == "read") KhoSerializer.Deserialize<Customer>(bytes);
                    else { output.ResetWrittenCount(); KhoSerializer.Serialize(graph, output); }
            Console.WriteLine($"{ops} ops");
            return;
        }
        bool stringsOnly = args.Length > 1 && args[1] == "strings";
        Customer bare = Bare(graph);
        string[] strings = Strings(graph).ToArray();
        byte[][] utf8 = strings.Select(Encoding.UTF8.GetBytes).ToArray();
        Console.WriteLine($"{strings.Length} strings, {utf8.Sum(b => b.Length)} UTF-8 bytes, {strings.Sum(s => s.Length)} chars, " +
            $"{strings.Count(s => s.All(c => c < 128))} ASCII");
        // -- --probe-graph strings: the strings alone.
        foreach (var (name, value) in stringsOnly ? [] : new[] { ("graph", graph), ("graph, strings emptied", bare) })
        {
            byte[] kho = KhoSerializer.Serialize(value), mp = MemoryPackSerializer.Serialize(value), msg = MessagePackSerializer.Serialize(value);
            var buffer = new ArrayBufferWriter<byte>(1 << 16);
            Console.WriteLine($"-- {name}: {kho.Length} / {mp.Length} / {msg.Length} B");
            Time("KhoGen read", () => KhoSerializer.Deserialize<Customer>(kho).Tier);
            Time("MemoryPack read", () => MemoryPackSerializer.Deserialize<Customer>(mp)!.Tier);
            Time("MessagePack read", () => MessagePackSerializer.Deserialize<Customer>(msg).Tier);
            Time("KhoGen write", () => { buffer.ResetWrittenCount(); KhoSerializer.Serialize(value, buffer); return buffer.WrittenCount; });
            Time("MemoryPack write", () => { buffer.ResetWrittenCount(); MemoryPackSerializer.Serialize(buffer, value); return buffer.WrittenCount; });
            Time("MessagePack write", () => { buffer.ResetWrittenCount(); MessagePackSerializer.Serialize(buffer, value); return buffer.WrittenCount; });
        }
        var strict = new UTF8Encoding(false, true);
        Console.WriteLine("-- the strings alone");
        Time("strict GetString", () => { int n = 0; foreach (byte[] b in utf8) n += strict.GetString(b).Length; return n; });
        // KhoGen's own string read, the 63 strings back to back as the wire holds them.
        var wire = new ArrayBufferWriter<byte>(1 << 16);
        var stringWriter = new KhoWriter(wire);
        foreach (string s in strings) stringWriter.WriteString(s);
        stringWriter.Flush();
        byte[] stringBytes = wire.WrittenSpan.ToArray();
        Time("KhoReader.ReadString", () =>
        {
            var reader = new KhoReader(stringBytes, "strings");
            int n = 0;
            for (int i = 0; i < strings.Length; i++) n += reader.ReadString()!.Length;
            return n;
        });
        Time("candidate: stack transcode", () => { int n = 0; foreach (byte[] b in utf8) n += DecodeCandidates.StackTranscode(b)!.Length; return n; });
        foreach (byte[] b in utf8)
            if (DecodeCandidates.StackTranscode(b) != Encoding.UTF8.GetString(b))
                throw new InvalidOperationException("a candidate decoded differently");
        Time("allocate only", () => { int n = 0; foreach (string s in strings) n += new string('\0', s.Length).Length; return n; });
        Time("known length, Utf8.ToUtf16", () =>
        {
            int n = 0;
            for (int i = 0; i < utf8.Length; i++)
            {
                string s = new('\0', strings[i].Length);
                var dest = MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(s.AsSpan()), s.Length);
                System.Text.Unicode.Utf8.ToUtf16(utf8[i], dest, out _, out int written, replaceInvalidSequences: false);
                n += written;
            }
            return n;
        });
        Time("known length, ASCII widen or Utf8.ToUtf16", () =>
        {
            int n = 0;
            for (int i = 0; i < utf8.Length; i++)
            {
                string s = new('\0', strings[i].Length);
                var dest = MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(s.AsSpan()), s.Length);
                if (s.Length == utf8[i].Length) { Ascii.ToUtf16(utf8[i], dest, out int w); n += w; }
                else { System.Text.Unicode.Utf8.ToUtf16(utf8[i], dest, out _, out int written, replaceInvalidSequences: false); n += written; }
            }
            return n;
        });
        byte[] scratch = new byte[4096];
        Time("strict GetBytes", () => { int n = 0; foreach (string s in strings) n += strict.GetBytes(s, scratch); return n; });
        Time("Utf8.FromUtf16", () =>
        {
            int n = 0;
            foreach (string s in strings) { System.Text.Unicode.Utf8.FromUtf16(s, scratch, out _, out int w, replaceInvalidSequences: false); n += w; }
            return n;
        });
    }

    static void Time(string what, Func<int> op)
    {
        int sink = 0;
        for (int i = 0; i < 20_000; i++) sink += op();
        double best = double.MaxValue, bestCpu = double.MaxValue;
        for (int round = 0; round < 9; round++)
        {
            const int n = 50_000;
            long cpu = ThreadCpu();
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < n; i++) sink += op();
            best = Math.Min(best, sw.Elapsed.TotalNanoseconds / n);
            bestCpu = Math.Min(bestCpu, (ThreadCpu() - cpu) / (double)n);
        }
        Console.WriteLine($"{what,-45} {best,8:F0} ns wall {bestCpu,8:F0} ns cpu  ({sink & 1})");
    }

    // This thread's CPU time (CLOCK_THREAD_CPUTIME_ID): on a shared machine, less disturbed than wall time.
    [StructLayout(LayoutKind.Sequential)]
    struct TimeSpec { public long Seconds, Nanoseconds; }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    static extern int ClockGetTime(int clock, out TimeSpec time);

    static long ThreadCpu()
    {
        ClockGetTime(3, out TimeSpec t);
        return t.Seconds * 1_000_000_000 + t.Nanoseconds;
    }

    static IEnumerable<string> Strings(Customer c)
    {
        yield return c.Name; yield return c.Email;
        yield return c.Home.Street; yield return c.Home.City; yield return c.Home.PostalCode; yield return c.Home.Country;
        foreach (Order o in c.Orders)
        {
            yield return o.Status;
            foreach (OrderLine l in o.Lines) yield return l.Title;
        }
        foreach (var kv in c.Attributes) { yield return kv.Key; yield return kv.Value; }
        foreach (string t in c.Tags) yield return t;
    }

    static Customer Bare(Customer c) => c with
    {
        Name = "", Email = "",
        Home = new Address("", "", "", ""),
        Orders = c.Orders.Select(o => o with { Status = "", Lines = o.Lines.Select(l => l with { Title = "" }).ToList() }).ToList(),
        Attributes = c.Attributes.Select((kv, i) => KeyValuePair.Create(i.ToString(), "")).ToDictionary(),
        Tags = c.Tags.Select(_ => "").ToList(),
    };
}
