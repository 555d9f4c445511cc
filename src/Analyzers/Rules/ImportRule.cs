using System.Linq;
using KhoGen.Generator.Model;
using KhoGen.Generator.Parsing;
using Microsoft.CodeAnalysis;

namespace KhoGen.Analyzers;

/// <summary>
/// KHO014: a member stores (itself, or through the data types it holds) a name that two referenced
/// catalogs give to different layouts. Reported on each member that reaches the name, so the user
/// sees which of their formats depend on it.
/// </summary>
static class ImportRule
{
    public static void Analyze(INamedTypeSymbol type, TypeModel model, DeclarationIndex index, Reporter reporter)
    {
        if (index.Imports.Conflicts.Count == 0) return;
        var disputed = index.Imports.Conflicts.GroupBy(c => c.Name).ToDictionary(g => g.Key, g => g.First());
        foreach (var member in model.Members)
        {
            // What this member takes from references, read from their catalogs as the generator reads them.
            var reached = ImportedTypes.Collect(new[] { member.Shape }, index.References, static (json, assembly) => ReferencedCatalogs.Parse(json, assembly, out _));
            var names = reached.Data.Select(d => d.Name).Concat(reached.Enums.Select(e => e.Name)).Concat(reached.Conflicts.Select(c => c.Name));
            var conflict = names.Where(disputed.ContainsKey).Select(n => disputed[n]).FirstOrDefault();
            if (conflict is null) continue;
            Location? at = type.GetMembers(member.Name).SelectMany(m => m.Locations).FirstOrDefault(l => l.IsInSource) ?? type.Locations.FirstOrDefault();
            reporter.Report(Descriptors.ImportConflict, at, null, member.Name, conflict.Name, conflict.First, conflict.Second, conflict.Why, Advice(conflict));
        }
    }

    static string Advice(ImportConflict c) => c.Why.StartsWith("the references were built", System.StringComparison.Ordinal)
        ? "rebuild every reference against the same version of that assembly"
        : "give one of the types another name in its own assembly, or store only one of them";
}
