namespace KhoGen.Testing.Tests;

/// <summary>The law on the samples' shipped formats, with random values of every version.</summary>
public class SampleFormatTests
{
    [Fact]
    public void MemfdCache()
    {
        var report = KhoConversionLaw.Check<global::MemfdCache.MemfdV2>(samples: 300);
        Assert.Equal(new[] { "memfd-v1", "memfd-v2" }, System.Linq.Enumerable.Select(report.Results, r => r.Id));
        Assert.Empty(report.Violations);
    }

    [Fact]
    public void SessionStore()
    {
        // The law found two real losses here (see the comments on the conversions): an upgrade that
        // threw on last-seen times out of DateTimeOffset's range (now clamped), and the offset v3
        // drops. Both pairs are marked Lossy, so v1 and v2 are checked for exceptions, not bytes.
        var report = KhoConversionLaw.Check<global::SessionStore.SessionsV3>(samples: 300);
        Assert.Empty(report.Violations);
        Assert.Equal(new[] { ("session-v1", true, 300), ("session-v2", true, 300), ("session-v3", false, 300) },
            System.Linq.Enumerable.Select(report.Results, r => (r.Id, r.Lossy, r.Samples)));
    }
}

/// <summary>Where the samples' catalogs say each version is declared: relative to the project, a linked file with "../".</summary>
public class SampleSourceTests
{
    [Fact]
    public void A_linked_file_is_recorded_relative_to_the_project()
    {
        var catalog = KhoCatalog.ReadAssembly(typeof(global::MemfdCache.MemfdV2).Assembly.Location);
        var v1 = catalog.FindVersion("memfd-v1")!.Source!;
        var v2 = catalog.FindVersion("memfd-v2")!.Source!;
        Assert.Equal("../Shared/MemfdV1.cs", v1.File);
        Assert.Equal("MemfdV2.cs", v2.File);
        string project = System.IO.Path.Combine(Root(), "samples", "MemfdCache", "V2");
        Assert.Contains("record MemfdV1(", System.IO.File.ReadAllLines(System.IO.Path.Combine(project, v1.File))[v1.Line - 1]);
        Assert.Contains("record MemfdV2(", System.IO.File.ReadAllLines(System.IO.Path.Combine(project, v2.File))[v2.Line - 1]);
    }

    static string Root([System.Runtime.CompilerServices.CallerFilePath] string file = "") =>
        System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(file)!, "..", ".."));
}
