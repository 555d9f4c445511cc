using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using static KhoGen.Analyzers.Tests.Baselines.MemfdRelease;

namespace KhoGen.Analyzers.Tests.Baselines;

/// <summary>KHO100: a baseline that cannot be used is an error in its file, never a crash; and which files are baselines.</summary>
public class Kho100Tests
{
    static Microsoft.CodeAnalysis.Testing.DiagnosticResult Kho100(string file, string problem) =>
        Shipped.Diagnostic("KHO100").WithLocation(Shipped.Folder + file, 1, 1).WithArguments(file, problem);

    [Fact]
    public Task A_malformed_file() => Shipped.VerifyAsync(Source(marked: false), new[] { (FileName, """
        {
          "schema": "khogen-catalog/1",
          "assembly": { "name": "Cache", "version": "1.0.0.0" },
          "formats": [ { "name": "memfd", "latest": 1, "versions": [ { "version": 1,
        """) },
        Kho100(FileName, "not valid JSON at line 4: expected a property name"));

    [Fact]
    public Task A_json_file_that_is_not_a_catalog() => Shipped.VerifyAsync(Source(marked: false), new[] { (FileName, """{ "name": "my-app", "version": "1.0.0" }""") },
        Kho100(FileName, "not a KhoGen catalog (line 1): missing \"schema\" (expected \"khogen-catalog/1\")"));

    [Fact]
    public Task A_catalog_edited_by_hand_so_that_a_fingerprint_no_longer_matches()
    {
        string edited = ShippedJson.Replace("\"name\": \"Size\", \"type\": \"u64\"", "\"name\": \"Size\", \"type\": \"u32\"");
        // The fingerprint the edited members really have: that of a build that declares them.
        string computed = FingerprintOf(Shipped.Catalog(Source(MemfdLayout.Replace("ulong Size", "uint Size"), marked: false), "Cache"));
        return Shipped.VerifyAsync(Source(marked: false), new[] { (FileName, edited) },
            Kho100(FileName, $"not a KhoGen catalog: the fingerprint of memfd-v1 does not match its members (recorded {FingerprintOf(ShippedJson)}, computed {computed})"));
    }

    [Fact]
    public Task A_file_with_the_baseline_metadata_is_a_baseline_whatever_its_name()
    {
        var test = new Shipped.Test { TestCode = Source(MemfdLayout + ", uint Flags") };
        test.AddBaseline("release-1.0.json", ShippedJson);
        // Additional files that are neither <KhoBaseline> items nor named *.kho.json are not KhoGen's business.
        test.AddBaseline("notes.json", "not json at all", metadata: false);
        test.ExpectedDiagnostics.Add(Shipped.Diagnostic("KHO101").WithLocation(0)
            .WithArguments("memfd-v1", "release-1.0.json (Cache 1.0.0.0)", "member 'Flags' (u32) added at position 7", "memfd-v2"));
        return test.RunAsync();
    }

    [Fact]
    public Task A_file_named_kho_json_is_a_baseline_without_the_metadata()
    {
        var test = new Shipped.Test { TestCode = Source(marked: false) };
        test.AddBaseline("Other.kho.json", "[]", metadata: false);
        test.ExpectedDiagnostics.Add(Kho100("Other.kho.json", "not a KhoGen catalog (line 1): the document must be an object"));
        return test.RunAsync();
    }

    [Fact]
    public async Task A_missing_or_unreadable_file_is_reported_in_that_file_and_nothing_crashes()
    {
        // What the compiler hands over for a <KhoBaseline> item whose file is gone: an additional text with no text.
        var files = ImmutableArray.Create<AdditionalText>(
            new Shipped.FileText("/repo/baselines/Gone-1.0.0.0.kho.json", () => null),
            new Shipped.FileText("/repo/baselines/Locked-1.0.0.0.kho.json", () => throw new IOException("access denied")),
            new Shipped.FileText("/repo/baselines/Cache-1.0.0.0.kho.json", () => SourceText.From(ShippedJson)));
        var diagnostics = await Shipped.AnalyzeAsync(Shipped.Build(Source(marked: false), "Cache"), files);
        Assert.Equal(new[]
            {
                "/repo/baselines/Gone-1.0.0.0.kho.json: KHO100 Baseline 'Gone-1.0.0.0.kho.json' cannot be used: the file is missing or cannot be read; record it again with 'khogen baseline', or remove it from the <KhoBaseline> items",
                "/repo/baselines/Locked-1.0.0.0.kho.json: KHO100 Baseline 'Locked-1.0.0.0.kho.json' cannot be used: the file cannot be read (access denied); record it again with 'khogen baseline', or remove it from the <KhoBaseline> items",
            },
            diagnostics.Select(d => $"{d.Location.GetLineSpan().Path}: {d.Id} {d.GetMessage()}").OrderBy(s => s, StringComparer.Ordinal));
    }

    static string FingerprintOf(string json) => KhoCatalog.Parse(json).FindVersion("memfd-v1")!.Fingerprint!;
}
