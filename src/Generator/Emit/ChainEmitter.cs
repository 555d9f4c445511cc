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
        string from = Quote(FormatNames.Id(key.Name, key.Version - 1)), to = Quote(key.Id);
        if (chain.Upgrade is not null && chain.Readable.Any(v => v < key.Version))
        {
            // The user's conversion runs inside the read: what it throws (or a null it returns) is
            // input this build cannot read, a KhoFormatException naming the conversion. The lower
            // versions' reads stay outside the try, so their errors keep their own message.
            w.Open($"if (version < {key.Version})");
            w.Line($"var lower = {chain.LowerType}.KhoReadVersion(ref reader, version);");
            w.Line($"{t.FullName} upgraded;");
            w.Line($"try {{ upgraded = {chain.Upgrade}(lower); }}");
            w.Line($"catch (global::System.Exception e) {{ throw reader.UpgradeError({from}, {to}, {Quote(Display(chain.Upgrade))}, e); }}");
            if (!t.IsValueType) w.Line($"if (upgraded is null) throw reader.UpgradeError({from}, {to}, {Quote(Display(chain.Upgrade))}, null);");
            w.Line("return upgraded;");
            w.Close();
        }
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
            w.Line($"{chain.LowerType} lower;");
            w.Line($"try {{ lower = {chain.Downgrade}(value); }}");
            w.Line($"catch (global::System.Exception e) {{ throw global::KhoGen.KhoWriter.DowngradeError({to}, {from}, {Quote(Display(chain.Downgrade))}, e); }}");
            if (!t.IsValueType) w.Line($"if (lower is null) throw global::KhoGen.KhoWriter.DowngradeError({to}, {from}, {Quote(Display(chain.Downgrade))}, null);");
            w.Line($"{chain.LowerType}.KhoWriteVersion(ref writer, lower, version);");
            w.Line("return;");
            w.Close();
        }
        w.Line($"throw new global::System.InvalidOperationException(\"{t.Name} cannot write {key.Name}-v\" + version.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \".\");");
        w.Close();
    }

    static string Quote(string text) => "\"" + text + "\"";

    /// <summary>A conversion method as users read it in messages: without <c>global::</c>.</summary>
    static string Display(string method) => method.Replace("global::", "");
}
