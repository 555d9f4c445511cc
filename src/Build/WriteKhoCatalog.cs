using System;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace KhoGen.Build;

/// <summary>
/// Writes the build's catalog next to its output: the catalog embedded in the compiled assembly
/// (read from metadata, never loaded), merged for an application (an assembly with an entry point)
/// with the catalogs of the references that carry one: <see cref="KhoCatalog.OfBuild"/>, the rule
/// the tool and the baseline analyzers apply too. Writes nothing when there is no catalog at all.
/// </summary>
public sealed class WriteKhoCatalog : Task
{
    /// <summary>The compiled assembly.</summary>
    [Required] public string Assembly { get; set; } = "";

    /// <summary>The assemblies it references (@(ReferencePath)).</summary>
    public ITaskItem[] References { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The file to write.</summary>
    [Required] public string Output { get; set; } = "";

    /// <summary>The file written, empty when there was no catalog.</summary>
    [Output] public string Written { get; set; } = "";

    public override bool Execute()
    {
        try
        {
            var references = References.Select(r => r.GetMetadata("FullPath")).Where(File.Exists);
            KhoCatalog? catalog = KhoCatalog.ReadAssembly(Assembly, references);
            if (catalog is null)
            {
                if (File.Exists(Output)) File.Delete(Output);
                return true;
            }
            string json = catalog.ToJson();
            // Same bytes, same file: leave its timestamp alone so incremental builds stay quiet.
            if (!File.Exists(Output) || File.ReadAllText(Output, Encoding.UTF8) != json)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(Output)) ?? ".");
                File.WriteAllText(Output, json, new UTF8Encoding(false));
            }
            Written = Output;
            return true;
        }
        catch (Exception e) when (e is KhoFormatException or IOException or UnauthorizedAccessException)
        {
            Log.LogError(null, "KHO900", "https://github.com/khogen/khogen/blob/main/docs/diagnostics/KHO900.md", Assembly, 0, 0, 0, 0, "KhoGen could not write the build's catalog file: {0}", e.Message);
            return false;
        }
    }
}
