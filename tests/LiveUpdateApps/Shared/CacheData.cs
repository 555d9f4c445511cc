using System;
using System.Collections.Generic;
using System.Linq;
using KhoGen;

namespace CacheService;

/// <summary>
/// The state both builds agree on, so each process can check every value it received: what build
/// 1.0 fills its cache with, and what build 2.0 adds before it rolls back to 1.0.
/// </summary>
static class CacheData
{
    public const long Generation = 41;
    public const int EntryCount = 500;
    public const int SlotCount = 300;

    public static Dictionary<string, string> Entries() =>
        Enumerable.Range(0, EntryCount).ToDictionary(i => $"key-{i:D4}", i => $"value-{i * i}-{new string('x', i % 17)}");

    /// <summary>Sparse: slots spread over a 2^40 index space.</summary>
    public static KhoArray<Slot> Slots()
    {
        var slots = new KhoArray<Slot>();
        for (int i = 0; i < SlotCount; i++)
            slots[(ulong)i * 3_666_666_667UL + (ulong)(i % 3)] = new Slot((ulong)i * 7919, i * 13, (SlotState)(i % 3));
        return slots;
    }

    /// <summary>Entries build 2.0 adds after it took the state over.</summary>
    public static Dictionary<string, string> Additions() =>
        Enumerable.Range(0, 20).ToDictionary(j => $"added-by-2.0-{j}", j => $"fresh-{j}");

    public const ulong AddedSlotIndex = 1UL << 50;
    public static readonly Slot AddedSlot = new(99, 4096, SlotState.Hot);

    /// <summary>Every difference between what a process holds and what it should hold.</summary>
    public static List<string> Differences(long generation, IReadOnlyDictionary<string, string> entries, KhoArray<Slot> slots,
        long expectedGeneration, IReadOnlyDictionary<string, string> expectedEntries, KhoArray<Slot> expectedSlots)
    {
        var problems = new List<string>();
        if (generation != expectedGeneration) problems.Add($"generation {generation}, expected {expectedGeneration}");
        if (entries.Count != expectedEntries.Count) problems.Add($"{entries.Count} entries, expected {expectedEntries.Count}");
        foreach (var (key, value) in expectedEntries)
            if (!entries.TryGetValue(key, out string? got)) problems.Add($"entry {key} missing");
            else if (got != value) problems.Add($"entry {key} is '{got}', expected '{value}'");
        if (slots.Count != expectedSlots.Count) problems.Add($"{slots.Count} slots, expected {expectedSlots.Count}");
        foreach (var (index, slot) in expectedSlots)
            if (!slots.TryGetValue(index, out Slot got)) problems.Add($"slot {index} missing");
            else if (got != slot) problems.Add($"slot {index} is {got}, expected {slot}");
        return problems;
    }

    /// <summary>Prints the verdict the tests read: one "verified" line, or the differences on stderr.</summary>
    public static bool Report(List<string> problems, int entries, int slots, long generation)
    {
        if (problems.Count == 0)
        {
            Console.WriteLine($"verified {entries} entries, {slots} slots, generation {generation}");
            return true;
        }
        Console.Error.WriteLine($"{problems.Count} difference(s):");
        foreach (string p in problems.Take(20)) Console.Error.WriteLine("  " + p);
        return false;
    }
}
