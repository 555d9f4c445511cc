using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KhoGen.Analyzers;
using KhoGen.Generator.Model;
using KhoGen.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Rename;
using Microsoft.CodeAnalysis.Simplification;

namespace KhoGen.CodeFixes;

/// <summary>
/// KHO101: keeps version n exactly as shipped, rebuilt from the baseline (<see cref="ShippedLayout"/>),
/// and moves the edit into version n+1 with an upgrade stub (<see cref="ConversionStub"/>). The edited
/// type becomes version n+1 and the rest of the code follows it; see docs/diagnostics/KHO101.md for
/// the names. Offered when version n is the format's latest here and n+1 is free. One version at a
/// time (no fix-all): it is a decision per version.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SplitVersionFix)), Shared]
public sealed class SplitVersionFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.ShippedLayoutChanged);

    public override FixAllProvider? GetFixAllProvider() => null;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } declaration ||
                model.GetDeclaredSymbol(declaration, context.CancellationToken) is not INamedTypeSymbol type) continue;
            var split = await Split.PrepareAsync(context.Document, type, diagnostic.Properties, context.CancellationToken).ConfigureAwait(false);
            if (split is null) continue;
            context.RegisterCodeFix(
                CodeAction.Create($"Keep {split.Id} as shipped and move the change to {split.NextId}", split.ApplyAsync, RuleIds.ShippedLayoutChanged + ".SplitVersion"),
                diagnostic);
        }
    }

    /// <summary>Everything the split needs, worked out before it is offered.</summary>
    sealed class Split
    {
        Split(Document document, INamedTypeSymbol edited, FormatKey key, string editedName, string rebuiltName, List<string> declarations)
        {
            _document = document;
            _edited = edited;
            _key = key;
            _editedName = editedName;
            _rebuiltName = rebuiltName;
            _declarations = declarations;
        }

        readonly Document _document;
        readonly INamedTypeSymbol _edited;
        readonly FormatKey _key;
        readonly string _editedName, _rebuiltName;
        readonly List<string> _declarations;

        public string Id => _key.Id;
        public string NextId => FormatNames.Id(_key.Name, _key.Version + 1);

        public static async Task<Split?> PrepareAsync(Document document, INamedTypeSymbol edited, ImmutableDictionary<string, string?> properties, CancellationToken cancellationToken)
        {
            if (!properties.TryGetValue(BaselineRules.FormatProperty, out string? format) || format is null ||
                !properties.TryGetValue(BaselineRules.VersionProperty, out string? versionText) ||
                !int.TryParse(versionText, NumberStyles.None, CultureInfo.InvariantCulture, out int version) ||
                !properties.TryGetValue(BaselineRules.BaselineProperty, out string? path) || path is null) return null;
            var key = new FormatKey(format, version);

            var file = document.Project.AdditionalDocuments.FirstOrDefault(d => d.FilePath == path);
            if (file is null) return null;
            KhoCatalog baseline;
            try { baseline = KhoCatalog.Parse((await file.GetTextAsync(cancellationToken).ConfigureAwait(false)).ToString(), path); }
            catch (KhoFormatException) { return null; }
            var shipped = baseline.FindVersion(key.Id);
            if (shipped?.Fingerprint is null) return null;

            var compilation = await document.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            if (compilation is null) return null;
            var index = DeclarationIndex.Build(compilation, cancellationToken);
            // Version n+1 must be the next one everywhere: here and in the baseline.
            int highest = System.Math.Max(index.Versions(format).DefaultIfEmpty(0).Max(), baseline.FindFormat(format)!.Versions.Max(v => v.Version));
            if (highest != version) return null;
            TypeModel editedModel = LayoutParser.Parse(edited);
            if (!editedModel.IsValid || editedModel.Format != key) return null;

            // The edited type takes the new version and, when named for its version, the new number;
            // the rebuilt one takes the name that fits the old version.
            string suffix = "V" + version.ToString(CultureInfo.InvariantCulture);
            string editedName = edited.Name, rebuiltName = edited.Name + suffix;
            if (edited.Name.Length > suffix.Length && edited.Name.EndsWith(suffix, System.StringComparison.Ordinal))
            {
                editedName = edited.Name.Substring(0, edited.Name.Length - suffix.Length) + "V" + (version + 1).ToString(CultureInfo.InvariantCulture);
                rebuiltName = edited.Name;
            }
            INamespaceOrTypeSymbol container = (INamespaceOrTypeSymbol?)edited.ContainingType ?? edited.ContainingNamespace;
            bool IsTaken(string name) => container.GetTypeMembers(name).Length > 0 || name == editedName || name == rebuiltName;
            bool TakenByOther(string name) => container.GetTypeMembers(name).Any(t => !SymbolEqualityComparer.Default.Equals(t, edited));
            if (TakenByOther(editedName) || TakenByOther(rebuiltName)) return null;

            string accessibility = SyntaxFacts.GetText(edited.DeclaredAccessibility);
            if (accessibility.Length == 0) accessibility = "internal";
            List<string> declarations;
            try
            {
                declarations = ShippedLayout.Declarations(shipped, baseline, editedModel, index.FormatModels.Concat(index.DataModels),
                    rebuiltName, accessibility, IsTaken);
            }
            catch (KhoFormatException) { return null; }
            return new Split(document, edited, key, editedName, rebuiltName, declarations);
        }

        public async Task<Solution> ApplyAsync(CancellationToken cancellationToken)
        {
            Solution solution = _document.Project.Solution;
            string id = DocumentationCommentId.CreateDeclarationId(_edited);
            string editedId = Rename(id, _edited.Name, _editedName), rebuiltId = Rename(id, _edited.Name, _rebuiltName);

            // 1. The edited type takes its new name everywhere, so the rest of the code follows the latest version.
            if (_editedName != _edited.Name)
                solution = await Renamer.RenameSymbolAsync(solution, _edited, new SymbolRenameOptions(), _editedName, cancellationToken).ConfigureAwait(false);
            // 2. It becomes version n+1, and version n is declared after it as shipped.
            Solution? split = await SplitAsync(solution, editedId, cancellationToken).ConfigureAwait(false);
            // 3. The upgrade from version n to version n+1.
            Solution? done = split is null ? null : await AddUpgradeAsync(split, editedId, rebuiltId, cancellationToken).ConfigureAwait(false);
            return done ?? _document.Project.Solution;
        }

        /// <summary>
        /// Version n becomes n+1 and the shipped version n is inserted after it; conversions between
        /// n-1 and n stay with version n (moved into it when they were declared in the edited type).
        /// </summary>
        async Task<Solution?> SplitAsync(Solution solution, string editedId, CancellationToken cancellationToken)
        {
            var compilation = await solution.GetProject(_document.Project.Id)!.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            if (compilation is null || DocumentationCommentId.GetFirstSymbolForDeclarationId(editedId, compilation) is not INamedTypeSymbol edited ||
                Declaration(edited) is not { } declaration) return null;
            var editor = new SolutionEditor(solution);
            var main = await editor.GetDocumentEditorAsync(solution.GetDocumentId(declaration.SyntaxTree), cancellationToken).ConfigureAwait(false);

            var moved = new List<MemberDeclarationSyntax>();
            foreach (var method in Conversions(compilation, edited))
            {
                var syntax = (MethodDeclarationSyntax)await method.DeclaringSyntaxReferences[0].GetSyntaxAsync(cancellationToken).ConfigureAwait(false);
                var model = compilation.GetSemanticModel(syntax.SyntaxTree);
                var retargeted = syntax.ReplaceNodes(
                    syntax.DescendantNodes().OfType<IdentifierNameSyntax>().Where(n =>
                        SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(n, cancellationToken).Symbol, edited)),
                    (n, _) => SyntaxFactory.IdentifierName(_rebuiltName).WithTriviaFrom(n));
                var documentEditor = await editor.GetDocumentEditorAsync(solution.GetDocumentId(syntax.SyntaxTree), cancellationToken).ConfigureAwait(false);
                if (SymbolEqualityComparer.Default.Equals(method.ContainingType, edited))
                {
                    documentEditor.RemoveNode(syntax);
                    moved.Add(retargeted.WithAdditionalAnnotations(Formatter.Annotation));
                }
                else documentEditor.ReplaceNode(syntax, retargeted);
            }

            if (Names.GetAttribute(edited, Names.FormatAttribute)?.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is AttributeSyntax { ArgumentList.Arguments: { Count: 2 } arguments })
                main.ReplaceNode(arguments[1].Expression, SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression,
                    SyntaxFactory.Literal(_key.Version + 1)).WithTriviaFrom(arguments[1].Expression));

            // Each declaration after a blank line, in the file's own line ends; the last one ends the way the edited one did.
            SyntaxTrivia eol = declaration.SyntaxTree.GetRoot(cancellationToken).DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            if (eol == default) eol = SyntaxFactory.EndOfLine("\n");
            bool endsLine = declaration.GetTrailingTrivia().Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            var inserted = new List<SyntaxNode>();
            foreach (string text in _declarations)
            {
                if (SyntaxFactory.ParseMemberDeclaration(text.Replace("\n", eol.ToString())) is not { } member) return null;
                if (inserted.Count == 0 && moved.Count > 0) member = ConversionStubFix.WithMembers((TypeDeclarationSyntax)member, moved.ToArray());
                member = member.WithLeadingTrivia(inserted.Count == 0 && !endsLine ? new[] { eol, eol } : new[] { eol });
                if (inserted.Count == _declarations.Count - 1 && !endsLine) member = member.WithoutTrailingTrivia();
                inserted.Add(member.WithAdditionalAnnotations(Formatter.Annotation, Simplifier.Annotation));
            }
            main.InsertAfter(declaration, inserted);
            return editor.GetChangedSolution();
        }

        /// <summary>Adds the upgrade stub from the shipped version n to the edited version n+1, in the edited type; tidies the file.</summary>
        async Task<Solution?> AddUpgradeAsync(Solution solution, string editedId, string rebuiltId, CancellationToken cancellationToken)
        {
            var compilation = await solution.GetProject(_document.Project.Id)!.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            if (compilation is null ||
                DocumentationCommentId.GetFirstSymbolForDeclarationId(editedId, compilation) is not INamedTypeSymbol next ||
                DocumentationCommentId.GetFirstSymbolForDeclarationId(rebuiltId, compilation) is not INamedTypeSymbol rebuilt ||
                Declaration(next) is not { } declaration) return null;
            string stub = ConversionStub.Build(true, next, target: next, source: rebuilt,
                ConversionStub.FreeName(next, "From", _key.Version), "v" + _key.Version.ToString(CultureInfo.InvariantCulture),
                compilation, compilation.GetSemanticModel(declaration.SyntaxTree), declaration.SpanStart);
            if (SyntaxFactory.ParseMemberDeclaration(stub) is not { } upgrade) return null;
            // When its conversions went to the shipped version, the stub is its only member: no blank line first.
            if (declaration.Members.Count == 0)
                upgrade = upgrade.WithLeadingTrivia(upgrade.GetLeadingTrivia().SkipWhile(t => t.IsKind(SyntaxKind.EndOfLineTrivia) || t.IsKind(SyntaxKind.WhitespaceTrivia)));

            Document document = solution.GetDocument(declaration.SyntaxTree)!;
            var root = await declaration.SyntaxTree.GetRootAsync(cancellationToken).ConfigureAwait(false);
            document = document.WithSyntaxRoot(root.ReplaceNode(declaration,
                ConversionStubFix.WithMembers(declaration, upgrade.WithAdditionalAnnotations(Formatter.Annotation))));
            document = await Simplifier.ReduceAsync(document, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
            document = await Formatter.FormatAsync(document, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
            return document.Project.Solution;
        }

        /// <summary>The [KhoUpgrade] and [KhoDowngrade] methods between version n-1 and the edited type (still version n).</summary>
        IEnumerable<IMethodSymbol> Conversions(Compilation compilation, INamedTypeSymbol edited)
        {
            var lower = new FormatKey(_key.Name, _key.Version - 1);
            foreach (var type in DeclarationIndex.SourceTypes(compilation.Assembly.GlobalNamespace))
                foreach (var method in type.GetMembers().OfType<IMethodSymbol>())
                {
                    if (method.MethodKind != MethodKind.Ordinary || method.DeclaringSyntaxReferences.Length == 0) continue;
                    bool up = Names.HasAttribute(method, Names.UpgradeAttribute), down = Names.HasAttribute(method, Names.DowngradeAttribute);
                    if (!up && !down) continue;
                    var conversion = ConversionParser.Parse(method, isUpgrade: up);
                    var (from, to) = up ? (lower, _key) : (_key, lower);
                    if (conversion.From == from && conversion.To == to &&
                        SymbolEqualityComparer.Default.Equals(up ? method.ReturnType : method.Parameters[0].Type, edited))
                        yield return method;
                }
        }

        /// <summary>The declaration of <paramref name="type"/> that carries [KhoFormat].</summary>
        static TypeDeclarationSyntax? Declaration(INamedTypeSymbol type) =>
            Names.GetAttribute(type, Names.FormatAttribute)?.ApplicationSyntaxReference?.GetSyntax().FirstAncestorOrSelf<TypeDeclarationSyntax>();

        /// <summary>A type's documentation id with its last name replaced (format types are never generic).</summary>
        static string Rename(string id, string oldName, string newName) => id.Substring(0, id.Length - oldName.Length) + newName;
    }
}
