using System;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;

namespace KhoGen.Cli.Tests;

/// <summary>The tests' shared fixture and assertions.</summary>
[Collection(ToolCollection.Name)]
public abstract class ToolTests
{
    protected ToolTests(ToolFixture tool) => Tool = tool;

    protected ToolFixture Tool { get; }

    protected static void AssertExit(ProcessResult result, int expected) =>
        Assert.True(result.ExitCode == expected, $"expected exit {expected}\n{result}");

    /// <summary>Exit 2, nothing on stdout, and one line on stderr that says why.</summary>
    protected static void AssertBadInput(ProcessResult result, params string[] reasons)
    {
        AssertExit(result, 2);
        Assert.True(result.Stdout.Length == 0, "expected no output\n" + result);
        string[] lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, "expected one line on stderr\n" + result);
        Assert.StartsWith("khogen: error: ", lines[0]);
        foreach (string reason in reasons) Assert.Contains(reason, lines[0]);
    }

    protected static void AssertContains(ProcessResult result, params string[] fragments)
    {
        foreach (string f in fragments)
            Assert.True(result.Stdout.Contains(f, StringComparison.Ordinal), $"expected \"{f}\" in the output\n{result}");
    }

    protected static JsonElement Json(ProcessResult result)
    {
        Assert.True(result.Stderr.Length == 0, result.ToString());
        using var doc = JsonDocument.Parse(result.Stdout);
        return doc.RootElement.Clone();
    }

    protected static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();

    /// <summary>The catalog JSON the build embedded in the assembly, read here without the tool or the runtime.</summary>
    protected static string EmbeddedCatalog(string assembly)
    {
        using var pe = new PEReader(File.OpenRead(assembly));
        MetadataReader md = pe.GetMetadataReader();
        foreach (CustomAttributeHandle h in md.GetAssemblyDefinition().GetCustomAttributes())
        {
            CustomAttribute a = md.GetCustomAttribute(h);
            if (a.Constructor.Kind != HandleKind.MemberReference) continue;
            EntityHandle parent = md.GetMemberReference((MemberReferenceHandle)a.Constructor).Parent;
            if (parent.Kind != HandleKind.TypeReference) continue;
            if (md.GetString(md.GetTypeReference((TypeReferenceHandle)parent).Name) != "KhoCatalogAttribute") continue;
            BlobReader blob = md.GetBlobReader(a.Value);
            blob.ReadUInt16();
            return blob.ReadSerializedString()!;
        }
        throw new InvalidOperationException($"{assembly} has no KhoCatalogAttribute");
    }

    /// <summary>Writes <paramref name="text"/> to a new file of this test and returns its path.</summary>
    protected string WriteFile(string name, string text)
    {
        string path = Path.Combine(Tool.NewFolder("input"), name);
        File.WriteAllText(path, text);
        return path;
    }

    protected string WriteFile(string name, byte[] bytes)
    {
        string path = Path.Combine(Tool.NewFolder("input"), name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
