using System.Collections.Generic;
using System.Linq;
using KhoGen.Generator.Model;
using KhoGen.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace KhoGen.Analyzers;

/// <summary>
/// The rules about one type's declaration and layout (KHO001-003, 005, 006, 012, 013): exactly the
/// problems <see cref="LayoutParser"/> finds, which are the types the generator emits nothing for.
/// </summary>
static class LayoutRules
{
    /// <param name="parsed">The type's model and problems, parsed once per compilation (<see cref="DeclarationIndex.Parsed"/>).</param>
    public static TypeModel Analyze(INamedTypeSymbol type, (TypeModel Model, IReadOnlyList<Problem> Problems) parsed, Reporter reporter)
    {
        var (model, problems) = parsed;
        Location? where = type.Locations.FirstOrDefault();
        foreach (var problem in problems)
        {
            switch (problem.Id)
            {
                case RuleIds.NotPartial:
                    // Reported on this type even when a containing type is the one that is not partial:
                    // a diagnostic (and its fix) belongs to the symbol analyzed. The type that is not
                    // partial is the additional location; the fix makes this type and its containers partial.
                    reporter.Report(Descriptors.NotPartial, Identifier(type) ?? where,
                        problem.Location is null ? null : new[] { problem.Location }, problem.Args);
                    break;
                case RuleIds.UnsupportedMemberType:
                    reporter.Report(Descriptors.UnsupportedMemberType, problem.Location ?? where, null,
                        problem.Args[0], problem.Args[1], WithIgnoreHint(problem.Args[2]));
                    break;
                default:
                    reporter.Report(problem, where);
                    break;
            }
        }
        return model;
    }

    /// <summary>Every reason names its fix; a member that is not state can always be left out instead.</summary>
    static string WithIgnoreHint(string reason) =>
        reason.Contains("[KhoIgnore]") ? reason : reason + "; or mark the member [KhoIgnore] if it is not part of the state";

    /// <summary>The identifier of the declaration that carries the KhoGen attribute, else of the first.</summary>
    static Location? Identifier(INamedTypeSymbol type)
    {
        var declarations = type.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<TypeDeclarationSyntax>().ToList();
        var attributed = declarations.FirstOrDefault(d => d.AttributeLists.Count > 0) ?? declarations.FirstOrDefault();
        return attributed?.Identifier.GetLocation();
    }
}
