using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace KhoGen.Package.Tests;

/// <summary>
/// KhoGen in a real editor: the csharp-ls language server, driven over LSP, on a consumer of the packed
/// package. Every text the test sends starts with a line <c>#warning edit-N.</c>, so the diagnostics
/// of edit N carry the compiler's CS1030 for it: the test waits for exactly the publication of its
/// latest text, never for a time. The editor shows what has a place in the file: an AD0001 or CS8785
/// that Roslyn reports without a location would not reach it, so the compiler-API robustness tests
/// (tests/KhoGen.Analyzers.Tests RobustnessTests, SourceFuzzTests) check every prefix for those too.
/// </summary>
[Collection(nameof(PackageCollection))]
public class EditorTests(PackageFixture package)
{
    const string Valid = """
        using KhoGen;

        namespace Cache;

        [KhoFormat("cache", 1)]
        public partial record CacheV1(int Id, string Name);

        [KhoFormat("cache", 2)]
        public partial record CacheV2(int Id, string Name, long Expires)
        {
            [KhoUpgrade] public static CacheV2 From(CacheV1 v1) => new(v1.Id, v1.Name, long.MaxValue);
        [KhoDowngrade] public static CacheV1 To(CacheV2 v2) => new(v2.Id, v2.Name);
        }

        """;

    /// <summary>A consumer of the packed KhoGen, built once, with its 1.0 catalog recorded as a baseline.</summary>
    string Consumer(string name)
    {
        string app = Path.Combine(package.NewFolder(name), "App");
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Combine(app, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <Version>1.0.0</Version>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="KhoGen" Version="{package.Version}" />
                <KhoBaseline Include="baselines/*.kho.json" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), "public static class Program { public static int Main() => 0; }\n");
        File.WriteAllText(Path.Combine(app, "Formats.cs"), Valid);
        Dotnet.Run(app, "build", "--disable-build-servers").Succeeded();
        Directory.CreateDirectory(Path.Combine(app, "baselines"));
        File.Copy(Path.Combine(app, "bin", "Debug", "net10.0", "App.kho.json"), Path.Combine(app, "baselines", "App-1.0.0.0.kho.json"));
        return app;
    }

    static string Marker(int edit) => $"#warning edit-{edit}.";

    /// <summary>The diagnostics of edit <paramref name="edit"/>, less its marker.</summary>
    static async Task<List<JsonObject>> DiagnosticsOf(LanguageServer server, string uri, int edit)
    {
        var all = await server.DiagnosticsAsync(uri, ds => ds.Any(d => Code(d!) == "CS1030" && ((string)d!["message"]!).Contains($"edit-{edit}.'", StringComparison.Ordinal)));
        return all.Select(d => d!.AsObject()).Where(d => Code(d) != "CS1030").ToList();
    }

    static string Code(JsonNode d) => (string?)d["code"] ?? "";

    static string Show(IEnumerable<JsonObject> diagnostics) => string.Join("\n", diagnostics.Select(d => d.ToJsonString()));

    static JsonObject Whole(string text) => new() { ["text"] = text };

    [Fact]
    public async Task Edits_show_KhoGen_diagnostics_where_they_belong_and_nothing_on_the_valid_file()
    {
        string app = Consumer("editor");
        string uri = new Uri(Path.Combine(app, "Formats.cs")).AbsoluteUri;
        using var server = LanguageServer.Start(app);

        int edit = 1;
        server.Open(uri, Marker(edit) + "\n" + Valid);
        var valid = await DiagnosticsOf(server, uri, edit);
        Assert.True(valid.All(d => !Code(d).StartsWith("KHO", StringComparison.Ordinal) && (int)d["severity"]! != 1), "the valid file has diagnostics:\n" + Show(valid));

        // Not partial: KHO001, at the type's name.
        string notPartial = Marker(++edit) + "\n" + Valid.Replace("public partial record CacheV1", "public record CacheV1");
        server.Change(uri, edit, Whole(notPartial));
        var kho001 = (await DiagnosticsOf(server, uri, edit)).Where(d => Code(d) == "KHO001").ToList();
        var line = notPartial.Split('\n').Select((text, index) => (text, index)).Single(l => l.text.Contains("record CacheV1", StringComparison.Ordinal));
        var at = Assert.Single(kho001)["range"]!;
        Assert.Equal(line.index, (int)at["start"]!["line"]!);
        Assert.Equal(line.text.IndexOf("CacheV1", StringComparison.Ordinal), (int)at["start"]!["character"]!);
        Assert.Equal(line.text.IndexOf("CacheV1", StringComparison.Ordinal) + "CacheV1".Length, (int)at["end"]!["character"]!);

        // No upgrade from cache-v1 to cache-v2: KHO007.
        string noUpgrade = Marker(++edit) + "\n" + Valid.Replace("[KhoUpgrade] public static CacheV2 From(CacheV1 v1) => new(v1.Id, v1.Name, long.MaxValue);", "");
        server.Change(uri, edit, Whole(noUpgrade));
        var kho007 = await DiagnosticsOf(server, uri, edit);
        Assert.Contains(kho007, d => Code(d) == "KHO007");

        // cache-v1 shipped in the 1.0 baseline; adding a member to it breaks the baseline: KHO101.
        string edited = Marker(++edit) + "\n" + Valid.Replace("CacheV1(int Id, string Name)", "CacheV1(int Id, string Name, int Hits = 0)");
        server.Change(uri, edit, Whole(edited));
        var kho101 = (await DiagnosticsOf(server, uri, edit)).Where(d => Code(d) == "KHO101").ToList();
        Assert.Contains("member 'Hits' (i32) added at position 3", (string)Assert.Single(kho101)["message"]!, StringComparison.Ordinal);

        // And back: nothing again.
        server.Change(uri, ++edit, Whole(Marker(edit) + "\n" + Valid));
        var again = await DiagnosticsOf(server, uri, edit);
        Assert.DoesNotContain(again, d => Code(d).StartsWith("KHO", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Typing_the_file_chunk_by_chunk_never_makes_an_analyzer_or_the_generator_fail()
    {
        string app = Consumer("typing");
        string uri = new Uri(Path.Combine(app, "Formats.cs")).AbsoluteUri;
        using var server = LanguageServer.Start(app);

        int edit = 1;
        string marker = Marker(edit);
        string text = marker + "\n";
        server.Open(uri, text);
        await DiagnosticsOf(server, uri, edit);

        // Each edit renames the marker and appends the next chunk, as incremental changes; the stride
        // cuts keywords, names, attributes and parameter lists at every kind of place.
        const int stride = 17;
        var failures = new List<string>();
        bool sawKho = false, sawError = false;
        var last = new List<JsonObject>();
        for (int typed = 0; typed < Valid.Length;)
        {
            string chunk = Valid.Substring(typed, Math.Min(stride, Valid.Length - typed));
            typed += chunk.Length;
            string next = Marker(++edit);
            var end = EndOf(text.Replace(marker, next));
            server.Change(uri, edit,
                new JsonObject { ["range"] = Range(0, 0, 0, marker.Length), ["text"] = next },
                new JsonObject { ["range"] = Range(end.Line, end.Character, end.Line, end.Character), ["text"] = chunk });
            text = text.Replace(marker, next) + chunk;
            marker = next;

            var diagnostics = last = await DiagnosticsOf(server, uri, edit);
            failures.AddRange(diagnostics.Where(d => Code(d) is "AD0001" or "CS8785").Select(d => $"after {typed} characters: {d.ToJsonString()}"));
            sawKho |= diagnostics.Any(d => Code(d).StartsWith("KHO", StringComparison.Ordinal));
            sawError |= diagnostics.Any(d => Code(d).StartsWith("CS", StringComparison.Ordinal) && (int)d["severity"]! == 1);
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.DoesNotContain(server.AllDiagnostics, d => Code(d) is "AD0001" or "CS8785");
        // The prefixes were seen by both the compiler and KhoGen's analyzers, and the whole file is clean.
        Assert.True(sawError, "no prefix had a compiler error: the server did not analyze the prefixes");
        Assert.True(sawKho, "no prefix had a KhoGen diagnostic: the analyzers did not run");
        Assert.Equal(Marker(edit) + "\n" + Valid, text);
        Assert.True(last.All(d => (int)d["severity"]! != 1 && !Code(d).StartsWith("KHO", StringComparison.Ordinal)), Show(last));
    }

    static (int Line, int Character) EndOf(string text)
    {
        string[] lines = text.Split('\n');
        return (lines.Length - 1, lines[^1].Length);
    }

    static JsonObject Range(int startLine, int startCharacter, int endLine, int endCharacter) => new()
    {
        ["start"] = new JsonObject { ["line"] = startLine, ["character"] = startCharacter },
        ["end"] = new JsonObject { ["line"] = endLine, ["character"] = endCharacter },
    };
}
