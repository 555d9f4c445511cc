using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using KhoGen.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KhoGen.Analyzers;

/// <summary>
/// Compares the compilation with every baseline (KHO100-KHO106; docs/shipping.md). The comparison
/// runs once per compilation, on first need; each diagnostic is then reported from the format type it
/// is about (so it shows in the IDE without full-solution analysis), or, when it has no type here, in
/// the baseline file. A compilation without baselines costs nothing.
/// </summary>
[DiagnosticAnalyzer(Microsoft.CodeAnalysis.LanguageNames.CSharp)]
public sealed class BaselineAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Descriptors.BaselineRules;

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var files = start.Options.AdditionalFiles
                .Where(f => Baseline.IsBaseline(f, start.Options.AnalyzerConfigOptionsProvider))
                .ToImmutableArray();
            if (files.IsEmpty) return;
            var check = new LazyBaselineCheck(start.Compilation, files);
            start.RegisterSymbolAction(c =>
            {
                if (c.Symbol is INamedTypeSymbol type && (Names.HasAttribute(type, Names.FormatAttribute) || Names.HasAttribute(type, Names.DataAttribute)))
                    foreach (var d in check.Get(c.CancellationToken).OnType(type)) c.ReportDiagnostic(d);
            }, SymbolKind.NamedType);
            start.RegisterAdditionalFileAction(c =>
            {
                if (!files.Any(f => f.Path == c.AdditionalFile.Path)) return;
                foreach (var d in check.Get(c.CancellationToken).InFile(c.AdditionalFile.Path)) c.ReportDiagnostic(d);
            });
        });
    }
}

/// <summary>The diagnostics of every baseline for one compilation, placed. Immutable once built.</summary>
sealed class BaselineCheck
{
    readonly Dictionary<INamedTypeSymbol, List<Diagnostic>> _onType = new(SymbolEqualityComparer.Default);
    readonly Dictionary<string, List<Diagnostic>> _inFile = new();

    public IReadOnlyList<Diagnostic> OnType(INamedTypeSymbol type) =>
        _onType.TryGetValue(type, out var list) ? list : (IReadOnlyList<Diagnostic>)System.Array.Empty<Diagnostic>();

    public IReadOnlyList<Diagnostic> InFile(string path) =>
        _inFile.TryGetValue(path, out var list) ? list : (IReadOnlyList<Diagnostic>)System.Array.Empty<Diagnostic>();

    public static BaselineCheck Run(Compilation compilation, ImmutableArray<AdditionalText> files, CancellationToken cancellationToken)
    {
        var check = new BaselineCheck();
        var current = CurrentBuild.Read(compilation, cancellationToken);
        foreach (AdditionalText file in files)
        {
            Baseline baseline = Baseline.Read(file, cancellationToken);
            foreach (var f in BaselineRules.Check(baseline, current))
            {
                INamedTypeSymbol? type = f.DataHome is not null ? current.DataTypeOf(f.DataHome) : f.Home is null ? null : current.TypeOf(f.Home);
                Location? at = type is null ? null : Identifier(type, f.DataHome is null ? Names.FormatAttribute : Names.DataAttribute);
                if (at is not null) Add(check._onType, type!, Create(f, at));
                else Add(check._inFile, baseline.Path, Create(f, baseline.Location(f.Needle)));
            }
        }
        return check;
    }

    static Diagnostic Create(BaselineRules.Finding f, Location location) =>
        Diagnostic.Create(f.Descriptor, location, f.Severity, null, f.Properties, f.Args);

    static void Add<TKey>(Dictionary<TKey, List<Diagnostic>> map, TKey key, Diagnostic diagnostic) where TKey : notnull
    {
        if (!map.TryGetValue(key, out var list)) map[key] = list = new List<Diagnostic>();
        list.Add(diagnostic);
    }

    /// <summary>The identifier of the declaration that carries [KhoFormat] (KHO101-KHO105) or [KhoData] (KHO106): where they are reported.</summary>
    static Location? Identifier(INamedTypeSymbol type, string attribute) =>
        (Names.GetAttribute(type, attribute)?.ApplicationSyntaxReference?.GetSyntax()
            .FirstAncestorOrSelf<TypeDeclarationSyntax>()?.Identifier.GetLocation())
        ?? type.Locations.FirstOrDefault(l => l.IsInSource);
}

/// <summary>
/// Runs the <see cref="BaselineCheck"/> of a compilation on first use, once, whichever action asks
/// first. Unlike Lazy&lt;T&gt;, a cancelled run is not cached: the next caller runs it again.
/// </summary>
sealed class LazyBaselineCheck
{
    readonly Compilation _compilation;
    readonly ImmutableArray<AdditionalText> _files;
    readonly object _gate = new();
    BaselineCheck? _check;

    public LazyBaselineCheck(Compilation compilation, ImmutableArray<AdditionalText> files)
    {
        _compilation = compilation;
        _files = files;
    }

    public BaselineCheck Get(CancellationToken cancellationToken)
    {
        lock (_gate) return _check ??= BaselineCheck.Run(_compilation, _files, cancellationToken);
    }
}
