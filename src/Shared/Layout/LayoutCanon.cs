using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
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
/// <remarks>
/// Inlining makes a form grow with the product of the members along each nesting path: thirty data
/// types each holding two members of the next expand to 2^30 characters. So every form is measured
/// before it is written (sizes memoised per data type, linear in types x members), and one resolver
/// (one catalog, one generator run) may have at most <see cref="MaxWork"/> characters of forms
/// written in all; asking for more is a <see cref="KhoFormatException"/> raised before any of it.
/// </remarks>
static class LayoutCanon
{
    /// <summary>Levels of nesting (data types, nullables, collections) a form may have.</summary>
    public const int MaxDepth = 64;

    /// <summary>
    /// Characters of canonical form one resolver may ask for in all (4 Mi, 8 MiB of text): far above
    /// any realistic catalog (the samples' are a few hundred characters each), low enough that a
    /// forged catalog costs at most tens of milliseconds.
    /// </summary>
    public const long MaxWork = 4L << 20;

    // One set of forms per resolver and per kind (with or without enum values): a catalog's
    // measurements and budget live as long as the catalog, without a field in every resolver.
    static readonly ConditionalWeakTable<ILayoutResolver, Forms> s_withValues = new();
    static readonly ConditionalWeakTable<ILayoutResolver, Forms> s_withoutValues = new();

    /// <exception cref="KhoFormatException">A name does not resolve, a type string is malformed, data types nest in a cycle or too deep, or the form exceeds what the resolver may still ask for.</exception>
    public static string Canonical(IReadOnlyList<KhoMember> members, ILayoutResolver resolver, bool enumValues)
    {
        Forms forms = FormsOf(resolver, enumValues);
        lock (forms) return forms.Canonical(members);
    }

    /// <summary>Characters of canonical form written so far for <paramref name="resolver"/> (for tests and the docs' measurements).</summary>
    internal static long Work(ILayoutResolver resolver, bool enumValues)
    {
        Forms forms = FormsOf(resolver, enumValues);
        lock (forms) return forms.Work;
    }

    static Forms FormsOf(ILayoutResolver resolver, bool enumValues) =>
        (enumValues ? s_withValues : s_withoutValues).GetValue(resolver, r => new Forms(r, enumValues));

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

    /// <summary>The forms of one resolver: measurements and written forms memoised by type name, and the work done.</summary>
    sealed class Forms
    {
        // Sizes saturate here rather than overflow: anything this large is refused anyway.
        const long Huge = long.MaxValue / 4;

        readonly ILayoutResolver _r;
        readonly bool _enumValues;
        readonly Dictionary<string, (long Size, int Height)> _measured = new();
        readonly Dictionary<string, string> _written = new();
        readonly HashSet<string> _open = new();

        public Forms(ILayoutResolver resolver, bool enumValues)
        {
            _r = resolver;
            _enumValues = enumValues;
        }

        public long Work { get; private set; }

        public string Canonical(IReadOnlyList<KhoMember> members)
        {
            long size = MeasureMembers(members, 0).Size;
            Charge(size);
            var sb = new StringBuilder((int)size);
            AppendMembers(sb, members);
            return sb.ToString();
        }

        void Charge(long size)
        {
            if (size > MaxWork - Work)
                throw new KhoFormatException(
                    $"its canonical form would be {size} characters long, more than the {MaxWork} characters of canonical form a catalog may ask for in all " +
                    $"({Work} used so far): data types that each hold several members of another data type multiply at every level of nesting");
            Work += size;
        }

        static KhoFormatException TooDeep() => new($"data types nest deeper than {MaxDepth} levels");

        static TypeExpr Parse(KhoMember m) =>
            TypeExpr.TryParse(m.Type) ?? throw new KhoFormatException($"member '{m.Name}' has a malformed type '{m.Type}'");

        // Size: the exact length of the form. Height: how many levels below this type's own the form reaches.
        (long Size, int Height) MeasureMembers(IReadOnlyList<KhoMember> members, int depth)
        {
            long size = 2 + Math.Max(0, members.Count - 1);
            int height = 0;
            foreach (var m in members)
            {
                var (s, h) = MeasureType(Parse(m), depth);
                size = Math.Min(Huge, size + s);
                height = Math.Max(height, h);
            }
            return (size, height);
        }

        (long Size, int Height) MeasureType(TypeExpr t, int depth)
        {
            if (depth > MaxDepth) throw TooDeep();
            switch (t.Kind)
            {
                case TypeKind.Scalar:
                    return (t.Name.Length, 0);
                case TypeKind.Nullable:
                {
                    var (s, h) = MeasureType(t.Args[0], depth + 1);
                    return (Math.Min(Huge, 1 + s), h + 1);
                }
                case TypeKind.Seq:
                case TypeKind.Sparse:
                {
                    var (s, h) = MeasureType(t.Args[0], depth + 1);
                    return (Math.Min(Huge, t.Name.Length + 2 + s), h + 1);
                }
                case TypeKind.Map:
                {
                    var (ks, kh) = MeasureType(t.Args[0], depth + 1);
                    var (vs, vh) = MeasureType(t.Args[1], depth + 1);
                    return (Math.Min(Huge, 6 + ks + vs), Math.Max(kh, vh) + 1);
                }
            }
            if (_measured.TryGetValue(t.Name, out var known))
            {
                if (depth + known.Height > MaxDepth) throw TooDeep();
                return known;
            }
            (long Size, int Height) measured;
            if (_r.TryGetData(t.Name, out bool isClass, out var members))
            {
                if (!_open.Add(t.Name)) throw new KhoFormatException($"data type '{t.Name}' contains itself (a recursive data type)");
                try
                {
                    var (s, h) = MeasureMembers(members, depth + 1);
                    measured = (Math.Min(Huge, (isClass ? 1 : 0) + s), members.Count == 0 ? 0 : h + 1);
                }
                finally { _open.Remove(t.Name); }
            }
            else
            {
                // Enums are written once here: their form is no larger than their entry in the catalog.
                KhoEnumEntry e = _r.GetEnum(t.Name) ?? throw new KhoFormatException($"type '{t.Name}' is neither a data type nor an enum of the catalog");
                string form = EnumForm(e);
                Charge(form.Length);
                _written[t.Name] = form;
                measured = (form.Length, 0);
            }
            _measured[t.Name] = measured;
            return measured;
        }

        void AppendMembers(StringBuilder sb, IReadOnlyList<KhoMember> members)
        {
            sb.Append('{');
            for (int i = 0; i < members.Count; i++)
            {
                if (i > 0) sb.Append(',');
                AppendType(sb, Parse(members[i]));
            }
            sb.Append('}');
        }

        void AppendType(StringBuilder sb, TypeExpr t)
        {
            switch (t.Kind)
            {
                case TypeKind.Scalar:
                    sb.Append(t.Name);
                    return;
                case TypeKind.Nullable:
                    sb.Append('?');
                    AppendType(sb, t.Args[0]);
                    return;
                case TypeKind.Seq:
                case TypeKind.Sparse:
                    sb.Append(t.Name).Append('<');
                    AppendType(sb, t.Args[0]);
                    sb.Append('>');
                    return;
                case TypeKind.Map:
                    sb.Append("map<");
                    AppendType(sb, t.Args[0]);
                    sb.Append(',');
                    AppendType(sb, t.Args[1]);
                    sb.Append('>');
                    return;
            }
            sb.Append(Written(t.Name));
        }

        /// <summary>A data type's form, written once (its size is known: every form is measured first).</summary>
        string Written(string name)
        {
            if (_written.TryGetValue(name, out string? form)) return form;
            _r.TryGetData(name, out bool isClass, out var members);
            long size = _measured[name].Size;
            Charge(size);
            var sb = new StringBuilder((int)size);
            // A class is written with a presence byte, exactly like a Nullable<struct>.
            if (isClass) sb.Append('?');
            AppendMembers(sb, members);
            return _written[name] = sb.ToString();
        }

        string EnumForm(KhoEnumEntry e)
        {
            var sb = new StringBuilder("enum(").Append(e.Underlying);
            if (e.Flags) sb.Append(",flags");
            if (_enumValues)
            {
                sb.Append(':');
                // Distinct values in numeric order of the underlying type (unsigned types as unsigned).
                var values = new SortedSet<decimal>();
                bool unsigned = e.Underlying[0] == 'u';
                foreach (var v in e.Values) values.Add(unsigned ? (ulong)v.Value : (decimal)v.Value);
                bool first = true;
                foreach (decimal v in values)
                {
                    if (!first) sb.Append(',');
                    sb.Append(v.ToString(CultureInfo.InvariantCulture));
                    first = false;
                }
            }
            return sb.Append(')').ToString();
        }
    }
}
