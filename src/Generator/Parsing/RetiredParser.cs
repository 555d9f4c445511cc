using System.Collections.Generic;
using KhoGen.Generator.Model;
using Microsoft.CodeAnalysis;

namespace KhoGen.Generator.Parsing;

/// <summary>Reads <c>[assembly: KhoRetired(format, version)]</c> for the generator and the analyzers.</summary>
static class RetiredParser
{
    /// <summary>The valid retired versions (invalid ones are KHO002/KHO003, reported by the analyzers).</summary>
    public static IEnumerable<FormatKey> Read(IAssemblySymbol assembly)
    {
        foreach (var a in assembly.GetAttributes())
        {
            if (Names.Is(a.AttributeClass, Names.RetiredAttribute) && FormatAttribute.Read(a, null, null) is { } key)
                yield return key;
        }
    }
}
