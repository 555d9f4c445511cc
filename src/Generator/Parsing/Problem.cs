using Microsoft.CodeAnalysis;

namespace KhoGen.Generator.Parsing;

/// <summary>
/// A rule a declaration breaks, found while parsing. The generator only needs to know that there
/// is one (it then emits nothing for the type); the analyzers turn each into a diagnostic, except
/// the problems the compiler already reports (<see cref="Id"/> null).
/// </summary>
sealed class Problem
{
    /// <param name="id">One of <see cref="RuleIds"/>.</param>
    public Problem(string id, Location? location, params string[] args)
    {
        Id = id;
        Location = location;
        Args = args;
    }

    Problem(Location? location)
    {
        Location = location;
        Args = System.Array.Empty<string>();
    }

    /// <summary>
    /// A declaration the generator cannot use for a reason the compiler reports itself (a type that
    /// does not resolve, a duplicate type name, code being typed): no KhoGen diagnostic on top.
    /// </summary>
    public static Problem ReportedByCompiler(Location? location) => new(location);

    /// <summary>The rule (<see cref="RuleIds"/>), or null when the compiler reports the problem.</summary>
    public string? Id { get; }
    public Location? Location { get; }
    public string[] Args { get; }
}
