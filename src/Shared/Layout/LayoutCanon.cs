using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace KhoGen.Layout;

/// <summary>Looks up the data types and enums a layout names (a catalog, or the generator's model).</summary>
interface ILayoutResolver
{
    bool TryGetData(string name, out bool isClass, out IReadOnlyList<KhoMember> members);
    KhoEnumEntry? GetEnum(string name);
}

/// <summary>
/// The canonical form of a layout: names dropped, data types and enums inlined, so that two
/// layouts that are written the same way have the same form. Its SHA-256 is the fingerprint; its
/// hash without enum values is the shape that envelopes and images carry.
/// See docs/catalog-format.md ("Canonical form").
/// </summary>
static class LayoutCanon
{
    const int MaxDepth = 64;

    /// <exception cref="KhoFormatException">A name does not resolve, a type string is malformed, or data types nest in a cycle.</exception>
    public static string Canonical(IReadOnlyList<KhoMember> members, ILayoutResolver resolver, bool enumValues)
    {
        var sb = new StringBuilder();
        AppendMembers(sb, members, resolver, enumValues, 0);
        return sb.ToString();
    }

    /// <summary><c>sha256:</c> and 64 hex digits.</summary>
    public static string Fingerprint(IReadOnlyList<KhoMember> members, ILayoutResolver resolver)
    {
        byte[] hash = Sha256("khogen-layout/1 " + Canonical(members, resolver, enumValues: true));
        var sb = new StringBuilder("sha256:", 7 + 64);
        foreach (byte b in hash) sb.Append(b.ToString("x2", CultureInfo.InvariantCulture));
        return sb.ToString();
    }

    /// <summary>64 bits of the SHA-256 of the canonical form without enum values; never 0.</summary>
    public static ulong Shape(IReadOnlyList<KhoMember> members, ILayoutResolver resolver)
    {
        byte[] hash = Sha256("khogen-shape/1 " + Canonical(members, resolver, enumValues: false));
        ulong shape = 0;
        for (int i = 7; i >= 0; i--) shape = (shape << 8) | hash[i];
        return shape == 0 ? 1 : shape;
    }

    static byte[] Sha256(string text)
    {
        using var sha = SHA256.Create();
        return sha.ComputeHash(Encoding.UTF8.GetBytes(text));
    }

    static void AppendMembers(StringBuilder sb, IReadOnlyList<KhoMember> members, ILayoutResolver r, bool enumValues, int depth)
    {
        sb.Append('{');
        for (int i = 0; i < members.Count; i++)
        {
            if (i > 0) sb.Append(',');
            TypeExpr t = TypeExpr.TryParse(members[i].Type)
                ?? throw new KhoFormatException($"member '{members[i].Name}' has a malformed type '{members[i].Type}'");
            AppendType(sb, t, r, enumValues, depth);
        }
        sb.Append('}');
    }

    static void AppendType(StringBuilder sb, TypeExpr t, ILayoutResolver r, bool enumValues, int depth)
    {
        if (depth > MaxDepth) throw new KhoFormatException($"data types nest deeper than {MaxDepth} levels (a recursive data type?)");
        switch (t.Kind)
        {
            case TypeKind.Scalar:
                sb.Append(t.Name);
                return;
            case TypeKind.Nullable:
                sb.Append('?');
                AppendType(sb, t.Args[0], r, enumValues, depth + 1);
                return;
            case TypeKind.Seq:
            case TypeKind.Sparse:
                sb.Append(t.Name).Append('<');
                AppendType(sb, t.Args[0], r, enumValues, depth + 1);
                sb.Append('>');
                return;
            case TypeKind.Map:
                sb.Append("map<");
                AppendType(sb, t.Args[0], r, enumValues, depth + 1);
                sb.Append(',');
                AppendType(sb, t.Args[1], r, enumValues, depth + 1);
                sb.Append('>');
                return;
        }
        if (r.TryGetData(t.Name, out bool isClass, out var members))
        {
            // A class is written with a presence byte, exactly like a Nullable<struct>.
            if (isClass) sb.Append('?');
            AppendMembers(sb, members, r, enumValues, depth + 1);
            return;
        }
        KhoEnumEntry e = r.GetEnum(t.Name) ?? throw new KhoFormatException($"type '{t.Name}' is neither a data type nor an enum of the catalog");
        sb.Append("enum(").Append(e.Underlying);
        if (e.Flags) sb.Append(",flags");
        if (enumValues)
        {
            sb.Append(':');
            // Distinct values in numeric order of the underlying type (unsigned types as unsigned).
            var values = new SortedSet<decimal>();
            bool unsigned = Scalars.IsUnsigned(e.Underlying);
            foreach (var v in e.Values) values.Add(unsigned ? (ulong)v.Value : (decimal)v.Value);
            bool first = true;
            foreach (decimal v in values)
            {
                if (!first) sb.Append(',');
                sb.Append(v.ToString(CultureInfo.InvariantCulture));
                first = false;
            }
        }
        sb.Append(')');
    }
}
