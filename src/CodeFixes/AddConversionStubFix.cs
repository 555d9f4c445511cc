using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
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

/// <summary>KHO007: adds a [KhoUpgrade] stub from version n-1 to the type of version n.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddUpgradeStubFix)), Shared]
public sealed class AddUpgradeStubFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.MissingUpgrade);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override Task RegisterCodeFixesAsync(CodeFixContext context) => ConversionStubFix.RegisterAsync(context, isUpgrade: true);
}

/// <summary>KHO010: adds a [KhoDowngrade] stub from version n to version n-1, in the type of version n.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddDowngradeStubFix)), Shared]
public sealed class AddDowngradeStubFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.MissingDowngrade);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override Task RegisterCodeFixesAsync(CodeFixContext context) => ConversionStubFix.RegisterAsync(context, isUpgrade: false);
}

static class ConversionStubFix
{
    public static async Task RegisterAsync(CodeFixContext context, bool isUpgrade)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } declaration) continue;
            if (!diagnostic.Properties.TryGetValue(VersionRules.LowerTypeProperty, out string? lowerId) || lowerId is null) continue;
            // A stub needs the target's layout: with KHO005 or KHO012 on it there is none to build yet.
            var target = isUpgrade
                ? model.GetDeclaredSymbol(declaration, context.CancellationToken)
                : DocumentationCommentId.GetFirstSymbolForDeclarationId(lowerId, model.Compilation);
            if (target is not INamedTypeSymbol targetType || !KhoGen.Generator.Parsing.LayoutParser.Parse(targetType).IsValid) continue;
            diagnostic.Properties.TryGetValue(VersionRules.LowerVersionProperty, out string? lowerVersion);
            string title = isUpgrade
                ? $"Add a [KhoUpgrade] stub from version {lowerVersion}"
                : $"Add a [KhoDowngrade] stub to version {lowerVersion}";
            context.RegisterCodeFix(
                CodeAction.Create(title, ct => AddStubAsync(context.Document, declaration, lowerId, isUpgrade, ct), isUpgrade ? RuleIds.MissingUpgrade + ".AddUpgrade" : RuleIds.MissingDowngrade + ".AddDowngrade"),
                diagnostic);
        }
    }

    static async Task<Document> AddStubAsync(Document document, TypeDeclarationSyntax declaration, string lowerId, bool isUpgrade, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (model is null || root is null) return document;
        if (model.GetDeclaredSymbol(declaration, cancellationToken) is not INamedTypeSymbol type) return document;
        if (DocumentationCommentId.GetFirstSymbolForDeclarationId(lowerId, model.Compilation) is not INamedTypeSymbol lower) return document;

        var key = KhoGen.Generator.Parsing.LayoutParser.Parse(type).Format;
        int lowerVersion = key is null ? 0 : key.Version - 1;
        string method = isUpgrade
            ? ConversionStub.FreeName(type, "From", lowerVersion)
            : ConversionStub.FreeName(type, "To", lowerVersion);
        string parameter = "v" + (isUpgrade ? lowerVersion : lowerVersion + 1).ToString(CultureInfo.InvariantCulture);
        string text = isUpgrade
            ? ConversionStub.Build(true, type, target: type, source: lower, method, parameter, model.Compilation, model, declaration.SpanStart)
            : ConversionStub.Build(false, type, target: lower, source: type, method, parameter, model.Compilation, model, declaration.SpanStart);

        if (SyntaxFactory.ParseMemberDeclaration(text) is not { } member) return document;
        member = member.WithAdditionalAnnotations(Formatter.Annotation);

        var result = document.WithSyntaxRoot(root.ReplaceNode(declaration, WithMembers(declaration, member)));
        return await Formatter.FormatAsync(result, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The declaration with <paramref name="members"/> added at its end; a record without a body gets one.</summary>
    public static TypeDeclarationSyntax WithMembers(TypeDeclarationSyntax declaration, params MemberDeclarationSyntax[] members)
    {
        TypeDeclarationSyntax updated = declaration;
        if (declaration.OpenBraceToken.IsKind(SyntaxKind.None))
        {
            // A record without a body: `record R(...);` becomes `record R(...) { ... }`.
            updated = updated
                .WithSemicolonToken(default)
                .WithOpenBraceToken(SyntaxFactory.Token(SyntaxKind.OpenBraceToken).WithAdditionalAnnotations(Formatter.Annotation))
                .WithCloseBraceToken(SyntaxFactory.Token(SyntaxKind.CloseBraceToken).WithTrailingTrivia(declaration.SemicolonToken.TrailingTrivia)
                    .WithAdditionalAnnotations(Formatter.Annotation));
            if (updated.ParameterList is { } list) updated = updated.ReplaceNode(list, list.WithoutTrailingTrivia());
        }
        return updated.AddMembers(members);
    }
}
