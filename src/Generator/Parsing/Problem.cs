using Microsoft.CodeAnalysis;

namespace KhoGen.Generator.Parsing;

/// <summary>
/// A rule a declaration breaks, found while parsing. The generator only needs to know that there
/// is one (it then emits nothing for the type); the analyzers turn each into a diagnostic.
/// </summary>
sealed class Problem
{
    public Problem(string id, Location? location, params string[] args)
    {
        Id = id;
        Location = location;
        Args = args;
    }

    /// <summary>The diagnostic id, e.g. <c>KHO005</c>.</summary>
    public string Id { get; }
    public Location? Location { get; }
    public string[] Args { get; }
}
