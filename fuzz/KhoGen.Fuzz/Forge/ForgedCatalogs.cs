using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace KhoGen.Fuzz.Forge;

/// <summary>
/// Writer catalogs as an attacker writes them: well-formed JSON of the catalog schema whose layouts
/// are hostile (deep or wide DAGs of data types, cycles, duplicate or unknown names, huge names,
/// fingerprints that lie). Shared by the fuzzer and the tests that pin each refusal.
/// </summary>
static class ForgedCatalogs
{
    /// <summary>A well-formed fingerprint that matches no layout.</summary>
    public const string Lie = "sha256:0000000000000000000000000000000000000000000000000000000000000000";

    public static JsonObject Data(string name, params (string Name, string Type)[] members) => Data(name, false, members);

    public static JsonObject Data(string name, bool isClass, params (string Name, string Type)[] members) => new()
    {
        ["name"] = name,
        ["kind"] = isClass ? "class" : "struct",
        ["fingerprint"] = Lie,
        ["members"] = Members(members),
    };

    public static JsonObject Enum(string name, params (string Name, long Value)[] values)
    {
        var obj = new JsonObject();
        foreach (var (n, v) in values) obj[n] = v;
        return new JsonObject { ["name"] = name, ["underlying"] = "i32", ["flags"] = false, ["values"] = obj };
    }

    public static JsonObject Format(string name, int version, params (string Name, string Type)[] members) => new()
    {
        ["name"] = name,
        ["latest"] = version,
        ["versions"] = new JsonArray(new JsonObject
        {
            ["version"] = version, ["id"] = $"{name}-v{version}", ["read"] = true, ["write"] = true, ["retired"] = false,
            ["fingerprint"] = Lie, ["members"] = Members(members),
        }),
    };

    static JsonArray Members((string Name, string Type)[] members) =>
        new(members.Select(m => (JsonNode)new JsonObject { ["name"] = m.Name, ["type"] = m.Type }).ToArray());

    public static string Catalog(IEnumerable<JsonObject> formats, IEnumerable<JsonObject> data, IEnumerable<JsonObject>? enums = null) => new JsonObject
    {
        ["schema"] = "khogen-catalog/1",
        ["assembly"] = new JsonObject { ["name"] = "Forged", ["version"] = "6.6.6.6" },
        ["formats"] = new JsonArray(formats.Cast<JsonNode>().ToArray()),
        ["data"] = new JsonArray(data.Cast<JsonNode>().ToArray()),
        ["enums"] = new JsonArray((enums ?? Enumerable.Empty<JsonObject>()).Cast<JsonNode>().ToArray()),
    }.ToJsonString();

    static string D(int i) => "D" + i.ToString("00", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Data types D00..D(levels-1), each with <paramref name="width"/> members of the next, the last
    /// with <paramref name="width"/> i32, and a format <c>deep-v1</c> holding one D00: a canonical form
    /// of width^levels members from a few kilobytes of JSON (the issue's 30-level, 2-wide image).
    /// </summary>
    public static string DeepDag(int levels, int width = 2, string format = "deep")
    {
        var data = new List<JsonObject>();
        for (int i = 0; i < levels; i++)
        {
            string next = i + 1 < levels ? D(i + 1) : "i32";
            data.Add(Data(D(i), Enumerable.Range(0, width).Select(m => ("m" + m, next)).ToArray()));
        }
        return Catalog(new[] { Format(format, 1, ("root", D(0))) }, data);
    }

    /// <summary>
    /// <paramref name="formats"/> formats f0..fn, each holding the D00 of a <paramref name="levels"/>-level,
    /// 2-wide DAG: each layout within the bound of one, together past the bound of a catalog.
    /// </summary>
    public static string ManyFormats(int levels, int formats)
    {
        var dag = JsonNode.Parse(DeepDag(levels))!["data"]!.AsArray().Select(d => d!.AsObject().DeepClone().AsObject()).ToList();
        return Catalog(Enumerable.Range(0, formats).Select(f => Format("f" + f.ToString(System.Globalization.CultureInfo.InvariantCulture), 1, ("root", D(0)))), dag);
    }

    /// <summary>A wide DAG: <paramref name="types"/> data types, each holding every later one once (types^2/2 members).</summary>
    public static string WideDag(int types)
    {
        var data = new List<JsonObject>();
        for (int i = 0; i < types; i++)
            data.Add(Data(D(i), Enumerable.Range(i + 1, types - i - 1).Select(j => ("m" + j, D(j))).Append(("x", "u64")).ToArray()));
        return Catalog(new[] { Format("wide", 1, ("root", D(0))) }, data);
    }

    /// <summary>D00 -> D01 -> ... -> D(n-1) -> D00.</summary>
    public static string Cycle(int length) => Catalog(new[] { Format("cycle", 1, ("root", D(0))) },
        Enumerable.Range(0, length).Select(i => Data(D(i), ("next", D((i + 1) % length)))));

    /// <summary>Two data types named D00 with different layouts.</summary>
    public static string DuplicateData() => Catalog(new[] { Format("dup", 1, ("root", D(0))) },
        new[] { Data(D(0), ("a", "i32")), Data(D(0), ("a", "string"), ("b", "string")) });

    /// <summary>A name both a data type and an enum.</summary>
    public static string DataAndEnum() => Catalog(new[] { Format("dup", 1, ("root", D(0))) },
        new[] { Data(D(0), ("a", "i32")) }, new[] { Enum(D(0), ("A", 1)) });

    /// <summary>A member of a type the catalog does not declare.</summary>
    public static string UnknownType() => Catalog(new[] { Format("unknown", 1, ("root", "Nowhere")) }, new JsonObject[0]);

    /// <summary>A data type whose name is <paramref name="length"/> characters long.</summary>
    public static string HugeName(int length)
    {
        string name = "N" + new string('x', length - 1);
        return Catalog(new[] { Format("huge", 1, ("root", name)) }, new[] { Data(name, ("a", "i32")) });
    }

    /// <summary>A small, well-formed catalog whose fingerprints lie.</summary>
    public static string Lying() => Catalog(new[] { Format("liar", 1, ("a", "i32"), ("b", "seq<Point>")) },
        new[] { Data("Point", ("x", "f64"), ("y", "f64")) });

    static readonly Regex Mismatch = new(@"the fingerprint of (?<what>\S+) does not match its members \(recorded (?<recorded>\S+), computed (?<computed>sha256:[0-9a-f]{64})\)", RegexOptions.CultureInvariant);

    /// <summary>
    /// The catalog with each fingerprint replaced by the one <see cref="KhoCatalog.Parse"/> computes,
    /// one at a time, as a writer with that layout would have written it. Stops at any other problem.
    /// </summary>
    public static string WithRightFingerprints(string json)
    {
        for (int round = 0; round < 200; round++)
        {
            try
            {
                KhoCatalog.Parse(json);
                return json;
            }
            catch (KhoFormatException e)
            {
                Match m = Mismatch.Match(e.Message);
                if (!m.Success) return json;
                JsonObject root = JsonNode.Parse(json)!.AsObject();
                string what = m.Groups["what"].Value;
                var entry = root["data"]!.AsArray().Select(d => d!.AsObject()).FirstOrDefault(d => (string?)d["name"] == what)
                    ?? root["formats"]!.AsArray().SelectMany(f => f!["versions"]!.AsArray().Select(v => v!.AsObject()))
                        .FirstOrDefault(v => (string?)v["id"] == what);
                if (entry is null) return json;
                entry["fingerprint"] = m.Groups["computed"].Value;
                json = root.ToJsonString();
            }
        }
        return json;
    }
}
