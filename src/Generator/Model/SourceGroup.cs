using System.Globalization;

namespace KhoGen.Generator.Model;

/// <summary>The generated source of one <c>[KhoFormat]</c> or <c>[KhoData]</c> type.</summary>
/// <param name="FullName">The type's full name, which decides its group and its place in it.</param>
/// <param name="Text">What <c>TypeEmitter</c> wrote for it.</param>
sealed record TypeSource(string FullName, string Text);

/// <summary>One generated file: the sources of the types whose names fall in group <paramref name="Number"/>, in name order.</summary>
sealed record SourceGroup(int Number, EquatableArray<TypeSource> Types)
{
    /// <summary>How every file of type sources ends; the parser tells the generator's own declarations by it.</summary>
    public const string FileSuffix = ".Kho.g.cs";

    /// <summary>The file's hint name: <c>KhoTypes07.Kho.g.cs</c>.</summary>
    public string HintName => "KhoTypes" + Number.ToString("D2", CultureInfo.InvariantCulture) + FileSuffix;
}
