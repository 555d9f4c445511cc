using System.Collections.Immutable;
using KhoGen.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KhoGen.Analyzers;

/// <summary>
/// Reports every declaration rule (KHO001-KHO014) where it is broken. Per-type rules come from the
/// generator's parser; rules that span types read a <see cref="DeclarationIndex"/> built once per
/// compilation, so each diagnostic is still reported from the symbol it is about (and shows in the
/// IDE without full-solution analysis).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DeclarationAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Descriptors.All;

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var index = LazyDeclarationIndex.For(start.Compilation);
            start.RegisterSymbolAction(c => AnalyzeType(c, index), SymbolKind.NamedType);
            start.RegisterSymbolAction(c => AnalyzeMethod(c, index), SymbolKind.Method);
            start.RegisterSyntaxNodeAction(RetiredRule.Analyze, SyntaxKind.Attribute);
        });
    }

    static void AnalyzeType(SymbolAnalysisContext context, LazyDeclarationIndex index)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        bool isFormat = Names.HasAttribute(type, Names.FormatAttribute);
        bool isData = Names.HasAttribute(type, Names.DataAttribute);
        if (!isFormat && !isData) return;

        var reporter = new Reporter(context.Compilation, context.ReportDiagnostic);
        var model = LayoutRules.Analyze(type, index.Get(context.CancellationToken).Parsed(type), reporter);
        if (isFormat && model.Format is { } key) VersionRules.Analyze(type, key, index.Get(context.CancellationToken), reporter);
        if (isData) RecursionRule.Analyze(type, model, index.Get(context.CancellationToken), reporter);
        if (model.IsValid) ImportRule.Analyze(type, model, index.Get(context.CancellationToken), reporter);
    }

    static void AnalyzeMethod(SymbolAnalysisContext context, LazyDeclarationIndex index)
    {
        var method = (IMethodSymbol)context.Symbol;
        bool isUpgrade = Names.HasAttribute(method, Names.UpgradeAttribute);
        bool isDowngrade = Names.HasAttribute(method, Names.DowngradeAttribute);
        if (!isUpgrade && !isDowngrade) return;

        var reporter = new Reporter(context.Compilation, context.ReportDiagnostic);
        if (isUpgrade) ConversionRules.Analyze(method, isUpgrade: true, index, context.CancellationToken, reporter);
        if (isDowngrade) ConversionRules.Analyze(method, isUpgrade: false, index, context.CancellationToken, reporter);
    }
}
