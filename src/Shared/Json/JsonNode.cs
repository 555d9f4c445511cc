using System.Collections.Generic;

namespace KhoGen.Json;

// A tiny JSON document model: the catalog is read by the runtime, the analyzers (which cannot
// count on System.Text.Json in every host) and the tool, so they share this one reader.
enum JsonKind { Null, Bool, Number, String, Array, Object }

sealed class JsonNode
{
    public JsonKind Kind { get; }
    public string Text { get; }                         // String: the value; Number: the literal; Bool: true/false
    public List<JsonNode> Items { get; } = new();        // Array
    public List<KeyValuePair<string, JsonNode>> Properties { get; } = new(); // Object, in document order
    public int Line { get; }

    public JsonNode(JsonKind kind, string text, int line)
    {
        Kind = kind;
        Text = text;
        Line = line;
    }

    public JsonNode? this[string name]
    {
        get
        {
            foreach (var p in Properties)
                if (p.Key == name) return p.Value;
            return null;
        }
    }

    public override string ToString() => Kind switch
    {
        JsonKind.String => "\"" + Text + "\"",
        JsonKind.Object => "an object",
        JsonKind.Array => "an array",
        _ => Text,
    };
}
