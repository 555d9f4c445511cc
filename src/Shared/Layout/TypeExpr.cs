using System.Collections.Generic;
using System.Text;

namespace KhoGen.Layout;

/// <summary>What a catalog type string denotes.</summary>
enum TypeKind { Scalar, Named, Nullable, Seq, Map, Sparse }

/// <summary>
/// A parsed catalog type: <c>u64</c>, <c>string</c>, <c>Folio</c>, <c>i32?</c>, <c>seq&lt;T&gt;</c>,
/// <c>map&lt;K,V&gt;</c>, <c>sparse&lt;T&gt;</c>. The grammar is in docs/catalog-format.md.
/// </summary>
sealed class TypeExpr
{
    /// <summary>The scalar keywords, in the order of docs/catalog-format.md.</summary>
    public static readonly HashSet<string> Scalars = ScalarKeywords();

    /// <summary>The keywords of the scalar table (<see cref="Layout.Scalars"/>), and <c>bytes</c>.</summary>
    static HashSet<string> ScalarKeywords()
    {
        var keywords = new HashSet<string>(System.StringComparer.Ordinal) { "bytes" };
        foreach (var s in Layout.Scalars.All) keywords.Add(s.Keyword);
        return keywords;
    }

    /// <summary>Words a user type's catalog name must not be (they are escaped with '@').</summary>
    public static bool IsReserved(string name) => Scalars.Contains(name) || name is "seq" or "map" or "sparse";

    public TypeKind Kind { get; }
    public string Name { get; }           // Scalar keyword or Named type's catalog name
    public TypeExpr[] Args { get; }

    TypeExpr(TypeKind kind, string name, params TypeExpr[] args)
    {
        Kind = kind;
        Name = name;
        Args = args;
    }

    public override string ToString() => Kind switch
    {
        TypeKind.Nullable => Args[0] + "?",
        TypeKind.Seq => "seq<" + Args[0] + ">",
        TypeKind.Sparse => "sparse<" + Args[0] + ">",
        TypeKind.Map => "map<" + Args[0] + "," + Args[1] + ">",
        _ => Name,
    };

    /// <summary>Parses a type string; null when it is not one.</summary>
    public static TypeExpr? TryParse(string text)
    {
        int pos = 0;
        TypeExpr? result = ParseType(text, ref pos, 0);
        return result is not null && pos == text.Length ? result : null;
    }

    static TypeExpr? ParseType(string s, ref int pos, int depth)
    {
        if (depth > 32) return null;
        int start = pos;
        while (pos < s.Length && IsNameChar(s[pos])) pos++;
        if (pos == start) return null;
        string word = s.Substring(start, pos - start);
        TypeExpr? t;
        if (pos < s.Length && s[pos] == '<' && word is "seq" or "sparse" or "map")
        {
            pos++;
            TypeExpr? a = ParseType(s, ref pos, depth + 1);
            if (a is null) return null;
            if (word == "map")
            {
                if (pos >= s.Length || s[pos] != ',') return null;
                pos++;
                TypeExpr? b = ParseType(s, ref pos, depth + 1);
                if (b is null) return null;
                t = new TypeExpr(TypeKind.Map, word, a, b);
            }
            else t = new TypeExpr(word == "seq" ? TypeKind.Seq : TypeKind.Sparse, word, a);
            if (pos >= s.Length || s[pos] != '>') return null;
            pos++;
        }
        else if (word is "seq" or "sparse" or "map") return null;
        else t = Scalars.Contains(word) ? new TypeExpr(TypeKind.Scalar, word) : new TypeExpr(TypeKind.Named, word);
        if (pos < s.Length && s[pos] == '?')
        {
            pos++;
            t = new TypeExpr(TypeKind.Nullable, "?", t);
        }
        return t;
    }

    /// <summary>Characters of a catalog type name: C# identifier characters, '.' between namespaces and nesting, '@' for escapes.</summary>
    public static bool IsNameChar(char c) => char.IsLetterOrDigit(c) || c == '_' || c == '.' || c == '@';

    /// <summary>The same type with each data or enum name passed through <paramref name="rename"/>.</summary>
    public TypeExpr Rename(System.Func<string, string> rename) => Kind switch
    {
        TypeKind.Named => new TypeExpr(TypeKind.Named, rename(Name)),
        TypeKind.Scalar => this,
        _ => new TypeExpr(Kind, Name, System.Array.ConvertAll(Args, a => a.Rename(rename))),
    };

    /// <summary>Every named type (data or enum) this type mentions.</summary>
    public void CollectNames(ICollection<string> names)
    {
        if (Kind == TypeKind.Named) names.Add(Name);
        foreach (var a in Args) a.CollectNames(names);
    }
}
