using System.Collections.Generic;
using System.Linq;
using KhoGen.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KhoGen.Analyzers;

/// <summary>KHO002 and KHO003 for <c>[assembly: KhoRetired(format, version)]</c>, which names a version too (read by <see cref="FormatAttribute"/>, as [KhoFormat] is).</summary>
static class RetiredRule
{
    public static void Analyze(SyntaxNodeAnalysisContext context)
    {
        var syntax = (AttributeSyntax)context.Node;
        if (syntax.Parent is not AttributeListSyntax { Target.Identifier: var target } || !target.IsKind(SyntaxKind.AssemblyKeyword)) return;
        if (context.SemanticModel.GetSymbolInfo(syntax, context.CancellationToken).Symbol is not IMethodSymbol ctor ||
            !Names.Is(ctor.ContainingType, Names.RetiredAttribute)) return;

        AttributeData? attribute = context.Compilation.Assembly.GetAttributes()
            .FirstOrDefault(a => a.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) == syntax);
        if (attribute is null) return;

        var problems = new List<Problem>();
        FormatAttribute.Read(attribute, syntax.GetLocation(), problems);
        var reporter = new Reporter(context.Compilation, context.ReportDiagnostic);
        foreach (var problem in problems) reporter.Report(problem, syntax.GetLocation());
    }
}
