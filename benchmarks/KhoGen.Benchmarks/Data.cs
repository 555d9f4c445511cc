using System;
using System.Collections.Generic;
using KhoGen.Benchmarks.Models;

namespace KhoGen.Benchmarks;

/// <summary>The values every contender serializes: deterministic, made once per benchmark class.</summary>
public static class Data
{
    public static SmallObject Small() =>
        new(123_456, 638_000_000_000_000_000, 1234.5678, 0.75f, true, 7, -1234, 8080, 0xDEAD_BEEF, 0x0123_4567_89AB_CDEF);

    public static Customer Graph(int orders = 4, int linesPerOrder = 8)
    {
        var random = new Random(42);
        var list = new List<Order>(orders);
        for (int o = 0; o < orders; o++)
        {
            var lines = new List<OrderLine>(linesPerOrder);
            double total = 0;
            for (int l = 0; l < linesPerOrder; l++)
            {
                var line = new OrderLine(random.NextInt64(1, 1L << 40), $"Product {random.Next(100_000)} — {Words[random.Next(Words.Length)]} edition",
                    random.Next(1, 20), Math.Round(random.NextDouble() * 500, 2));
                lines.Add(line);
                total += line.Quantity * line.UnitPrice;
            }
            list.Add(new Order(1_000_000 + o, 638_000_000_000_000_000 + o * 10_000_000L, o % 3 == 0 ? "shipped" : "pending", lines, total));
        }
        var attributes = new Dictionary<string, string>();
        for (int i = 0; i < 8; i++) attributes[$"attribute-{i}"] = $"{Words[i % Words.Length]}-{random.Next(1000)}";
        var tags = new List<string> { "gold", "newsletter", "early-adopter", "eu", "b2b" };
        return new Customer(42, "Ada Lovelace-Byron", "ada.lovelace@example.org",
            new Address("12 Analytical Engine Street", "London", "NW1 6XE", "United Kingdom"),
            list, attributes, tags, 10_432.17, 3, true);
    }

    static readonly string[] Words = { "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliett" };

    public static SampleBatch Samples(int count)
    {
        var random = new Random(42);
        var samples = new Sample[count];
        long t = 638_000_000_000_000_000;
        for (int i = 0; i < samples.Length; i++)
            samples[i] = new Sample(t + i * 1000L, random.NextDouble() * 100, random.Next(10_000), (float)random.NextDouble());
        return new SampleBatch(samples);
    }

    /// <summary><paramref name="count"/> distinct indexes scattered uniformly over 2^40, ascending.</summary>
    public static ulong[] SparseIndexes(int count)
    {
        var random = new Random(42);
        var set = new HashSet<ulong>(count);
        while (set.Count < count) set.Add((ulong)random.NextInt64(0, 1L << 40));
        var indexes = new ulong[count];
        set.CopyTo(indexes);
        Array.Sort(indexes);
        return indexes;
    }

    public static CacheSlot Slot(ulong index) => new(index * 4096 + 17, (uint)(index & 0xFFFF), (uint)(index >> 20) & 0xF);

    public static SparseCache Sparse(ulong[] indexes)
    {
        var slots = new KhoArray<CacheSlot>(indexes.Length);
        foreach (ulong i in indexes) slots.Append(i, Slot(i));
        return new SparseCache(slots);
    }

    public static SparseCacheMap SparseMap(ulong[] indexes)
    {
        var slots = new Dictionary<ulong, CacheSlot>(indexes.Length);
        foreach (ulong i in indexes) slots.Add(i, Slot(i));
        return new SparseCacheMap(slots);
    }

    /// <summary>A page cache of <paramref name="totalBytes"/> in pages of <paramref name="pageSize"/> bytes at scattered page numbers.</summary>
    public static PageCacheV1 Pages(long totalBytes, int pageSize)
    {
        int count = checked((int)(totalBytes / pageSize));
        var random = new Random(42);
        var pages = new KhoArray<byte[]>(count);
        ulong index = 0;
        for (int i = 0; i < count; i++)
        {
            index += (ulong)random.Next(1, 64);
            byte[] page = GC.AllocateUninitializedArray<byte>(pageSize);
            random.NextBytes(page.AsSpan(0, Math.Min(256, pageSize)));
            page.AsSpan(Math.Min(256, pageSize)).Fill((byte)i);
            pages.Append(index, page);
        }
        return new PageCacheV1(1, pages);
    }
}
