using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using KhoGen.Generator.Parsing;
using Microsoft.CodeAnalysis;

namespace KhoGen.Analyzers;

/// <summary>
/// Turns parser problems into diagnostics, and keeps every location inside the compilation being
/// analyzed (a diagnostic outside it would fail the analyzer).
/// </summary>
sealed class Reporter
{
    readonly Compilation _compilation;
    readonly Action<Diagnostic> _report;

    public Reporter(Compilation compilation, Action<Diagnostic> report)
    {
        _compilation = compilation;
        _report = report;
    }

    public void Report(Problem problem, Location? fallback, IEnumerable<Location>? additional = null)
    {
        if (problem.Id is { } id && Descriptors.For(id) is { } descriptor) Report(descriptor, problem.Location ?? fallback, additional, problem.Args);
    }

    public void Report(DiagnosticDescriptor descriptor, Location? location, IEnumerable<Location>? additional, params object[] args) =>
        Report(descriptor, location, additional, null, args);

    public void Report(DiagnosticDescriptor descriptor, Location? location, IEnumerable<Location>? additional,
        ImmutableDictionary<string, string?>? properties, params object[] args)
    {
        location = InCompilation(location) ? location : Location.None;
        var extra = additional?.Where(InCompilation).ToList();
        _report(Diagnostic.Create(descriptor, location, extra, properties, args));
    }

    bool InCompilation(Location? location) =>
        location is { IsInSource: true, SourceTree: { } tree } && _compilation.ContainsSyntaxTree(tree);
}
