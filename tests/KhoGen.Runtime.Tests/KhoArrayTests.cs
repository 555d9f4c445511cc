using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using KhoGen;

namespace KhoGen.Runtime.Tests;

public class KhoArrayTests
{
    // ------------------------------------------------------------------ helpers

    /// <summary>A piece reported by ForEachRun / GetRuns.</summary>
    private readonly record struct Piece(ulong Start, long[] Values);

    private static List<Piece> PiecesByVisitor(KhoArray<long> array)
    {
        var pieces = new List<Piece>();
        array.ForEachRun(ref pieces, static (ref List<Piece> p, ulong start, ReadOnlySpan<long> values) => p.Add(new Piece(start, values.ToArray())));
        return pieces;
    }

    private static List<Piece> PiecesByEnumerator(KhoArray<long> array)
    {
        var pieces = new List<Piece>();
        foreach (KhoArrayRun<long> run in array.GetRuns())
            pieces.Add(new Piece(run.Start, run.Values.ToArray()));
        return pieces;
    }

    /// <summary>Joins pieces into runs with the documented rule: a piece starting right after the previous one continues its run.</summary>
    private static List<(ulong Start, List<long> Values)> JoinPieces(List<Piece> pieces)
    {
        var runs = new List<(ulong Start, List<long> Values)>();
        ulong expectedNext = 0;
        foreach (Piece piece in pieces)
        {
            Assert.NotEmpty(piece.Values);
            if (runs.Count > 0 && piece.Start == expectedNext && expectedNext != 0)
                runs[^1].Values.AddRange(piece.Values);
            else
                runs.Add((piece.Start, new List<long>(piece.Values)));
            expectedNext = unchecked(piece.Start + (ulong)piece.Values.Length); // 0 after a run ending at ulong.MaxValue
        }
        return runs;
    }

    /// <summary>The maximal runs of adjacent indexes of a sorted model.</summary>
    private static List<(ulong Start, List<long> Values)> ExpectedRuns(IEnumerable<KeyValuePair<ulong, long>> sorted)
    {
        var runs = new List<(ulong Start, List<long> Values)>();
        ulong last = 0;
        foreach (var (key, value) in sorted)
        {
            if (runs.Count > 0 && last != ulong.MaxValue && key == last + 1)
                runs[^1].Values.Add(value);
            else
                runs.Add((key, new List<long> { value }));
            last = key;
        }
        return runs;
    }

    private static void AssertRuns(IEnumerable<KeyValuePair<ulong, long>> sorted, KhoArray<long> array)
    {
        var expected = ExpectedRuns(sorted);
        foreach (List<Piece> pieces in new[] { PiecesByVisitor(array), PiecesByEnumerator(array) })
        {
            // Every entry exactly once, in order.
            Assert.Equal(sorted.Select(kv => kv.Key), pieces.SelectMany(p => p.Values.Select((_, j) => p.Start + (ulong)j)));
            Assert.Equal(sorted.Select(kv => kv.Value), pieces.SelectMany(p => p.Values));

            // Runs are split only at leaf boundaries, so pieces are few: at most one extra per ~16 entries.
            Assert.True(pieces.Count <= expected.Count + array.Count / 16 + 8, $"{pieces.Count} pieces for {expected.Count} runs");

            // Joined with the documented rule, the pieces are exactly the maximal runs.
            var runs = JoinPieces(pieces);
            Assert.Equal(expected.Count, runs.Count);
            for (int i = 0; i < runs.Count; i++)
            {
                Assert.Equal(expected[i].Start, runs[i].Start);
                Assert.Equal(expected[i].Values, runs[i].Values);
            }
            for (int i = 1; i < runs.Count; i++)
            {
                ulong prevLast = runs[i - 1].Start + (ulong)runs[i - 1].Values.Count - 1;
                Assert.True(runs[i].Start > prevLast + 1, "two runs are adjacent");
            }
        }
    }

    private static void AssertSame(SortedDictionary<ulong, long> model, KhoArray<long> array)
    {
        Assert.Equal(model.Count, array.Count);
        Assert.Equal(model.Count == 0 ? null : (ulong?)model.Keys.First(), array.FirstIndex);
        Assert.Equal(model.Count == 0 ? null : (ulong?)model.Keys.Last(), array.LastIndex);
        Assert.Equal(model.ToList(), array.ToList());
    }

    // ------------------------------------------------------------------ basic semantics

    [Fact]
    public void Empty_array_has_nothing()
    {
        var array = new KhoArray<string>();
        Assert.Empty(array);
        Assert.Null(array.FirstIndex);
        Assert.Null(array.LastIndex);
        Assert.False(array.ContainsIndex(0));
        Assert.False(array.ContainsIndex(ulong.MaxValue));
        Assert.False(array.TryGetValue(7, out string? value));
        Assert.Null(value);
        Assert.False(array.Remove(0));
        Assert.Throws<KeyNotFoundException>(() => array[0]);
        Assert.Empty(array);
        int calls = 0;
        array.ForEachRun(ref calls, static (ref int c, ulong _, ReadOnlySpan<string> _) => c++);
        Assert.Equal(0, calls);
        foreach (KhoArrayRun<string> _ in array.GetRuns())
            calls++;
        Assert.Equal(0, calls);
    }

    [Fact]
    public void Set_get_replace_remove_at_extreme_indexes()
    {
        var array = new KhoArray<string>();
        array[ulong.MaxValue] = "max";
        array[0] = "zero";
        array[1UL << 40] = "mid";

        Assert.Equal(3, array.Count);
        Assert.Equal("zero", array[0]);
        Assert.Equal("max", array[ulong.MaxValue]);
        Assert.Equal("mid", array[1UL << 40]);
        Assert.Equal(0UL, array.FirstIndex);
        Assert.Equal(ulong.MaxValue, array.LastIndex);
        Assert.True(array.ContainsIndex(ulong.MaxValue));
        Assert.False(array.ContainsIndex(ulong.MaxValue - 1));
        Assert.False(array.ContainsIndex(1));
        Assert.True(array.TryGetValue(0, out string? zero));
        Assert.Equal("zero", zero);
        var missing = Assert.Throws<KeyNotFoundException>(() => array[ulong.MaxValue - 1]);
        Assert.Contains((ulong.MaxValue - 1).ToString(), missing.Message);

        // Replace keeps the count.
        array[ulong.MaxValue] = "MAX";
        array[0] = "ZERO";
        Assert.Equal(3, array.Count);
        Assert.Equal("MAX", array[ulong.MaxValue]);
        Assert.Equal("ZERO", array[0]);

        Assert.Equal(new[] { 0UL, 1UL << 40, ulong.MaxValue }, array.Select(kv => kv.Key));
        Assert.Equal(new[] { "ZERO", "mid", "MAX" }, array.Select(kv => kv.Value));

        Assert.True(array.Remove(ulong.MaxValue));
        Assert.False(array.Remove(ulong.MaxValue));
        Assert.Equal(2, array.Count);
        Assert.Equal(1UL << 40, array.LastIndex);
        Assert.Throws<KeyNotFoundException>(() => array[ulong.MaxValue]);
        Assert.True(array.Remove(0));
        Assert.Equal(1UL << 40, array.FirstIndex);
        Assert.True(array.Remove(1UL << 40));
        Assert.Empty(array);
        Assert.Null(array.FirstIndex);
        Assert.Null(array.LastIndex);
        Assert.Empty(array);

        // Usable again after becoming empty.
        array[5] = "five";
        Assert.Equal("five", array[5]);
        Assert.Single(array);
    }

    [Fact]
    public void Clear_empties_and_array_stays_usable()
    {
        var array = new KhoArray<int>(capacityHint: 1000);
        for (int i = 0; i < 1000; i++)
            array[(ulong)i * 3] = i;
        Assert.Equal(1000, array.Count);
        array.Clear();
        Assert.Empty(array);
        Assert.Null(array.FirstIndex);
        Assert.False(array.ContainsIndex(0));
        Assert.False(array.ContainsIndex(999 * 3));
        Assert.Empty(array);
        array.Append(10, 1);
        array[2] = 2;
        Assert.Equal(new[] { new KeyValuePair<ulong, int>(2, 2), new KeyValuePair<ulong, int>(10, 1) }, array.ToArray());
    }

    [Fact]
    public void Negative_capacity_hint_throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new KhoArray<int>(-1));
    }

    [Fact]
    public void Default_values_are_stored_as_entries()
    {
        var array = new KhoArray<string?>();
        array[3] = null;
        Assert.Single(array);
        Assert.True(array.ContainsIndex(3));
        Assert.True(array.TryGetValue(3, out string? value));
        Assert.Null(value);
        Assert.False(array.ContainsIndex(4));
    }

    // ------------------------------------------------------------------ randomized model test

    public static IEnumerable<object[]> Distributions() => new[]
    {
        new object[] { "dense" },
        new object[] { "2^40" },
        new object[] { "full" },
    };

    [Theory]
    [MemberData(nameof(Distributions))]
    public void Matches_sorted_dictionary_model(string distribution)
    {
        var random = new Random(20240611 + distribution.Length);
        Func<ulong> nextIndex = distribution switch
        {
            "dense" => () => (ulong)random.Next(20_000),
            "2^40" => () => (ulong)random.NextInt64(1L << 40),
            _ => () => random.Next(16) switch
            {
                0 => 0,
                1 => ulong.MaxValue,
                2 => ulong.MaxValue - (ulong)random.Next(200),
                3 => (ulong)random.Next(200),
                _ => ((ulong)(uint)random.Next() << 33) ^ ((ulong)(uint)random.Next() << 2) ^ (ulong)random.Next(4),
            },
        };

        var array = new KhoArray<long>();
        var model = new SortedDictionary<ulong, long>();
        const int Operations = 70_000;
        for (int op = 0; op < Operations; op++)
        {
            // Alternate phases that grow and shrink the array, so nodes split, merge and even out.
            bool growing = op / 10_000 % 2 == 0;
            int choice = random.Next(100);
            ulong index = nextIndex();
            long value = op;
            if (choice < (growing ? 50 : 20))
            {
                array[index] = value;
                model[index] = value;
            }
            else if (choice < 75)
            {
                if (!growing && model.Count > 0 && random.Next(3) == 0)
                    index = model.Keys.First(); // also remove from the front
                Assert.Equal(model.Remove(index), array.Remove(index));
            }
            else if (choice < 90)
            {
                bool found = model.TryGetValue(index, out long expected);
                Assert.Equal(found, array.TryGetValue(index, out long actual));
                Assert.Equal(expected, actual);
                Assert.Equal(found, array.ContainsIndex(index));
                if (found)
                    Assert.Equal(expected, array[index]);
                else
                    Assert.Throws<KeyNotFoundException>(() => array[index]);
            }
            else
            {
                ulong? last = array.LastIndex;
                if (last is null)
                {
                    array.Append(index, value);
                    model[index] = value;
                }
                else if (last.Value <= ulong.MaxValue - 1000 && random.Next(4) != 0)
                {
                    ulong next = last.Value + 1 + (ulong)random.Next(distribution == "dense" ? 3 : 1000);
                    array.Append(next, value);
                    model[next] = value;
                }
                else
                {
                    ulong bad = last.Value - (ulong)random.Next((int)Math.Min(3UL, last.Value + 1));
                    Assert.Throws<ArgumentException>(() => array.Append(bad, value));
                }
            }

            if (op % 7_000 == 0)
                AssertSame(model, array);
        }
        AssertSame(model, array);
        AssertRuns(model, array);

        // Drain in random order down to empty.
        foreach (ulong index in model.Keys.OrderBy(_ => random.Next()).ToList())
        {
            Assert.True(array.Remove(index));
            model.Remove(index);
            if (model.Count % 5_000 == 0)
                AssertSame(model, array);
        }
        Assert.Empty(array);
        Assert.Empty(array);
    }

    [Fact]
    public void Dense_million_in_random_order()
    {
        const int N = 1_000_000;
        var random = new Random(42);
        int[] order = Enumerable.Range(0, N).ToArray();
        random.Shuffle(order);
        var array = new KhoArray<long>();
        foreach (int i in order)
            array[(ulong)i] = -i;
        Assert.Equal(N, array.Count);
        long expected = 0;
        foreach (var (key, value) in array)
        {
            Assert.Equal(expected, (long)key);
            Assert.Equal(-expected, value);
            expected++;
        }
        Assert.Equal(N, expected);

        // One logical run covering everything.
        var runs = JoinPieces(PiecesByEnumerator(array));
        Assert.Single(runs);
        Assert.Equal(0UL, runs[0].Start);
        Assert.Equal(N, runs[0].Values.Count);

        // Remove every other index: runs of length one, then nothing adjacent.
        for (int i = 0; i < N; i += 2)
            Assert.True(array.Remove((ulong)i));
        Assert.Equal(N / 2, array.Count);
        Assert.Equal(1UL, array.FirstIndex);
        int pieces = 0;
        foreach (KhoArrayRun<long> run in array.GetRuns())
        {
            Assert.Equal(1, run.Values.Length);
            Assert.Equal(1UL, run.Start % 2);
            Assert.Equal(-(long)run.Start, run.Values[0]);
            pieces++;
        }
        Assert.Equal(N / 2, pieces);
    }

    [Fact]
    public void Sparse_million_over_2_pow_40()
    {
        const int N = 1_000_000;
        var random = new Random(7);
        var keys = new HashSet<ulong>();
        while (keys.Count < N)
            keys.Add((ulong)random.NextInt64(1L << 40));
        ulong[] keyArray = keys.ToArray();
        var array = new KhoArray<long>();
        foreach (ulong k in keyArray)
            array[k] = (long)(k * 3);
        Assert.Equal(N, array.Count);
        Array.Sort(keyArray);
        int i = 0;
        foreach (var (key, value) in array)
        {
            Assert.Equal(keyArray[i], key);
            Assert.Equal((long)(key * 3), value);
            i++;
        }
        Assert.Equal(N, i);
        for (int j = 0; j < 1000; j++)
        {
            ulong k = keyArray[random.Next(N)];
            Assert.Equal((long)(k * 3), array[k]);
            Assert.False(array.ContainsIndex(k + (1UL << 40)));
        }
    }

    // ------------------------------------------------------------------ enumeration

    [Fact]
    public void Enumerates_in_ascending_index_order_through_every_interface()
    {
        var random = new Random(3);
        var array = new KhoArray<long>();
        var expected = new SortedDictionary<ulong, long>();
        for (int i = 0; i < 5_000; i++)
        {
            ulong k = random.Next(3) == 0 ? ulong.MaxValue - (ulong)random.Next(10_000) : (ulong)random.NextInt64();
            array[k] = i;
            expected[k] = i;
        }
        Assert.Equal(expected.ToList(), array.ToList());                          // IEnumerable<T> (boxed enumerator)

        var viaStruct = new List<KeyValuePair<ulong, long>>();
        foreach (var kv in array)                                                    // struct enumerator
            viaStruct.Add(kv);
        Assert.Equal(expected.ToList(), viaStruct);

        var viaNonGeneric = new List<KeyValuePair<ulong, long>>();
        IEnumerator e = ((IEnumerable)array).GetEnumerator();
        while (e.MoveNext())
            viaNonGeneric.Add((KeyValuePair<ulong, long>)e.Current);
        Assert.Equal(expected.ToList(), viaNonGeneric);

        // Reset restarts.
        e.Reset();
        Assert.True(e.MoveNext());
        Assert.Equal(expected.First(), (KeyValuePair<ulong, long>)e.Current);

        // Reads do not invalidate enumerators, and neither does removing an absent index.
        using var enumerator = array.GetEnumerator();
        Assert.True(enumerator.MoveNext());
        _ = array[enumerator.Current.Key];
        _ = array.TryGetValue(12345, out _);
        ulong absent = 12345;
        while (expected.ContainsKey(absent))
            absent++;
        Assert.False(array.Remove(absent));
        Assert.True(enumerator.MoveNext());
        Assert.Equal(expected.Skip(1).First(), enumerator.Current);
    }

    public static IEnumerable<object[]> Modifications() => new[]
    {
        new object[] { "add" },
        new object[] { "replace" },
        new object[] { "remove" },
        new object[] { "append" },
        new object[] { "clear" },
    };

    private static void Modify(KhoArray<long> array, string modification)
    {
        switch (modification)
        {
            case "add": array[1_000_001] = 1; break;
            case "replace": array[10] = 99; break;
            case "remove": Assert.True(array.Remove(20)); break;
            case "append": array.Append(ulong.MaxValue, 1); break;
            case "clear": array.Clear(); break;
            default: throw new ArgumentOutOfRangeException(nameof(modification));
        }
    }

    private static KhoArray<long> Sample()
    {
        var array = new KhoArray<long>();
        for (ulong i = 0; i < 1000; i++)
            array[i * 10] = (long)i;
        return array;
    }

    [Theory]
    [MemberData(nameof(Modifications))]
    public void Modification_during_enumeration_throws(string modification)
    {
        var array = Sample();
        var ex = Assert.Throws<InvalidOperationException>(() =>
        {
            foreach (var kv in array)
            {
                if (kv.Key == 500)
                    Modify(array, modification);
            }
        });
        Assert.Contains("modified", ex.Message);

        array = Sample();
        IEnumerator<KeyValuePair<ulong, long>> boxed = ((IEnumerable<KeyValuePair<ulong, long>>)array).GetEnumerator();
        Assert.True(boxed.MoveNext());
        Modify(array, modification);
        Assert.Throws<InvalidOperationException>(() => boxed.MoveNext());
        Assert.Throws<InvalidOperationException>(() => boxed.Reset());
    }

    [Theory]
    [MemberData(nameof(Modifications))]
    public void Modification_during_run_visit_throws(string modification)
    {
        var array = Sample();
        Assert.Throws<InvalidOperationException>(() =>
        {
            foreach (KhoArrayRun<long> run in array.GetRuns())
            {
                if (run.Start == 500)
                    Modify(array, modification);
            }
        });

        array = Sample();
        var state = (Array: array, Modification: modification, Calls: 0);
        Assert.Throws<InvalidOperationException>(() =>
            array.ForEachRun(ref state, static (ref (KhoArray<long> Array, string Modification, int Calls) s, ulong start, ReadOnlySpan<long> _) =>
            {
                s.Calls++;
                if (start == 500)
                    Modify(s.Array, s.Modification);
            }));
        Assert.Equal(51, state.Calls); // indexes 0, 10, ..., 500: stopped right after the modifying call
    }

    // ------------------------------------------------------------------ runs

    [Fact]
    public void Runs_are_maximal_and_cover_every_entry_across_leaf_boundaries()
    {
        var model = new SortedDictionary<ulong, long>();
        void Add(ulong k) => model[k] = (long)(k % 1_000_003);
        for (ulong i = 0; i < 300; i++) Add(i);                           // spans several leaves
        Add(301);
        for (ulong i = 303; i <= 305; i++) Add(i);
        for (ulong i = 1UL << 40; i < (1UL << 40) + 1000; i += 2) Add(i);  // no adjacency at all
        for (ulong i = 5_000_000; i < 5_001_000; i++) Add(i);
        for (ulong i = ulong.MaxValue - 400; i != 0; i++) Add(i);          // run ending at ulong.MaxValue

        // Built in order (full leaves), and built in random order (half-full leaves from splits).
        var appended = new KhoArray<long>();
        foreach (var (k, v) in model)
            appended.Append(k, v);
        AssertRuns(model, appended);

        var random = new Random(11);
        var shuffled = new KhoArray<long>();
        foreach (var (k, v) in model.OrderBy(_ => random.Next()))
            shuffled[k] = v;
        AssertRuns(model, shuffled);

        var lastRun = JoinPieces(PiecesByVisitor(shuffled))[^1];
        Assert.Equal(ulong.MaxValue - 400, lastRun.Start);
        Assert.Equal(401, lastRun.Values.Count);

        // Removing entries splits runs; filling gaps joins them.
        foreach (ulong k in new ulong[] { 150, 5_000_500, ulong.MaxValue, 0 })
        {
            Assert.True(shuffled.Remove(k));
            model.Remove(k);
        }
        Add(300);
        shuffled[300] = model[300];
        Add(302);
        shuffled[302] = model[302];
        AssertRuns(model, shuffled);
        lastRun = JoinPieces(PiecesByEnumerator(shuffled))[^1];
        Assert.Equal(ulong.MaxValue - 400, lastRun.Start);
        Assert.Equal(400, lastRun.Values.Count);
    }

    [Fact]
    public void Single_entry_at_max_index_is_one_run()
    {
        var array = new KhoArray<long>();
        array.Append(ulong.MaxValue, 5);
        var pieces = PiecesByVisitor(array);
        Assert.Single(pieces);
        Assert.Equal(ulong.MaxValue, pieces[0].Start);
        Assert.Equal(new long[] { 5 }, pieces[0].Values);
        foreach (KhoArrayRun<long> run in array.GetRuns())
            Assert.Equal(ulong.MaxValue, run.LastIndex);
    }

    // ------------------------------------------------------------------ append

    [Fact]
    public void Million_sequential_appends()
    {
        const int N = 1_000_000;
        var array = new KhoArray<long>();
        for (int i = 0; i < N; i++)
            array.Append((ulong)i, i * 2L);
        Assert.Equal(N, array.Count);
        Assert.Equal(0UL, array.FirstIndex);
        Assert.Equal((ulong)(N - 1), array.LastIndex);
        Assert.Equal(0L, array[0]);
        Assert.Equal(2L * 123_456, array[123_456]);
        Assert.Equal(2L * (N - 1), array[N - 1]);
        Assert.False(array.ContainsIndex(N));

        long expected = 0;
        foreach (var (key, value) in array)
        {
            Assert.Equal(expected, (long)key);
            Assert.Equal(expected * 2, value);
            expected++;
        }
        Assert.Equal(N, expected);

        // Appends fill leaves completely: the one logical run comes in few pieces.
        foreach (List<Piece> pieces in new[] { PiecesByEnumerator(array), PiecesByVisitor(array) })
        {
            var runs = JoinPieces(pieces);
            Assert.Single(runs);
            Assert.Equal(N, runs[0].Values.Count);
            Assert.True(pieces.Count <= N / 100, $"{pieces.Count} pieces for one run of {N}");
        }

        // The indexer takes the same path for an index past the end.
        array[N + 10] = 7;
        Assert.Equal((ulong)(N + 10), array.LastIndex);
        Assert.Equal(N + 1, array.Count);
    }

    [Fact]
    public void Sparse_appends_up_to_max_index()
    {
        var array = new KhoArray<long>();
        var expected = new List<KeyValuePair<ulong, long>>();
        ulong stride = ulong.MaxValue / 100_000;
        for (ulong i = 0; i <= 100_000; i++)
        {
            array.Append(i * stride, (long)i);
            expected.Add(new(i * stride, (long)i));
        }
        array.Append(ulong.MaxValue, -1);
        expected.Add(new(ulong.MaxValue, -1));
        Assert.Equal(expected, array.ToList());
        Assert.Equal(ulong.MaxValue, array.LastIndex);
        Assert.Throws<ArgumentException>(() => array.Append(ulong.MaxValue, 0));
        Assert.Equal(expected.Count, array.Count);
    }

    [Fact]
    public void Append_not_past_the_end_throws_and_leaves_the_array_unchanged()
    {
        var array = new KhoArray<long>();
        array.Append(0, 1);   // any index on an empty array, including 0
        array.Append(10, 2);
        array.Append(20, 3);
        var before = array.ToList();

        using var enumerator = array.GetEnumerator();
        Assert.True(enumerator.MoveNext());

        foreach (ulong bad in new ulong[] { 20, 19, 10, 5, 0 })
        {
            var ex = Assert.Throws<ArgumentException>(() => array.Append(bad, 100));
            Assert.Equal("index", ex.ParamName);
        }

        Assert.Equal(before, array.ToList());
        Assert.Equal(3, array.Count);
        Assert.Equal(3L, array[20]);
        Assert.Equal(20UL, array.LastIndex);
        Assert.True(enumerator.MoveNext()); // a failed append is not a modification
        Assert.Equal(10UL, enumerator.Current.Key);

        array.Append(21, 4);
        Assert.Equal(4L, array[21]);
        Assert.Throws<InvalidOperationException>(() => enumerator.MoveNext());
    }
}
