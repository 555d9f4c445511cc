using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace KhoGen.Cli.Tests;

/// <summary>
/// <c>--format sarif</c> and <c>--format github</c> of check, matrix and diff: SARIF valid against the
/// 2.1.0 schema, and every finding at the file and line where the newer build declares the format
/// version (read from the fixture's source, not written down here).
/// </summary>
public sealed class CiFormatTests : ToolTests
{
    public CiFormatTests(ToolFixture tool) : base(tool) { }

    /// <summary>The 1-based line of the fixture source that declares <paramref name="declaration"/>.</summary>
    int LineOf(string app, string declaration)
    {
        string[] lines = File.ReadAllLines(Path.Combine(Tool.RepoRoot, "tests", "CliFixtures", app, "Formats.cs"));
        int index = Array.FindIndex(lines, l => l.Contains(declaration, StringComparison.Ordinal));
        Assert.True(index >= 0, $"{app}/Formats.cs declares no {declaration}");
        return index + 1;
    }

    static JsonElement[] Results(string sarif)
    {
        using var doc = JsonDocument.Parse(sarif);
        return doc.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().Select(r => r.Clone()).ToArray();
    }

    static (string Uri, int Line) Location(JsonElement result)
    {
        var at = result.GetProperty("locations")[0].GetProperty("physicalLocation");
        return (at.GetProperty("artifactLocation").GetProperty("uri").GetString()!, at.GetProperty("region").GetProperty("startLine").GetInt32());
    }

    [Fact]
    public async Task Check_as_sarif_is_valid_and_places_the_refused_upgrade_at_the_changed_declaration()
    {
        var result = await Tool.Run("check", Tool.AppV1, Tool.AppV3, "--format", "sarif");
        AssertExit(result, 1);
        Assert.Equal("", result.Stderr);
        SarifSchema.AssertValid(result.Stdout);

        var refused = Assert.Single(Results(result.Stdout), r => r.GetProperty("ruleId").GetString() == "upgrade-refused");
        Assert.Equal("error", refused.GetProperty("level").GetString());
        Assert.Contains("format 'cache' refused", refused.GetProperty("message").GetProperty("text").GetString());
        Assert.Contains("cache-v1: same id, different layout: member 'Warm' (bool) added", refused.GetProperty("message").GetProperty("text").GetString());
        Assert.Equal(("Formats.cs", LineOf("AppV3", "record CacheV1(")), Location(refused));

        using var doc = JsonDocument.Parse(result.Stdout);
        var driver = doc.RootElement.GetProperty("runs")[0].GetProperty("tool").GetProperty("driver");
        Assert.Equal("khogen", driver.GetProperty("name").GetString());
        int index = refused.GetProperty("ruleIndex").GetInt32();
        Assert.Equal("upgrade-refused", driver.GetProperty("rules")[index].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Source_root_puts_the_project_folder_before_the_file()
    {
        var result = await Tool.Run("check", Tool.AppV1, Tool.AppV3, "--format", "sarif", "--source-root", "tests/CliFixtures/AppV3/");
        SarifSchema.AssertValid(result.Stdout);
        var (uri, line) = Location(Results(result.Stdout).Single(r => r.GetProperty("ruleId").GetString() == "upgrade-refused"));
        Assert.Equal("tests/CliFixtures/AppV3/Formats.cs", uri);
        // Relative to the repository root, the location is the declaration itself.
        Assert.Contains("record CacheV1(", File.ReadAllLines(Path.Combine(Tool.RepoRoot, uri))[line - 1]);
    }

    [Fact]
    public async Task The_validator_refuses_a_broken_log()
    {
        // The schema check must be able to fail: a result without its message is not SARIF.
        var result = await Tool.Run("check", Tool.AppV1, Tool.AppV3, "--format", "sarif");
        var log = JsonNode.Parse(result.Stdout)!;
        log["runs"]![0]!["results"]![0]!.AsObject().Remove("message");
        Assert.False(SarifSchema.Validate(log.ToJsonString()).Valid);
        log["version"] = "2.0.0";
        Assert.False(SarifSchema.Validate(log.ToJsonString()).Valid);
    }

    [Fact]
    public async Task Check_as_github_annotations_points_at_each_declaration()
    {
        var result = await Tool.Run("check", Tool.AppV2, Tool.AppV3, "--format", "github", "--source-root", "tests/CliFixtures/AppV3");
        AssertExit(result, 0);
        string[] lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string file = "tests/CliFixtures/AppV3/Formats.cs";
        // A new format: a notice at its declaration; the rollback refusals: warnings (the rollback is not required).
        Assert.Contains(lines, l => l.StartsWith($"::notice file={file},line={LineOf("AppV3", "record MetricsV1(")},title=khogen cold-start::", StringComparison.Ordinal)
            && l.Contains("format 'metrics' cold start"));
        Assert.Contains(lines, l => l.StartsWith($"::warning file={file},line={LineOf("AppV3", "record MetricsV1(")},title=khogen rollback-refused::", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"::warning file={file},line={LineOf("AppV3", "record CacheV2(")},title=khogen rollback-refused::", StringComparison.Ordinal)
            && l.Contains("enum 'EntryKind' lost value Evicted = 2"));
        Assert.Equal("khogen: OK: the upgrade is possible; the rollback is not possible.", lines[^1]);
        // Every other line is a workflow command on one line.
        Assert.All(lines[..^1], l => Assert.StartsWith("::", l));

        var required = await Tool.Run("check", Tool.AppV2, Tool.AppV3, "--format", "github", "--require-rollback");
        AssertExit(required, 1);
        Assert.Contains($"::error file=Formats.cs,line={LineOf("AppV3", "record CacheV2(")},title=khogen rollback-refused::", required.Stdout);
    }

    [Fact]
    public async Task Diff_as_sarif_and_github_places_each_changed_version()
    {
        var sarif = await Tool.Run("diff", Tool.AppV2, Tool.AppV3, "--format", "sarif");
        AssertExit(sarif, 1);
        SarifSchema.AssertValid(sarif.Stdout);
        var results = Results(sarif.Stdout);
        var incompatible = results.Single(r => r.GetProperty("ruleId").GetString() == "version-incompatible"
            && r.GetProperty("message").GetProperty("text").GetString()!.StartsWith("cache-v1 ", StringComparison.Ordinal));
        Assert.Equal(("Formats.cs", LineOf("AppV3", "record CacheV1(")), Location(incompatible));
        var added = results.Single(r => r.GetProperty("ruleId").GetString() == "version-added");
        Assert.Equal("note", added.GetProperty("level").GetString());
        Assert.Equal(("Formats.cs", LineOf("AppV3", "record MetricsV1(")), Location(added));

        var github = await Tool.Run("diff", Tool.AppV2, Tool.AppV3, "--format", "github");
        AssertExit(github, 1);
        Assert.Contains($"::error file=Formats.cs,line={LineOf("AppV3", "record CacheV1(")},title=khogen version-incompatible::cache-v1 ", github.Stdout);
    }

    [Fact]
    public async Task Matrix_as_sarif_is_valid_and_places_each_failing_pair_in_its_newer_build()
    {
        var result = await Tool.Run("matrix", Tool.AppV1, Tool.AppV2, Tool.AppV3, "--format", "sarif");
        AssertExit(result, 1);
        SarifSchema.AssertValid(result.Stdout);
        var results = Results(result.Stdout);
        Assert.NotEmpty(results);
        Assert.All(results, r => Assert.Equal("error", r.GetProperty("level").GetString()));
        Assert.Contains(results, r => r.GetProperty("ruleId").GetString() == "upgrade-refused"
            && r.GetProperty("message").GetProperty("text").GetString()!.StartsWith("Upgrade AppV1 1.0.0.0 -> AppV3 3.0.0.0: format 'cache'", StringComparison.Ordinal)
            && Location(r) == ("Formats.cs", LineOf("AppV3", "record CacheV1(")));
        Assert.Contains(results, r => r.GetProperty("ruleId").GetString() == "rollback-refused");
    }

    [Fact]
    public async Task A_report_without_findings_is_an_empty_valid_log()
    {
        var result = await Tool.Run("check", Tool.AppV1, Tool.AppV2, "--format", "sarif");
        AssertExit(result, 0);
        SarifSchema.AssertValid(result.Stdout);
        Assert.Empty(Results(result.Stdout));
    }

    [Fact]
    public async Task Inspect_has_no_ci_formats()
    {
        AssertBadInput(await Tool.Run("inspect", Tool.Image, "--format", "sarif"), "sarif");
    }
}
