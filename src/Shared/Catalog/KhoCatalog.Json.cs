using System;
using System.Collections.Generic;
using System.Globalization;
using KhoGen.Json;
using KhoGen.Layout;

namespace KhoGen;

sealed partial class KhoCatalog
{
    /// <summary>
    /// The catalog as JSON: schema <c>khogen-catalog/1</c>, sorted, indented, one member per line,
    /// '\n' line ends. The same catalog always gives the same text.
    /// </summary>
    /// <remarks>
    /// Composed as <see cref="JsonFrame"/>'s head, each format's <see cref="FormatJson"/> joined by
    /// commas, and the tail (<see cref="JoinJson"/>): the generator embeds the same pieces as separate
    /// constants (docs/catalog-format.md), so a format's text is written once per change of that format.
    /// </remarks>
    public string ToJson()
    {
        var (head, tail) = JsonFrame();
        var formats = new string[Formats.Count];
        for (int i = 0; i < formats.Length; i++) formats[i] = FormatJson(Formats[i]);
        return JoinJson(head, formats, tail);
    }

    /// <summary>The text of <paramref name="formats"/> between <paramref name="head"/> and <paramref name="tail"/>: commas between, the array closed on its own line.</summary>
    internal static string JoinJson(string head, IReadOnlyList<string> formats, string tail)
    {
        int length = head.Length + tail.Length + formats.Count + FormatsClose.Length;
        foreach (string f in formats) length += f.Length;
        var sb = new System.Text.StringBuilder(length);
        sb.Append(head);
        for (int i = 0; i < formats.Count; i++)
        {
            if (i > 0) sb.Append(',');
            sb.Append(formats[i]);
        }
        return sb.Append(formats.Count > 0 ? FormatsClose : "]").Append(tail).ToString();
    }

    /// <summary>What closes a non-empty formats array (an empty one is closed by ']' alone).</summary>
    internal const string FormatsClose = "\n  ]";

    /// <summary>
    /// The catalog's text without its formats: the head ends with the formats array's '[', the tail
    /// starts after its ']'. Written as the whole catalog with no formats, cut at that array.
    /// </summary>
    internal (string Head, string Tail) JsonFrame()
    {
        var w = new JsonWriter();
        w.StartObject();
        w.Name("schema").String(SchemaId);
        w.Name("assembly").StartObject();
        w.Name("name").String(AssemblyName);
        w.Name("version").String(AssemblyVersion);
        w.EndObject();
        w.Name("formats").StartArray();
        w.EndArray();
        int cut = w.Length - 1; // the empty array's ']'
        w.Name("data").StartArray();
        foreach (var d in Data)
        {
            w.StartObject();
            w.Name("name").String(d.Name);
            WriteOrigin(w, d.Origin);
            w.Name("kind").String(d.IsClass ? "class" : "struct");
            w.Name("fingerprint").String(d.Fingerprint);
            WriteMembers(w, d.Members);
            w.EndObject();
        }
        w.EndArray();
        w.Name("enums").StartArray();
        foreach (var e in Enums)
        {
            w.StartObject();
            w.Name("name").String(e.Name);
            w.Name("underlying").String(e.Underlying);
            w.Name("flags").Bool(e.Flags);
            w.Name("values").StartObject();
            bool unsigned = Scalars.IsUnsigned(e.Underlying);
            foreach (var v in e.Values)
            {
                w.Name(v.Name);
                if (unsigned) w.Number((ulong)v.Value); else w.Number(v.Value);
            }
            w.EndObject();
            w.EndObject();
        }
        w.EndArray();
        w.EndObject();
        string text = w.ToStringWithNewLine();
        return (text.Substring(0, cut), text.Substring(cut + 1));
    }

    /// <summary>One format's entry as it stands in the catalog's formats array: a line break, its indented object, no comma.</summary>
    internal static string FormatJson(KhoFormatEntry f)
    {
        var w = new JsonWriter(indent: 2);
        w.StartObject();
        w.Name("name").String(f.Name);
        WriteOrigin(w, f.Origin);
        w.Name("latest").Number(f.Latest);
        w.Name("versions").StartArray();
        foreach (var v in f.Versions)
        {
            w.StartObject();
            w.Name("version").Number(v.Version);
            w.Name("id").String(v.Id);
            w.Name("read").Bool(v.Read);
            w.Name("write").Bool(v.Write);
            w.Name("retired").Bool(v.Retired);
            w.Name("fingerprint").String(v.Fingerprint);
            WriteMembers(w, v.Members);
            if (v.Source is { } at)
                w.Name("source").Raw("{ \"file\": " + Quote(at.File) + ", \"line\": " + at.Line.ToString(CultureInfo.InvariantCulture) + " }");
            w.EndObject();
        }
        w.EndArray();
        w.EndObject();
        return w.ToString();
    }

    /// <summary><c>"origin": { "assembly": …, "version": … }</c>, when the entry has one.</summary>
    static void WriteOrigin(JsonWriter w, KhoOrigin? origin)
    {
        if (origin is not null)
            w.Name("origin").Raw("{ \"assembly\": " + Quote(origin.Assembly) + ", \"version\": " + Quote(origin.Version) + " }");
    }

    static void WriteMembers(JsonWriter w, IReadOnlyList<KhoMember> members)
    {
        w.Name("members").StartArray();
        foreach (var m in members)
            w.Raw("{ \"name\": " + Quote(m.Name) + ", \"type\": " + Quote(m.Type) + " }");
        w.EndArray();
    }

    static string Quote(string s)
    {
        var w = new JsonWriter();
        w.String(s);
        return w.ToString().TrimStart('\n');
    }

    /// <summary>
    /// Reads a catalog and checks it whole: schema, names, type strings, references, and that
    /// every fingerprint matches its layout.
    /// </summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="source">Where it came from (a path), for error messages.</param>
    /// <exception cref="KhoFormatException">The text is not a valid catalog; the message says what and where.</exception>
    public static KhoCatalog Parse(string json, string source = "catalog")
    {
        if (json is null) throw new ArgumentNullException(nameof(json));
        JsonNode root = JsonParser.Parse(json, source);
        var p = new CatalogReader(source);
        return p.Read(root);
    }

    /// <summary>The longest name (data type, enum, member, enum value) a catalog may hold: C# allows 512 per identifier.</summary>
    public const int MaxNameLength = 1024;

    /// <summary>The longest type string of a member.</summary>
    public const int MaxTypeLength = 4096;

    sealed class CatalogReader
    {
        readonly string _source;
        public CatalogReader(string source) => _source = source;

        KhoFormatException Error(JsonNode? at, string message) =>
            new($"{_source}: not a KhoGen catalog{(at is null ? "" : $" (line {at.Line})")}: {message}");

        JsonNode Get(JsonNode obj, string name, JsonKind kind)
        {
            JsonNode? v = obj[name];
            if (v is null) throw Error(obj, $"missing \"{name}\"");
            if (v.Kind != kind) throw Error(v, $"\"{name}\" must be {Article(kind)}, found {v}");
            return v;
        }

        static string Article(JsonKind k) => k switch
        {
            JsonKind.Object => "an object",
            JsonKind.Array => "an array",
            JsonKind.Bool => "true or false",
            JsonKind.Number => "a number",
            _ => "a string",
        };

        int Int(JsonNode obj, string name)
        {
            JsonNode v = Get(obj, name, JsonKind.Number);
            if (!int.TryParse(v.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int i))
                throw Error(v, $"\"{name}\" must be an integer, found {v.Text}");
            return i;
        }

        public KhoCatalog Read(JsonNode root)
        {
            if (root.Kind != JsonKind.Object) throw Error(root, "the document must be an object");
            JsonNode? schema = root["schema"];
            if (schema is null) throw Error(root, "missing \"schema\" (expected \"" + SchemaId + "\")");
            if (schema.Kind != JsonKind.String || schema.Text != SchemaId)
                throw Error(schema, $"unknown schema {schema}; this version of KhoGen reads \"{SchemaId}\"");
            JsonNode asm = Get(root, "assembly", JsonKind.Object);
            string asmName = Get(asm, "name", JsonKind.String).Text;
            string asmVersion = Get(asm, "version", JsonKind.String).Text;

            var formats = new List<KhoFormatEntry>();
            var seenFormats = new HashSet<string>();
            foreach (JsonNode f in Get(root, "formats", JsonKind.Array).Items)
            {
                if (f.Kind != JsonKind.Object) throw Error(f, "each format must be an object");
                string name = Get(f, "name", JsonKind.String).Text;
                if (!seenFormats.Add(name)) throw Error(f, $"format '{name}' is listed twice");
                var versions = new List<KhoVersionEntry>();
                var seenVersions = new HashSet<int>();
                foreach (JsonNode v in Get(f, "versions", JsonKind.Array).Items)
                {
                    if (v.Kind != JsonKind.Object) throw Error(v, "each version must be an object");
                    int version = Int(v, "version");
                    string? invalid = FormatNames.Validate(name, version);
                    if (invalid is not null) throw Error(f, $"format '{name}': {invalid}");
                    if (version < 1) throw Error(v, $"format '{name}': version {version} is not 1 or more");
                    if (!seenVersions.Add(version)) throw Error(v, $"{FormatNames.Id(name, version)} is listed twice");
                    JsonNode? fp = v["fingerprint"];
                    if (fp is null || (fp.Kind != JsonKind.String && fp.Kind != JsonKind.Null))
                        throw Error(v, "\"fingerprint\" must be a string or null");
                    versions.Add(new KhoVersionEntry(name, version,
                        Get(v, "read", JsonKind.Bool).Text == "true",
                        Get(v, "write", JsonKind.Bool).Text == "true",
                        Get(v, "retired", JsonKind.Bool).Text == "true",
                        fp.Kind == JsonKind.Null ? null : fp.Text,
                        Members(v),
                        Source(v)));
                }
                formats.Add(new KhoFormatEntry(name, versions, Origin(f)));
            }

            var data = new List<KhoDataEntry>();
            foreach (JsonNode d in Get(root, "data", JsonKind.Array).Items)
            {
                if (d.Kind != JsonKind.Object) throw Error(d, "each data entry must be an object");
                JsonNode? kind = d["kind"];
                bool isClass = kind is { Kind: JsonKind.String, Text: "class" };
                if (kind is not null && !(kind.Kind == JsonKind.String && kind.Text is "class" or "struct"))
                    throw Error(kind, "\"kind\" must be \"class\" or \"struct\"");
                data.Add(new KhoDataEntry(TypeName(d, "data type"), isClass,
                    Get(d, "fingerprint", JsonKind.String).Text, Members(d), Origin(d)));
            }

            var enums = new List<KhoEnumEntry>();
            foreach (JsonNode e in Get(root, "enums", JsonKind.Array).Items)
            {
                if (e.Kind != JsonKind.Object) throw Error(e, "each enum must be an object");
                string underlying = Get(e, "underlying", JsonKind.String).Text;
                if (Scalars.Find(underlying) is not { IsInteger: true })
                    throw Error(e, $"\"underlying\" must be an integer type keyword, found \"{underlying}\"");
                var values = new List<KhoEnumValue>();
                foreach (var pair in Get(e, "values", JsonKind.Object).Properties)
                {
                    if (pair.Value.Kind != JsonKind.Number) throw Error(pair.Value, $"enum value '{pair.Key}' must be a number");
                    CheckName(pair.Value, pair.Key, "enum value name");
                    values.Add(new KhoEnumValue(pair.Key, EnumValue(pair.Value, underlying)));
                }
                enums.Add(new KhoEnumEntry(TypeName(e, "enum"), underlying,
                    Get(e, "flags", JsonKind.Bool).Text == "true", values));
            }

            var names = new HashSet<string>();
            foreach (var d in data)
                if (!names.Add(d.Name)) throw Error(null, $"data type '{d.Name}' is listed twice");
            foreach (var e in enums)
                if (!names.Add(e.Name)) throw Error(null, $"'{e.Name}' is listed twice (as a data type or an enum)");

            var catalog = new KhoCatalog(asmName, asmVersion, formats, data, enums);
            Validate(catalog);
            return catalog;
        }

        long EnumValue(JsonNode n, string underlying)
        {
            bool unsigned = Scalars.IsUnsigned(underlying);
            if (unsigned && ulong.TryParse(n.Text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong u)) return (long)u;
            if (!unsigned && long.TryParse(n.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l)) return l;
            throw Error(n, $"enum value {n.Text} does not fit {underlying}");
        }

        /// <summary>The optional <c>"origin": { "assembly", "version" }</c> of a format or data type.</summary>
        KhoOrigin? Origin(JsonNode entry)
        {
            JsonNode? at = entry["origin"];
            if (at is null || at.Kind == JsonKind.Null) return null;
            if (at.Kind != JsonKind.Object) throw Error(at, "\"origin\" must be an object");
            string assembly = Get(at, "assembly", JsonKind.String).Text;
            string version = Get(at, "version", JsonKind.String).Text;
            CheckName(at, assembly, "origin assembly");
            CheckName(at, version, "origin version");
            return new KhoOrigin(assembly, version);
        }

        /// <summary>The optional <c>"source": { "file", "line" }</c> of a version.</summary>
        KhoSource? Source(JsonNode version)
        {
            JsonNode? at = version["source"];
            if (at is null || at.Kind == JsonKind.Null) return null;
            if (at.Kind != JsonKind.Object) throw Error(at, "\"source\" must be an object");
            string file = Get(at, "file", JsonKind.String).Text;
            CheckName(at, file, "source file");
            int line = Int(at, "line");
            if (line < 1) throw Error(at, $"\"line\" must be 1 or more, found {line}");
            return new KhoSource(file, line);
        }

        List<KhoMember> Members(JsonNode owner)
        {
            var list = new List<KhoMember>();
            var seen = new HashSet<string>();
            foreach (JsonNode m in Get(owner, "members", JsonKind.Array).Items)
            {
                if (m.Kind != JsonKind.Object) throw Error(m, "each member must be an object");
                string type = Get(m, "type", JsonKind.String).Text;
                if (type.Length > MaxTypeLength) throw Error(m, $"a type of {type.Length} characters; the limit is {MaxTypeLength}");
                if (TypeExpr.TryParse(type) is null) throw Error(m, $"malformed type \"{type}\"");
                string name = Get(m, "name", JsonKind.String).Text;
                CheckName(m, name, "member name");
                if (!seen.Add(name)) throw Error(m, $"member '{name}' is listed twice in one layout");
                list.Add(new KhoMember(name, type));
            }
            return list;
        }

        /// <summary>The name of a data type or enum: a catalog type name that is not a keyword.</summary>
        string TypeName(JsonNode owner, string what)
        {
            JsonNode node = Get(owner, "name", JsonKind.String);
            CheckName(node, node.Text, what + " name");
            if (TypeExpr.TryParse(node.Text) is not { Kind: TypeKind.Named })
                throw Error(node, $"'{node.Text}' is not a valid {what} name (letters, digits, '_', '.' and '@', not a type keyword)");
            return node.Text;
        }

        void CheckName(JsonNode at, string name, string what)
        {
            if (name.Length == 0) throw Error(at, $"an empty {what}");
            if (name.Length > MaxNameLength) throw Error(at, $"a {what} of {name.Length} characters; the limit is {MaxNameLength}");
        }

        void Validate(KhoCatalog c)
        {
            // Every fingerprint must be the one its layout gives: a catalog edited by hand, or written
            // by a build with another idea of a layout, must not pass for a compatible one.
            foreach (var d in c.Data) Check(c, d.Name, d.Members, d.Fingerprint);
            foreach (var f in c.Formats)
                foreach (var v in f.Versions)
                    if (v.Fingerprint is not null) Check(c, v.Id, v.Members, v.Fingerprint);
                    else if (!v.Retired) throw Error(null, $"{v.Id} has no fingerprint but is not retired");
        }

        void Check(KhoCatalog c, string what, IReadOnlyList<KhoMember> members, string fingerprint)
        {
            string actual;
            try { actual = LayoutCanon.Fingerprint(members, c); }
            catch (KhoFormatException e) { throw Error(null, $"{what}: {e.Message}"); }
            if (actual != fingerprint)
                throw Error(null, $"the fingerprint of {what} does not match its members (recorded {fingerprint}, computed {actual})");
        }
    }
}
