using System;
using System.Linq;
using System.Text.Json.Nodes;

namespace KhoGen.LiveUpdate.Tests.Support;

/// <summary>
/// Catalogs of "next builds" derived from real generated ones: the JSON is edited, then read back
/// with <see cref="KhoCatalog.Parse"/>, which checks it whole (fingerprints included).
/// </summary>
public static class Catalogs
{
    /// <summary>This test assembly's catalog, as the registry has it.</summary>
    public static KhoCatalog Own => KhoRegistry.Catalog;

    public static KhoCatalog Edit(KhoCatalog catalog, Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(catalog.ToJson())!.AsObject();
        edit(root);
        return KhoCatalog.Parse(root.ToJsonString(), "edited catalog");
    }

    /// <summary>The catalog without version <paramref name="id"/> (the next build does not have it).</summary>
    public static KhoCatalog WithoutVersion(KhoCatalog catalog, string id) => Edit(catalog, root =>
    {
        foreach (var format in root["formats"]!.AsArray().Select(f => f!.AsObject()))
        {
            var versions = format["versions"]!.AsArray();
            var gone = versions.FirstOrDefault(v => (string?)v!["id"] == id);
            if (gone is null) continue;
            versions.Remove(gone);
            format["latest"] = versions.Max(v => (int)v!["version"]!);
        }
    });

    /// <summary>Only the named formats, and no data types or enums (for formats of scalars only: a small image header).</summary>
    public static KhoCatalog OnlyScalarFormats(KhoCatalog catalog, params string[] formats) => Edit(catalog, root =>
    {
        var all = root["formats"]!.AsArray();
        foreach (var f in all.Where(f => !formats.Contains((string?)f!["name"])).ToList()) all.Remove(f);
        root["data"] = new JsonArray();
        root["enums"] = new JsonArray();
        root["assembly"]!["name"] = "SmallService";
    });
}
