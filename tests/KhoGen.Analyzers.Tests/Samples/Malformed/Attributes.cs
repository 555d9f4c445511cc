using KhoGen;

// Attributes written wrong in every way the compiler lets through far enough for analysis.

[KhoFormat("missing-version")]
public partial record MissingVersion(int A);

[KhoFormat]
public partial record NoArguments(int A);

[KhoFormat(null, 1)]
public partial record NullName(int A);

[KhoFormat(1, "swapped")]
public partial record Swapped(int A);

[KhoFormat("max", int.MaxValue)]
public partial record MaxVersion(int A);

[KhoFormat(Names.Const, 1 + 1)]
public partial record ConstantArguments(int A);

[KhoFormat("twice", 1), KhoFormat("twice", 2)]
public partial record Twice(int A);

[KhoFormat("on-enum", 1)]
public enum OnEnum { A }

[KhoFormat("on-interface", 1)]
public partial interface IOnInterface { int A { get; set; } }

[KhoData, KhoFormat("both", 1)]
public partial record Both(int A);

[KhoIgnore]
public partial record IgnoredType(int A);

static class Names
{
    public const string Const = "constant";
}

[assembly: KhoRetired("memfd")]
[assembly: KhoRetired(null, 0)]
[assembly: KhoRetired("memfd", -3)]
[assembly: KhoRetired("memfd-v1", 1)]
