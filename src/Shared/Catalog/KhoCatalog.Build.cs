using System;
using System.Collections.Generic;

namespace KhoGen;

sealed partial class KhoCatalog
{
    /// <summary>
    /// Which catalogs make up a build, the one rule that the MSBuild task (the .kho.json), the tool
    /// (<c>khogen catalog app.dll</c>) and the baseline analyzers (KHO100-KHO106) all apply:
    /// <list type="bullet">
    /// <item>a library (no entry point) is its own catalog: its formats and the data they use;</item>
    /// <item>an application (an entry point) is its own catalog merged with the catalog of every
    /// assembly among its references, direct or transitive, that carries one, because every one of
    /// those takes part in its live update.</item>
    /// </list>
    /// The callers differ only in where they see the references: the task in @(ReferencePath), the
    /// analyzers in the compilation's references (the same list), the tool in the application's
    /// .deps.json and metadata, among the files beside it. A reference listed twice counts once.
    /// </summary>
    /// <returns>The build's catalog, or null when no part has one.</returns>
    /// <exception cref="KhoFormatException">Two parts conflict (<see cref="Merge"/>).</exception>
    public static KhoCatalog? OfBuild(string assemblyName, string assemblyVersion, bool isApplication, KhoCatalog? own, IEnumerable<KhoCatalog> referenced)
    {
        if (!isApplication) return own;
        var parts = new List<KhoCatalog>();
        if (own is not null) parts.Add(own);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { assemblyName };
        var references = new List<KhoCatalog>();
        foreach (KhoCatalog r in referenced)
            if (seen.Add(r.AssemblyName)) references.Add(r);
        // In name order, so that a conflict is reported the same way whoever lists the references.
        references.Sort((a, b) => string.CompareOrdinal(a.AssemblyName, b.AssemblyName));
        parts.AddRange(references);
        if (parts.Count == 0) return null;
        return parts.Count == 1 && own is not null ? own : Merge(assemblyName, assemblyVersion, parts);
    }
}
