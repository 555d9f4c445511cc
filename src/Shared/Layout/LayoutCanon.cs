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
/// before it is written (sizes memoised per data type, linear in types x members): one form may have
/// at most <see cref="MaxLayout"/> characters, and one catalog at most <see cref="MaxWork"/> in all;
/// asking for more is a <see cref="KhoFormatException"/> raised before any of it is written.
/// Fingerprints and shapes stream the form into the hash, so memory stays small whatever the size.
/// </remarks>
static class LayoutCanon
{
    /// <summary>Levels of nesting (data types, nullables, collections) a form may have.</summary>
    public const int MaxDepth = 64;

    /// <summary>
    /// The longest canonical form of one layout (1 Mi characters): far above any realistic layout
    /// (the samples' are under 200 characters), and refused the same way by the generator (which
    /// leaves such a layout out of the catalog), the runtime and the tools. A data type's form is
    /// longer than that of any data type it holds, so what is left out is closed under nesting.
    /// </summary>
    public const long MaxLayout = 1L << 20;

    /// <summary>
    /// Characters of canonical form one parsed catalog (<see cref="KhoCatalog"/>) may ask for in all,
    /// its data types' and versions' together (8 Mi): a bound on the work of checking a catalog,
    /// which takes a few tens of milliseconds at most.
    /// </summary>
    public const long MaxWork = 8L << 20;

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
    /// <exception cref="KhoFormatException">As for <see cref="Canonical"/>.</exception>
    public static string Fingerprint(IReadOnlyList<KhoMember> members, ILayoutResolver resolver)
    {
        byte[] hash = Hash("khogen-layout/1 ", members, resolver, enumValues: true);
        var sb = new StringBuilder("sha256:", 7 + 64);
        foreach (byte b in hash) sb.Append(b.ToString("x2", CultureInfo.InvariantCulture));
        return sb.ToString();
    }

    /// <summary>64 bits of the SHA-256 of the canonical form without enum values; never 0.</summary>
    /// <exception cref="KhoFormatException">As for <see cref="Canonical"/>.</exception>
    public static ulong Shape(IReadOnlyList<KhoMember> members, ILayoutResolver resolver)
    {
        byte[] hash = Hash("khogen-shape/1 ", members, resolver, enumValues: false);
        ulong shape = 0;
        for (int i = 7; i >= 0; i--) shape = (shape << 8) | hash[i];
        return shape == 0 ? 1 : shape;
    }

    /// <summary>SHA-256 of UTF-8(<paramref name="prefix"/> + the canonical form), the form streamed into the hash rather than held.</summary>
    static byte[] Hash(string prefix, IReadOnlyList<KhoMember> members, ILayoutResolver resolver, bool enumValues)
    {
        Forms forms = FormsOf(resolver, enumValues);
        using var sink = new Sink(prefix);
        lock (forms) forms.Write(members, sink);
        return sink.Hash();
    }

    /// <summary>Where a form is written: text, or a SHA-256 fed in chunks.</summary>
    sealed class Sink : IDisposable
    {
        readonly StringBuilder? _text;
        readonly IncrementalHash? _hash;
        readonly byte[] _buffer = Array.Empty<byte>();
        int _count;

        public Sink(int capacity) => _text = new StringBuilder(capacity);

        public Sink(string prefix)
        {
            _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            _buffer = new byte[8192];
            Append(prefix);
        }

        // Forms are made of ASCII punctuation and keywords; enum forms and the prefix go through UTF-8 whole.
        public void Append(char c)
        {
            if (_text is not null) { _text.Append(c); return; }
            if (c > 0x7F) { Append(c.ToString()); return; }
            if (_count == _buffer.Length) Flush();
            _buffer[_count++] = (byte)c;
        }

        public void Append(string s)
        {
            if (_text is not null) { _text.Append(s); return; }
            // In slices that fit the buffer (3 bytes a char at most), never splitting a surrogate pair.
            for (int at = 0; at < s.Length;)
            {
                if (_buffer.Length - _count < 16) Flush();
                int n = Math.Min(s.Length - at, (_buffer.Length - _count) / 3);
                if (at + n < s.Length && char.IsHighSurrogate(s[at + n - 1])) n--;
                _count += Encoding.UTF8.GetBytes(s, at, n, _buffer, _count);
                at += n;
            }
        }

        void Flush()
        {
            _hash!.AppendData(_buffer, 0, _count);
            _count = 0;
        }

        public byte[] Hash()
        {
            Flush();
            return _hash!.GetHashAndReset();
        }

        public override string ToString() => _text!.ToString();

        public void Dispose() => _hash?.Dispose();
    }

    /// <summary>The forms of one resolver: measurements memoised by type name, and the work done.</summary>
    sealed class Forms
    {
        // Sizes saturate here rather than overflow: anything this large is refused anyway.
        const long Huge = long.MaxValue / 4;

        readonly ILayoutResolver _r;
        readonly bool _enumValues;
        readonly Dictionary<string, (long Size, int Height)> _measured = new();
        readonly Dictionary<string, Named> _named = new();
        readonly HashSet<string> _open = new();
        // By reference (neither class defines equality): a member is parsed, and a name looked up,
        // once, not once for every place a nested data type is inlined.
        readonly Dictionary<KhoMember, TypeExpr> _parsed = new();
        readonly Dictionary<TypeExpr, Named> _resolved = new();

        /// <summary>A data type (its members) or an enum (its form).</summary>
        sealed class Named
        {
            public bool IsClass;
            public IReadOnlyList<KhoMember> Members = Array.Empty<KhoMember>();
            public string? EnumForm;
            public long Size;
            public string? Form; // a small data type's form, once written
        }

        // Small data types keep their form once written, so inlining them again is one copy; what
        // they keep in all is bounded too (2 MiB of text).
        const int MaxKept = 1 << 16;
        const long MaxKeptInAll = 1L << 20;
        long _kept;

        public Forms(ILayoutResolver resolver, bool enumValues)
        {
            _r = resolver;
            _enumValues = enumValues;
            // Only a catalog has a total: the generator's model fingerprints layouts one by one, and
            // what it leaves out must not depend on the order it asks in.
            _budget = resolver is KhoCatalog ? MaxWork : long.MaxValue;
        }

        readonly long _budget;

        public long Work { get; private set; }

        public string Canonical(IReadOnlyList<KhoMember> members)
        {
            long size = Measure(members);
            var sink = new Sink((int)size);
            WriteMembers(members, sink);
            return sink.ToString();
        }

        public void Write(IReadOnlyList<KhoMember> members, Sink sink)
        {
            Measure(members);
            WriteMembers(members, sink);
        }

        /// <summary>Measures a layout's form and charges it to the work, before any of it is written.</summary>
        long Measure(IReadOnlyList<KhoMember> members)
        {
            long size = MeasureMembers(members, 0).Size;
            if (size > MaxLayout)
                throw new KhoFormatException(
                    $"its canonical form would be {size} characters long; a layout's may have at most {MaxLayout} " +
                    "(data types that each hold several members of another data type multiply at every level of nesting)");
            if (size > _budget - Work)
                throw new KhoFormatException(
                    $"its canonical form of {size} characters would bring the catalog's to more than the {_budget} characters it may have in all");
            Work += size;
            return size;
        }

        static KhoFormatException TooDeep() => new($"data types nest deeper than {MaxDepth} levels");

        TypeExpr Parse(KhoMember m)
        {
            if (!_parsed.TryGetValue(m, out var t))
                _parsed[m] = t = TypeExpr.TryParse(m.Type) ?? throw new KhoFormatException($"member '{m.Name}' has a malformed type '{m.Type}'");
            return t;
        }

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
                _resolved[t] = _named[t.Name];
                return known;
            }
            var named = new Named();
            (long Size, int Height) measured;
            if (_r.TryGetData(t.Name, out named.IsClass, out named.Members))
            {
                if (!_open.Add(t.Name)) throw new KhoFormatException($"data type '{t.Name}' contains itself (a recursive data type)");
                try
                {
                    var (s, h) = MeasureMembers(named.Members, depth + 1);
                    measured = (Math.Min(Huge, (named.IsClass ? 1 : 0) + s), named.Members.Count == 0 ? 0 : h + 1);
                    named.Size = measured.Size;
                }
                finally { _open.Remove(t.Name); }
            }
            else
            {
                KhoEnumEntry e = _r.GetEnum(t.Name) ?? throw new KhoFormatException($"type '{t.Name}' is neither a data type nor an enum of the catalog");
                // No larger than the enum's entry in the catalog: kept, and inlined as a whole.
                named.EnumForm = EnumForm(e);
                measured = (named.EnumForm.Length, 0);
            }
            _measured[t.Name] = measured;
            _named[t.Name] = named;
            _resolved[t] = named;
            return measured;
        }

        void WriteMembers(IReadOnlyList<KhoMember> members, Sink sink)
        {
            sink.Append('{');
            for (int i = 0; i < members.Count; i++)
            {
                if (i > 0) sink.Append(',');
                WriteType(Parse(members[i]), sink);
            }
            sink.Append('}');
        }

        void WriteType(TypeExpr t, Sink sink)
        {
            switch (t.Kind)
            {
                case TypeKind.Scalar:
                    sink.Append(t.Name);
                    return;
                case TypeKind.Nullable:
                    sink.Append('?');
                    WriteType(t.Args[0], sink);
                    return;
                case TypeKind.Seq:
                case TypeKind.Sparse:
                    sink.Append(t.Name);
                    sink.Append('<');
                    WriteType(t.Args[0], sink);
                    sink.Append('>');
                    return;
                case TypeKind.Map:
                    sink.Append("map<");
                    WriteType(t.Args[0], sink);
                    sink.Append(',');
                    WriteType(t.Args[1], sink);
                    sink.Append('>');
                    return;
            }
            Named named = _resolved[t];
            if ((named.EnumForm ?? named.Form) is string form)
            {
                sink.Append(form);
                return;
            }
            if (named.Size <= MaxKept && _kept + named.Size <= MaxKeptInAll)
            {
                var text = new Sink((int)named.Size);
                WriteData(named, text);
                named.Form = text.ToString();
                _kept += named.Size;
                sink.Append(named.Form);
                return;
            }
            WriteData(named, sink);
        }

        void WriteData(Named data, Sink sink)
        {
            // A class is written with a presence byte, exactly like a Nullable<struct>.
            if (data.IsClass) sink.Append('?');
            WriteMembers(data.Members, sink);
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
            return sb.Append(')').ToString();
        }
    }
}
