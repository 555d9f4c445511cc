using System.Linq;
using System.Text;

namespace KhoGen.Generator.Tests;

/// <summary>
/// Data types that nest as a DAG (each holding several members of the next): the generator measures
/// canonical forms before writing them, so it never hangs or throws; a layout past the bound of
/// docs/catalog-format.md ("Bounds") is left out of the catalog, and the catalog it does write is
/// one the runtime reads back.
/// </summary>
public class DeepDataTests
{
    static string Dag(int levels, int width)
    {
        var sb = new StringBuilder("using KhoGen;\nnamespace Deep;\n[KhoFormat(\"deep\", 1)] public partial record DeepV1(D00 Root, int Other);\n");
        for (int i = 0; i < levels; i++)
        {
            string next = i + 1 < levels ? $"D{i + 1:00}" : "int";
            sb.Append($"[KhoData] public partial record struct D{i:00}(")
              .Append(string.Join(", ", Enumerable.Range(0, width).Select(m => $"{next} M{m}")))
              .Append(");\n");
        }
        return sb.ToString();
    }

    [Fact]
    public void A_realistic_DAG_is_in_the_catalog_whole()
    {
        var run = GeneratorHarness.Run(Dag(10, 2));
        GeneratorHarness.AssertClean(run);
        var catalog = run.Catalog;
        Assert.Equal(10, catalog.Data.Count);
        Assert.NotNull(catalog.FindVersion("deep-v1")?.Fingerprint);
    }

    [Fact]
    public void A_30_level_DAG_neither_hangs_nor_throws_and_its_layouts_past_the_bound_stay_out_of_the_catalog()
    {
        var run = GeneratorHarness.Run(Dag(30, 2));
        GeneratorHarness.AssertNoGeneratorException(run);
        GeneratorHarness.AssertGeneratedCodeAddsNoErrors(run);
        var catalog = run.Catalog; // read back whole by the runtime's parser: within the bound
        Assert.Null(catalog.FindVersion("deep-v1"));
        Assert.Null(catalog.FindData("D00"));
        // The deepest types are small enough to be fingerprinted; none of the catalog is past the bound.
        Assert.NotNull(catalog.FindData("D29"));
    }
}
