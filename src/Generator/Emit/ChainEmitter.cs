using System.Linq;
using KhoGen.Generator.Model;

namespace KhoGen.Generator.Emit;

/// <summary>
/// A format version's chain members: read version j by reading it with version n-1's chain and
/// upgrading, write version j by downgrading and writing with n-1's chain. Only adjacent steps are
/// user code; longer chains compose here.
/// </summary>
static class ChainEmitter
{
    public static void Emit(SourceWriter w, TypeModel t, FormatKey key, ChainModel chain)
    {
        const string hidden = "[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]";
        w.Line($"/// <summary>The format name, <c>{key.Name}</c>.</summary>");
        w.Line($"public static string KhoFormatName => \"{key.Name}\";");
        w.Line($"/// <summary>This type's version, {key.Version}.</summary>");
        w.Line($"public static int KhoVersion => {key.Version};");
        w.Line(hidden);
        w.Line($"public static global::System.ReadOnlySpan<int> KhoReadableVersions => new int[] {{ {string.Join(", ", chain.Readable)} }};");
        w.Line(hidden);
        w.Line($"public static global::System.ReadOnlySpan<int> KhoWritableVersions => new int[] {{ {string.Join(", ", chain.Writable)} }};");
        w.Line(hidden);
        w.Line($"public static ulong KhoShapeOf(int version) => global::KhoGen.Generated.{chain.CatalogClass}.ShapeOf(\"{key.Name}\", version);");
        w.Line();

        w.Line(hidden);
        w.Open($"public static {t.FullName} KhoReadVersion(ref global::KhoGen.KhoReader reader, int version)");
        w.Line($"if (version == {key.Version}) return KhoRead(ref reader);");
        if (chain.Upgrade is not null && chain.Readable.Any(v => v < key.Version))
            w.Line($"if (version < {key.Version}) return {chain.Upgrade}({chain.LowerType}.KhoReadVersion(ref reader, version));");
        w.Line($"throw reader.Error(\"this build cannot read {key.Name}-v\" + version.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \" as {t.Name}\");");
        w.Close();
        w.Line();

        w.Line(hidden);
        w.Open($"public static void KhoWriteVersion(ref global::KhoGen.KhoWriter writer, {t.FullName} value, int version)");
        w.Open($"if (version == {key.Version})");
        w.Line("KhoWrite(ref writer, value);");
        w.Line("return;");
        w.Close();
        if (chain.Downgrade is not null && chain.Writable.Any(v => v < key.Version))
        {
            w.Open($"if (version < {key.Version})");
            w.Line($"{chain.LowerType}.KhoWriteVersion(ref writer, {chain.Downgrade}(value), version);");
            w.Line("return;");
            w.Close();
        }
        w.Line($"throw new global::System.InvalidOperationException(\"{t.Name} cannot write {key.Name}-v\" + version.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \".\");");
        w.Close();
    }
}
