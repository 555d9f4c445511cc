using System.Threading.Tasks;

namespace KhoGen.Analyzers.Tests.Rules;

public class Kho012Tests
{
    [Fact]
    public Task Reports_a_type_without_a_usable_constructor() => Verify.AnalyzerAsync("""
        using KhoGen;

        [KhoFormat("handle", 1)]
        public partial class {|#0:HandleV1|}
        {
            public HandleV1(int id, string label)
            {
                Id = id;
                Name = label;
            }

            public int Id { get; set; }
            public string Name { get; set; }
        }
        """,
        Verify.Diagnostic("KHO012").WithLocation(0).WithMessage(
            "The reader cannot construct 'HandleV1': no constructor has parameters that all match layout members by name and type, and there is no parameterless constructor"));

    [Fact]
    public Task Reports_a_member_that_is_neither_a_parameter_nor_settable() => Verify.AnalyzerAsync("""
        using KhoGen;

        [KhoFormat("handle", 1)]
        public partial struct HandleV1
        {
            public HandleV1(int id) => Id = id;

            public int Id { get; set; }
            public readonly long {|#0:Created|};
        }
        """,
        Verify.Diagnostic("KHO012").WithLocation(0).WithMessage(
            "The reader cannot construct 'HandleV1': member 'Created' is neither a constructor parameter nor settable"));

    [Fact]
    public Task Reports_a_primary_constructor_parameter_that_is_ignored() => Verify.AnalyzerAsync("""
        using KhoGen;

        [KhoFormat("handle", 1)]
        public partial record {|#0:HandleV1|}(int Id, [property: KhoIgnore] string Label);
        """,
        Verify.Diagnostic("KHO012").WithLocation(0).WithMessage(
            "The reader cannot construct 'HandleV1': constructor parameter 'Label' is not a layout member (is it [KhoIgnore]?), so the reader has no value for it"));

    [Fact]
    public Task Is_silent_with_a_matching_constructor_or_settable_members() => Verify.AnalyzerAsync("""
        using KhoGen;

        [KhoFormat("handle", 1)]
        public partial class HandleV1
        {
            public HandleV1(int id, string name)
            {
                Id = id;
                Name = name;
            }

            public int Id { get; private set; }
            public string Name { get; private set; }
            public long Created { get; init; }
            public string Display => Name + "#" + Id;
        }

        [KhoData]
        public partial struct Pair
        {
            public int Left;
            public int Right { get; set; }
        }
        """);
}

public class Kho013Tests
{
    [Fact]
    public Task Reports_a_generic_type() => Verify.AnalyzerAsync("""
        using KhoGen;

        [KhoData]
        public partial record {|#0:Page|}<T>(int Number, int Size);
        """,
        Verify.Diagnostic("KHO013").WithLocation(0).WithMessage("'Page' cannot be a format or data type: generic types cannot be format or data types"));

    [Fact]
    public Task Reports_a_type_nested_in_a_generic_type() => Verify.AnalyzerAsync("""
        using KhoGen;

        public partial class Registry<T>
        {
            [KhoData]
            public partial record struct {|#0:Entry|}(int Id);
        }
        """,
        Verify.Diagnostic("KHO013").WithLocation(0).WithArguments("Entry", "generic types cannot be format or data types"));

    [Fact]
    public Task Reports_an_abstract_type() => Verify.AnalyzerAsync("""
        using KhoGen;

        [KhoData]
        public abstract partial class {|#0:Shape|}
        {
            public int Id { get; set; }
        }
        """,
        Verify.Diagnostic("KHO013").WithLocation(0).WithArguments("Shape", "abstract and static types cannot be constructed"));

    [Fact]
    public Task Reports_a_derived_type() => Verify.AnalyzerAsync("""
        using KhoGen;

        public class EntityBase
        {
            public int Id { get; set; }
        }

        [KhoFormat("entity", 1)]
        public partial class {|#0:EntityV1|} : EntityBase
        {
            public string Name { get; set; } = "";
        }
        """,
        Verify.Diagnostic("KHO013").WithLocation(0).WithMessage(
            "'EntityV1' cannot be a format or data type: it derives from EntityBase; inherited members would not be serialized, so format and data types cannot derive from other types"));

    [Fact]
    public Task Reports_a_ref_struct() => Verify.AnalyzerAsync("""
        using KhoGen;

        [KhoData]
        public ref partial struct {|#0:Cursor|}
        {
            public int Offset;
        }
        """,
        Verify.Diagnostic("KHO013").WithLocation(0).WithArguments("Cursor", "ref structs cannot be stored"));

    [Fact]
    public Task Is_silent_on_classes_structs_records_and_interfaces_implemented() => Verify.AnalyzerAsync("""
        using System;
        using KhoGen;

        [KhoData]
        public sealed partial class Owner : IEquatable<Owner>
        {
            public string Name { get; set; } = "";
            public bool Equals(Owner? other) => other?.Name == Name;
        }

        [KhoData]
        public readonly partial record struct Tag(string Key, string Value);

        [KhoFormat("owned", 1)]
        public sealed partial record OwnedV1(Owner Owner, Tag[] Tags);
        """);
}
