using System;
using System.Diagnostics;
using KhoGen.Fuzz.Forge;
using KhoGen.Layout;
using Xunit.Abstractions;

namespace KhoGen.Runtime.Tests;

/// <summary>
/// <see cref="KhoCatalog.Parse"/> on catalogs built to make it work hard: each is refused with a
/// <see cref="KhoFormatException"/> that says why, after work bounded by the catalog's size.
/// </summary>
public class CatalogBoundsTests
{
    readonly ITestOutputHelper _output;
    public CatalogBoundsTests(ITestOutputHelper output) => _output = output;

    KhoFormatException Refused(string json)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<KhoFormatException>(() => KhoCatalog.Parse(json, "forged.kho.json"));
        clock.Stop();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        _output.WriteLine($"{json.Length}-character catalog refused in {clock.Elapsed.TotalMilliseconds:F2} ms, {allocated:N0} bytes allocated: {e.Message}");
        // What a refusal costs follows the catalog's own size, whatever its layouts would expand to.
        Assert.True(allocated < 64L * json.Length + (1 << 20), $"{allocated:N0} bytes allocated");
        Assert.StartsWith("forged.kho.json: not a KhoGen catalog", e.Message);
        return e;
    }

    [Fact]
    public void The_30_level_DAG_is_refused_before_its_canonical_form_is_written()
    {
        var e = Refused(ForgedCatalogs.DeepDag(30));
        // D29 is {i32,i32} (9 characters) and each level above is {x,x}: 2^30 + ... characters.
        long size = 9;
        for (int level = 28; level >= 0; level--) size = 2 * size + 3;
        Assert.Contains($": D00: its canonical form would be {size} characters long; a layout's may have at most {LayoutCanon.MaxLayout}", e.Message);
        Assert.Contains("multiply at every level of nesting", e.Message);
    }

    [Theory]
    [InlineData(40, 2)]
    [InlineData(60, 2)]
    [InlineData(12, 8)]
    public void Deeper_and_wider_DAGs_are_refused_the_same_way(int levels, int width)
    {
        var e = Refused(ForgedCatalogs.DeepDag(levels, width));
        Assert.Contains($"a layout's may have at most {LayoutCanon.MaxLayout}", e.Message);
    }

    [Fact]
    public void A_DAG_below_the_bound_is_measured_and_checked_in_full()
    {
        // 2^12 members: well inside the bound, so the catalog gets as far as its (lying) fingerprints.
        var e = Refused(ForgedCatalogs.DeepDag(12));
        Assert.Contains("the fingerprint of D00 does not match its members", e.Message);
    }

    [Fact]
    public void A_wide_DAG_is_refused() =>
        Assert.Contains("a layout's may have at most 1048576", Refused(ForgedCatalogs.WideDag(40)).Message);

    [Fact]
    public void Layouts_each_within_the_bound_are_refused_when_together_past_the_catalogs()
    {
        // 17 levels: D00's form is 786,429 characters; twelve formats holding it ask for more than 8 Mi in all.
        var e = Refused(ForgedCatalogs.WithRightFingerprints(ForgedCatalogs.ManyFormats(17, 12)));
        Assert.Contains($"would bring the catalog's to more than the {LayoutCanon.MaxWork} characters it may have in all", e.Message);
    }

    [Fact]
    public void Data_types_nesting_deeper_than_the_limit_are_refused_without_recursing_through_them()
    {
        var e = Refused(ForgedCatalogs.DeepDag(5000, width: 1));
        Assert.Contains($"data types nest deeper than {LayoutCanon.MaxDepth} levels", e.Message);
    }

    [Fact]
    public void A_cycle_is_refused_naming_a_data_type_in_it() =>
        Assert.Contains("data type 'D01' contains itself (a recursive data type)", Refused(ForgedCatalogs.Cycle(7)).Message);

    [Fact]
    public void A_data_type_listed_twice_is_refused() =>
        Assert.Contains("data type 'D00' is listed twice", Refused(ForgedCatalogs.DuplicateData()).Message);

    [Fact]
    public void A_name_both_data_type_and_enum_is_refused() =>
        Assert.Contains("'D00' is listed twice (as a data type or an enum)", Refused(ForgedCatalogs.DataAndEnum()).Message);

    [Fact]
    public void A_member_of_an_unknown_type_is_refused() =>
        Assert.Contains("deep-v1: type 'Nowhere' is neither a data type nor an enum of the catalog",
            Refused(ForgedCatalogs.UnknownType().Replace("unknown", "deep")).Message);

    [Fact]
    public void Huge_names_are_refused_before_they_are_looked_up()
    {
        // The member that names the type comes first in the document, then the data type itself.
        Assert.Contains($"a type of 1000000 characters; the limit is {KhoCatalog.MaxTypeLength}",
            Refused(ForgedCatalogs.HugeName(1_000_000)).Message);
        Assert.Contains($"a data type name of 2000 characters; the limit is {KhoCatalog.MaxNameLength}",
            Refused(ForgedCatalogs.HugeName(2000)).Message);
    }

    [Fact]
    public void A_data_type_named_like_a_keyword_is_refused() =>
        Assert.Contains("'i32' is not a valid data type name",
            Refused(ForgedCatalogs.Catalog(Array.Empty<System.Text.Json.Nodes.JsonObject>(), new[] { ForgedCatalogs.Data("i32", ("a", "u8")) })).Message);

    [Fact]
    public void A_member_listed_twice_in_one_layout_is_refused() =>
        Assert.Contains("member 'a' is listed twice in one layout",
            Refused(ForgedCatalogs.Catalog(new[] { ForgedCatalogs.Format("twice", 1, ("a", "i32"), ("a", "i64")) }, Array.Empty<System.Text.Json.Nodes.JsonObject>())).Message);

    [Fact]
    public void Lying_fingerprints_are_refused() =>
        Assert.Contains("does not match its members", Refused(ForgedCatalogs.Lying()).Message);

    [Fact]
    public void A_real_catalog_asks_for_little_of_the_bound_and_reads_back_with_the_same_fingerprints()
    {
        KhoCatalog own = KhoRegistry.Catalog;
        KhoCatalog again = KhoCatalog.Parse(own.ToJson());
        Assert.Equal(own.ToJson(), again.ToJson());
        long work = LayoutCanon.Work(again, enumValues: true);
        _output.WriteLine($"{again.Data.Count} data types, {again.Formats.Count} formats: {work:N0} characters of canonical form");
        Assert.True(work > 0 && work < LayoutCanon.MaxWork / 100, $"{work} characters");
        // Asking again for a form already measured costs only the form itself: measurements are kept.
        var v = again.Formats[0].Versions[^1];
        LayoutCanon.Fingerprint(v.Members, again);
        long once = LayoutCanon.Work(again, enumValues: true) - work;
        Assert.Equal(LayoutCanon.Canonical(v.Members, again, enumValues: true).Length, once);
    }
}
