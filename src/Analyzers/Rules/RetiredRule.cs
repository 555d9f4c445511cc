using System.Globalization;
using System.Linq;
using KhoGen.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KhoGen.Analyzers;

/// <summary>KHO002 and KHO003 for <c>[assembly: KhoRetired(format, version)]</c>, which names a version too.</summary>
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
        if (attribute is null || attribute.ConstructorArguments.Length != 2) return;

        var reporter = new Reporter(context.Compilation, context.ReportDiagnostic);
        if (attribute.ConstructorArguments[0].Value is not string name)
            reporter.Report(Descriptors.InvalidFormatName, LayoutParser.AttributeLocation(attribute, 0), null, "(missing)", "the format name must be a constant string");
        else if (attribute.ConstructorArguments[1].Value is int v && FormatNames.Validate(name, v) is { } invalid)
            reporter.Report(Descriptors.InvalidFormatName, LayoutParser.AttributeLocation(attribute, 0), null, name, invalid);
        if (attribute.ConstructorArguments[1].Value is int version && version < 1)
            reporter.Report(Descriptors.InvalidVersion, LayoutParser.AttributeLocation(attribute, 1), null, version.ToString(CultureInfo.InvariantCulture));
    }
}
