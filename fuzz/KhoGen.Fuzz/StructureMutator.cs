using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using KhoGen.Fuzz.Forge;

namespace KhoGen.Fuzz;

/// <summary>
/// Mutations that know the containers: an envelope, an image or a catalog is split into its parts,
/// one part is changed, and the container is rebuilt with every length, offset and checksum right,
/// so the mutation reaches the code behind the checksums. Payloads are changed byte-wise or kept
/// valid up to a point and made wrong after it; writer catalogs are replaced by forged ones or
/// edited, and their fingerprints made right again when the edit is meant to get past them.
/// </summary>
sealed class StructureMutator
{
    readonly Random _random;
    readonly Mutator _bytes;

    public StructureMutator(int seed)
    {
        _random = new Random(seed);
        _bytes = new Mutator(unchecked(seed * 31 + 17));
    }

    static readonly uint[] ForgedCounts = { 0, 1, 2, 127, 128, 255, 65535, 1 << 20, 1 << 28, int.MaxValue, uint.MaxValue };

    /// <summary>A payload: byte mutations, or valid up to a point and wrong after it.</summary>
    public byte[] Payload(byte[] valid, IReadOnlyList<byte[]> others) => _random.Next(4) switch
    {
        0 or 1 => ValidPrefix(valid),
        2 => _bytes.Mutate(valid, others.Count > 0 ? others : new[] { valid }),
        _ => Splice(valid, others.Count > 0 ? others[_random.Next(others.Count)] : valid),
    };

    /// <summary>The first bytes of a valid payload, then a tail that cannot continue it well.</summary>
    public byte[] ValidPrefix(byte[] valid)
    {
        int cut = _random.Next(valid.Length + 1);
        var tail = new List<byte>();
        switch (_random.Next(6))
        {
            case 0: break; // cut short
            case 1: // a forged count or length, then a little of the rest
            {
                var b = new byte[4];
                BinaryPrimitives.WriteUInt32LittleEndian(b, ForgedCounts[_random.Next(ForgedCounts.Length)]);
                tail.AddRange(b);
                tail.AddRange(valid.Skip(cut).Take(_random.Next(16)));
                break;
            }
            case 2: // a varint that runs on
                for (int i = _random.Next(1, 12); i > 0; i--) tail.Add((byte)(0x80 | _random.Next(128)));
                tail.Add((byte)_random.Next(128));
                break;
            case 3: // random bytes
                for (int i = _random.Next(1, 64); i > 0; i--) tail.Add((byte)_random.Next(256));
                break;
            case 4: // presence and null markers: 0, 1, 0xFF runs
                for (int i = _random.Next(1, 32); i > 0; i--) tail.Add(new byte[] { 0, 1, 0xFF }[_random.Next(3)]);
                break;
            default: // the valid rest, one byte changed in it
            {
                var rest = valid.Skip(cut).ToArray();
                if (rest.Length > 0) rest[_random.Next(rest.Length)] ^= (byte)(1 << _random.Next(8));
                tail.AddRange(rest);
                break;
            }
        }
        return valid.Take(cut).Concat(tail).ToArray();
    }

    byte[] Splice(byte[] a, byte[] b) =>
        a.Take(_random.Next(a.Length + 1)).Concat(b.Skip(_random.Next(b.Length + 1))).ToArray();

    /// <summary>An envelope with one part changed and its checksum right.</summary>
    public byte[] Envelope(byte[] envelope, IReadOnlyList<byte[]> seeds)
    {
        var p = EnvelopeParts.Split(envelope);
        var others = seeds.Select(EnvelopeParts.Split).ToList();
        var other = others[_random.Next(others.Count)];
        p = _random.Next(10) switch
        {
            < 6 => p with { Payload = Payload(p.Payload, others.Where(o => o.Name == p.Name && o.Version == p.Version).Select(o => o.Payload).ToList()) },
            6 => p with { Version = new uint[] { 0, 1, 2, 3, 4, 99, int.MaxValue, uint.MaxValue }[_random.Next(8)] },
            7 => p with { Shape = _random.Next(2) == 0 ? other.Shape : (ulong)_random.NextInt64() },
            8 => p with { Name = new[] { other.Name, "", "memfd", "session", "Memfd", "a-", "x".PadRight(60, 'x') }[_random.Next(7)] },
            _ => p with { Version = other.Version, Shape = other.Shape, Payload = Payload(other.Payload, new[] { p.Payload }) }, // another version's header
        };
        return p.Build();
    }

    /// <summary>An image with one part changed and every checksum right.</summary>
    public byte[] Image(byte[] image, IReadOnlyList<byte[]> seeds)
    {
        var p = ForgedImages.Split(image);
        var entries = p.Entries.ToList();
        var other = ForgedImages.Split(seeds[_random.Next(seeds.Count)]);
        int pick = entries.Count == 0 ? -1 : _random.Next(entries.Count);
        switch (_random.Next(12))
        {
            case 0:
            case 1:
            case 2:
                if (pick >= 0)
                    entries[pick] = entries[pick] with
                    {
                        Payload = Payload(entries[pick].Payload, other.Entries.Where(e => e.Name == entries[pick].Name).Select(e => e.Payload).ToList()),
                    };
                break;
            case 3: // the table: order, duplicates, missing entries
                if (entries.Count > 1) (entries[0], entries[^1]) = (entries[^1], entries[0]);
                else if (pick >= 0) entries.Add(entries[pick]);
                break;
            case 4:
                if (pick >= 0) entries.RemoveAt(pick);
                else entries.AddRange(other.Entries);
                break;
            case 5:
                if (pick >= 0) entries[pick] = entries[pick] with { Version = new uint[] { 0, 1, 2, 3, 9, uint.MaxValue }[_random.Next(6)] };
                break;
            case 6:
                if (pick >= 0) entries[pick] = entries[pick] with { Shape = other.Entries.Count > 0 && _random.Next(2) == 0 ? other.Entries[_random.Next(other.Entries.Count)].Shape : (ulong)_random.NextInt64() };
                break;
            case 7:
                if (pick >= 0) entries[pick] = entries[pick] with { Name = new[] { "memfd", "session", "other", "", "Memfd", "m".PadRight(255, 'm') }[_random.Next(6)] };
                break;
            case 8:
                p = p with { ImageVersion = new uint[] { 0, 1, 3, uint.MaxValue }[_random.Next(4)], Writer = _random.Next(2) == 0 ? "" : new string('w', _random.Next(1, 5000)) };
                break;
            case 9:
                p = p with { Address = _random.Next(2) == 0 ? "" : new string('a', _random.Next(1, 5000)), Created = _random.NextInt64(long.MinValue, long.MaxValue), Successor = other.Successor, SuccessorFingerprint = (ulong)_random.NextInt64() };
                break;
            default:
                p = p with { Catalog = Catalog(p.Catalog) };
                break;
        }
        return ForgedImages.Build(p with { Entries = entries });
    }

    static readonly string[] Types =
    {
        "i32", "u64", "string", "bytes", "decimal", "i32?", "seq<i32>", "map<string,i32>", "sparse<u64>", "seq<seq<string?>>",
        "Nowhere", "D00", "seq<D00>", "map<i32,D00>", "D00?", "sparse<D00>", "seq<seq<seq<seq<seq<seq<seq<seq<seq<seq<i32>>>>>>>>>>",
    };

    /// <summary>A writer catalog: forged whole, or the given one edited, its fingerprints made right or left lying.</summary>
    public string Catalog(string json)
    {
        switch (_random.Next(12))
        {
            case 0: return ForgedCatalogs.DeepDag(_random.Next(1, 40), _random.Next(1, 5));
            case 1: return _random.Next(2) == 0 ? ForgedCatalogs.WideDag(_random.Next(2, 46)) : ForgedCatalogs.ManyFormats(_random.Next(10, 19), _random.Next(1, 14));
            case 2: return ForgedCatalogs.Cycle(_random.Next(1, 10));
            case 3: return new[] { ForgedCatalogs.DuplicateData(), ForgedCatalogs.DataAndEnum(), ForgedCatalogs.UnknownType(), ForgedCatalogs.Lying() }[_random.Next(4)];
            case 4: return ForgedCatalogs.HugeName(_random.Next(1, 5000));
            case 5: return System.Text.Encoding.UTF8.GetString(_bytes.Mutate(System.Text.Encoding.UTF8.GetBytes(json), new[] { System.Text.Encoding.UTF8.GetBytes(json) }));
        }
        JsonObject root = JsonNode.Parse(json)!.AsObject();
        var layouts = Layouts(root).ToList();
        JsonObject target = layouts[_random.Next(layouts.Count)];
        var members = target["members"]!.AsArray();
        switch (_random.Next(7))
        {
            case 0: // a member renamed: the fingerprints stay right
                if (members.Count > 0) members[_random.Next(members.Count)]!["name"] = "renamed" + _random.Next(100);
                break;
            case 1: // a member retyped, added or removed
                if (members.Count > 0 && _random.Next(2) == 0) members.RemoveAt(_random.Next(members.Count));
                else members.Insert(_random.Next(members.Count + 1), new JsonObject { ["name"] = "added" + _random.Next(1000), ["type"] = Types[_random.Next(Types.Length)] });
                break;
            case 2:
                if (members.Count > 0) members[_random.Next(members.Count)]!["type"] = Types[_random.Next(Types.Length)];
                break;
            case 3: // a deep DAG grafted in, within or beyond the bound
            {
                var dag = JsonNode.Parse(ForgedCatalogs.DeepDag(_random.Next(1, 30), _random.Next(1, 4)))!["data"]!.AsArray();
                foreach (var d in dag.ToList()) { dag.Remove(d); root["data"]!.AsArray().Add(d); }
                members.Add(new JsonObject { ["name"] = "graft", ["type"] = "D00" });
                break;
            }
            case 4: // class and struct swapped
                if (target["kind"] is JsonNode kind) target["kind"] = kind.GetValue<string>() == "class" ? "struct" : "class";
                break;
            case 5: // an entry listed twice
            {
                var data = root["data"]!.AsArray();
                if (data.Count > 0) data.Add(data[_random.Next(data.Count)]!.DeepClone());
                break;
            }
            default: // enum values changed
            {
                var enums = root["enums"]!.AsArray();
                if (enums.Count > 0)
                {
                    var values = enums[_random.Next(enums.Count)]!["values"]!.AsObject();
                    if (values.Count > 0 && _random.Next(2) == 0) values.Remove(values.ElementAt(_random.Next(values.Count)).Key);
                    else values["Added" + _random.Next(100)] = _random.Next(-5, 300);
                }
                break;
            }
        }
        string edited = root.ToJsonString();
        // Most edits are meant to get past the fingerprint check, so that restore compares the layouts.
        return _random.Next(4) == 0 ? edited : ForgedCatalogs.WithRightFingerprints(edited);
    }

    static IEnumerable<JsonObject> Layouts(JsonObject root)
    {
        foreach (var f in root["formats"]!.AsArray())
            foreach (var v in f!["versions"]!.AsArray()) yield return v!.AsObject();
        foreach (var d in root["data"]!.AsArray()) yield return d!.AsObject();
    }
}
