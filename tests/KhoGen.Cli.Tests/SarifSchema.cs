using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace KhoGen.Cli.Tests;

/// <summary>The SARIF 2.1.0 schema (Schemas/README.md), loaded once, and validation against it.</summary>
static class SarifSchema
{
    static readonly Lazy<JsonSchema> Schema = new(Load);

    static JsonSchema Load()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Schemas", "sarif-2.1.0-rtm.5.json");
        var node = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        // Read as draft-07: the schema's keywords mean the same there. Its draft-04 "id" goes (every
        // $ref is local, "#/definitions/...").
        Assert.Equal("http://json-schema.org/draft-04/schema#", (string?)node["$schema"]);
        node.Remove("id");
        node["$schema"] = "http://json-schema.org/draft-07/schema#";
        return JsonSchema.FromText(node.ToJsonString());
    }

    /// <summary>The schema's verdict on <paramref name="sarif"/>, with the errors when it is not valid.</summary>
    public static (bool Valid, string Errors) Validate(string sarif)
    {
        using var doc = JsonDocument.Parse(sarif);
        var result = Schema.Value.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        string errors = string.Join("\n", (result.Details ?? new System.Collections.Generic.List<EvaluationResults>())
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}")));
        return (result.IsValid, errors);
    }

    public static void AssertValid(string sarif)
    {
        var (valid, errors) = Validate(sarif);
        Assert.True(valid, "not valid SARIF 2.1.0:\n" + errors + "\n" + sarif);
    }
}
