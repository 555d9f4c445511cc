using System.Collections.Generic;

namespace KhoGen.Layout;

/// <summary>
/// One scalar type of the wire (docs/wire-format.md): its catalog keyword, the .NET type it is, the
/// KhoWriter/KhoReader method suffix, and its sizes.
/// </summary>
/// <param name="Keyword">The catalog keyword, e.g. <c>u64</c>.</param>
/// <param name="CSharp">The C# type, as generated code writes it (<c>ulong</c>, <c>global::System.Guid</c>).</param>
/// <param name="MetadataName">The .NET type's metadata name (<c>System.UInt64</c>).</param>
/// <param name="Method">The suffix of the writer's and reader's methods (<c>WriteUInt64</c>, <c>ReadUInt64</c>).</param>
/// <param name="FixedSize">The wire size when every value has the same one, else 0 (strings, decimals, offsets).</param>
/// <param name="MinSize">The fewest bytes a value takes.</param>
/// <param name="IsInteger">An integer: a possible enum underlying type.</param>
/// <param name="IsUnsigned">An unsigned integer: its values read and print as unsigned.</param>
/// <param name="IsPlain">Its wire form is its little-endian memory form with nothing to check (copied in bulk).</param>
sealed record Scalar(string Keyword, string CSharp, string MetadataName, string Method, int FixedSize, int MinSize,
    bool IsInteger, bool IsUnsigned, bool IsPlain);

/// <summary>The table of the wire's scalars: every place that names, sizes or maps a scalar reads it here.</summary>
static class Scalars
{
    public static readonly IReadOnlyList<Scalar> All = new[]
    {
        new Scalar("bool", "bool", "System.Boolean", "Boolean", 1, 1, IsInteger: false, IsUnsigned: false, IsPlain: false),
        new Scalar("u8", "byte", "System.Byte", "Byte", 1, 1, IsInteger: true, IsUnsigned: true, IsPlain: true),
        new Scalar("i8", "sbyte", "System.SByte", "SByte", 1, 1, IsInteger: true, IsUnsigned: false, IsPlain: true),
        new Scalar("i16", "short", "System.Int16", "Int16", 2, 2, IsInteger: true, IsUnsigned: false, IsPlain: true),
        new Scalar("u16", "ushort", "System.UInt16", "UInt16", 2, 2, IsInteger: true, IsUnsigned: true, IsPlain: true),
        new Scalar("i32", "int", "System.Int32", "Int32", 4, 4, IsInteger: true, IsUnsigned: false, IsPlain: true),
        new Scalar("u32", "uint", "System.UInt32", "UInt32", 4, 4, IsInteger: true, IsUnsigned: true, IsPlain: true),
        new Scalar("i64", "long", "System.Int64", "Int64", 8, 8, IsInteger: true, IsUnsigned: false, IsPlain: true),
        new Scalar("u64", "ulong", "System.UInt64", "UInt64", 8, 8, IsInteger: true, IsUnsigned: true, IsPlain: true),
        new Scalar("f32", "float", "System.Single", "Single", 4, 4, IsInteger: false, IsUnsigned: false, IsPlain: true),
        new Scalar("f64", "double", "System.Double", "Double", 8, 8, IsInteger: false, IsUnsigned: false, IsPlain: true),
        new Scalar("decimal", "decimal", "System.Decimal", "Decimal", 0, 16, IsInteger: false, IsUnsigned: false, IsPlain: false),
        new Scalar("char", "char", "System.Char", "Char", 2, 2, IsInteger: false, IsUnsigned: false, IsPlain: true),
        new Scalar("string", "string", "System.String", "String", 0, 4, IsInteger: false, IsUnsigned: false, IsPlain: false),
        new Scalar("guid", "global::System.Guid", "System.Guid", "Guid", 16, 16, IsInteger: false, IsUnsigned: false, IsPlain: false),
        new Scalar("datetime", "global::System.DateTime", "System.DateTime", "DateTime", 8, 8, IsInteger: false, IsUnsigned: false, IsPlain: false),
        new Scalar("datetimeoffset", "global::System.DateTimeOffset", "System.DateTimeOffset", "DateTimeOffset", 0, 10, IsInteger: false, IsUnsigned: false, IsPlain: false),
        new Scalar("timespan", "global::System.TimeSpan", "System.TimeSpan", "TimeSpan", 8, 8, IsInteger: false, IsUnsigned: false, IsPlain: false),
    };

    static readonly Dictionary<string, Scalar> ByKeyword = Index(s => s.Keyword);
    static readonly Dictionary<string, Scalar> ByMetadataName = Index(s => s.MetadataName);

    /// <summary>The scalar with this catalog keyword, or null.</summary>
    public static Scalar? Find(string keyword) => ByKeyword.TryGetValue(keyword, out var s) ? s : null;

    /// <summary>The scalar that is the .NET type with this metadata name (<c>System.UInt64</c>), or null.</summary>
    public static Scalar? ForMetadataName(string metadataName) => ByMetadataName.TryGetValue(metadataName, out var s) ? s : null;

    /// <summary>Whether <paramref name="keyword"/> names an unsigned integer (values read and print as unsigned).</summary>
    public static bool IsUnsigned(string keyword) => Find(keyword)?.IsUnsigned == true;

    static Dictionary<string, Scalar> Index(System.Func<Scalar, string> key)
    {
        var map = new Dictionary<string, Scalar>(System.StringComparer.Ordinal);
        foreach (var s in All) map.Add(key(s), s);
        return map;
    }
}
