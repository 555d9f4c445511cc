using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KhoGen.Analyzers;
using KhoGen.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace KhoGen.CodeFixes;

/// <summary>
/// KHO007, the other way out: <c>[assembly: KhoRetired("memfd", 1)]</c>, when this build deliberately
/// stops reading version n-1. Offered one diagnostic at a time (no fix-all): retiring is a decision
/// per version.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RetireVersionFix)), Shared]
public sealed class RetireVersionFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.MissingUpgrade);

    public override FixAllProvider? GetFixAllProvider() => null;

    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(VersionRules.FormatProperty, out string? format) || format is null) continue;
            if (!diagnostic.Properties.TryGetValue(VersionRules.LowerVersionProperty, out string? version) || version is null) continue;
            context.RegisterCodeFix(
                CodeAction.Create($"Retire {format}-v{version}: this build no longer reads it",
                    ct => RetireAsync(context.Document, format, version, ct), RuleIds.MissingUpgrade + ".Retire"),
                diagnostic);
        }
        return Task.CompletedTask;
    }

    static async Task<Document> RetireAsync(Document document, string format, string version, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is not CompilationUnitSyntax unit || model is null) return document;

        int position = unit.Members.FirstOrDefault()?.SpanStart ?? unit.EndOfFileToken.SpanStart;
        string name = model.Compilation.GetTypeByMetadataName(Names.RetiredAttribute)?.ToMinimalDisplayString(model, position) ?? "global::" + Names.RetiredAttribute;
        if (name.EndsWith("Attribute", System.StringComparison.Ordinal)) name = name.Substring(0, name.Length - "Attribute".Length);

        var list = SyntaxFactory.ParseCompilationUnit($"[assembly: {name}(\"{format}\", {version})]").AttributeLists[0]
            .WithLeadingTrivia(unit.Usings.Count > 0 || unit.Externs.Count > 0 ? SyntaxFactory.TriviaList(SyntaxFactory.EndOfLine("\n")) : default)
            .WithTrailingTrivia(SyntaxFactory.EndOfLine("\n"))
            .WithAdditionalAnnotations(Formatter.Annotation);
        var result = document.WithSyntaxRoot(unit.AddAttributeLists(list));
        return await Formatter.FormatAsync(result, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
