using System.Collections.Generic;
using System.Linq;
using KhoGen.Generator.Model;
using Microsoft.CodeAnalysis;

namespace KhoGen.Analyzers;

/// <summary>
/// KHO011: a [KhoData] type that reaches itself through its members' shapes (members, elements
/// of collections, nullable wrappers, other data types) has no bounded depth.
/// </summary>
static class RecursionRule
{
    public static void Analyze(INamedTypeSymbol type, TypeModel model, DeclarationIndex index, Reporter reporter)
    {
        // Breadth-first from each member, so the cycle named is a shortest one.
        foreach (var member in model.Members)
        {
            List<string>? path = PathBack(model, member, index);
            if (path is null) continue;
            Location? at = type.GetMembers(member.Name).SelectMany(m => m.Locations).FirstOrDefault(l => l.IsInSource)
                ?? type.Locations.FirstOrDefault();
            reporter.Report(Descriptors.RecursiveData, at, null, model.ShortName, string.Join(" -> ", path));
            return;
        }
    }

    /// <summary>The member path from <paramref name="start"/> back to its own type, e.g. [Node.Next, Node], or null.</summary>
    static List<string>? PathBack(TypeModel self, MemberModel start, DeclarationIndex index)
    {
        var queue = new Queue<(string Type, List<string> Path)>();
        var seen = new HashSet<string>();
        foreach (var target in DataTypes(start.Shape))
            queue.Enqueue((target, new List<string> { self.ShortName + "." + start.Name }));
        while (queue.Count > 0)
        {
            var (type, path) = queue.Dequeue();
            if (type == self.FullName) return new List<string>(path) { self.ShortName };
            if (!seen.Add(type) || !index.TryGetData(type, out _, out TypeModel model)) continue;
            foreach (var member in model.Members)
                foreach (var target in DataTypes(member.Shape))
                    queue.Enqueue((target, new List<string>(path) { model.ShortName + "." + member.Name }));
        }
        return null;
    }

    static IEnumerable<string> DataTypes(TypeShape shape)
    {
        if (shape.Kind == ShapeKind.Data) yield return shape.CSharp;
        foreach (var arg in shape.Args)
            foreach (var t in DataTypes(arg)) yield return t;
    }
}
