using System.Globalization;
using System.Linq;
using KhoGen.Generator.Model;
using KhoGen.Layout;

namespace KhoGen.Generator.Emit;

/// <summary>
/// Writes the statements that write or read one value of a <see cref="TypeShape"/>: the wire
/// encoding of docs/wire-format.md, in generated code.
/// </summary>
static class ShapeEmitter
{
    const string Runtime = "global::KhoGen.";

    /// <summary>
    /// Statements that write <paramref name="value"/> (an expression evaluated once); <paramref name="where"/>
    /// names it in messages (<c>Session.Tags</c>, <c>an element of Session.Tags</c>).
    /// </summary>
    public static void Write(SourceWriter w, TypeShape s, string value, string where)
    {
        switch (s.Kind)
        {
            case ShapeKind.Scalar:
                if (s.NotNull)
                {
                    string str = w.Temp("str");
                    w.Line($"var {str} = {value};");
                    RefuseNullOnWrite(w, s, $"{str} is null", where);
                    value = str;
                }
                w.Line($"writer.{ScalarMethod(s.Keyword, write: true)}({value});");
                return;
            case ShapeKind.Enum:
            {
                // Checked on write too: a value the reader would refuse must fail here, in the build
                // that holds the state, not after the hand-over.
                EnumModel e = s.Enum!;
                string raw = w.Temp("raw");
                w.Line($"var {raw} = ({ClrType(e.Underlying)}){value};");
                w.Line($"if ({EnumInvalid(e, raw)}) throw new global::System.ArgumentException(\"value \" + {raw}.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \" is not {Defined(e)} of enum {e.Name}: no reader would accept it\");");
                w.Line($"writer.{ScalarMethod(e.Underlying, write: true)}({raw});");
                return;
            }
            case ShapeKind.Bytes:
                if (s.NotNull)
                {
                    string bytes = w.Temp("bytes");
                    w.Line($"var {bytes} = {value};");
                    RefuseNullOnWrite(w, s, $"{bytes} is null", where);
                    value = bytes;
                }
                w.Line(s.Flavor == Flavor.ByteArray ? $"writer.WriteBytes({value});" : $"writer.WriteBytes({value}.Span);");
                return;
            case ShapeKind.Nullable:
            {
                string t = w.Temp("n");
                w.Line($"var {t} = {value};");
                w.Open($"if ({t}.HasValue)");
                w.Line("writer.WritePresence(true);");
                Write(w, s.Args[0], $"{t}.GetValueOrDefault()", where);
                w.Close();
                w.Line("else writer.WritePresence(false);");
                return;
            }
            case ShapeKind.Data:
                if (s.Flavor == Flavor.Class)
                {
                    string t = w.Temp("d");
                    w.Line($"var {t} = {value};");
                    if (s.NotNull)
                    {
                        RefuseNullOnWrite(w, s, $"{t} is null", where);
                        w.Line("writer.WritePresence(true);");
                        w.Line($"{s.CSharp}.KhoWrite(ref writer, {t});");
                    }
                    else
                    {
                        w.Line($"writer.WritePresence({t} is not null);");
                        w.Line($"if ({t} is not null) {s.CSharp}.KhoWrite(ref writer, {t});");
                    }
                }
                else w.Line($"{s.CSharp}.KhoWrite(ref writer, {value});");
                return;
            case ShapeKind.Seq:
                WriteSeq(w, s, value, where);
                return;
            case ShapeKind.Map:
            {
                string t = w.Temp("m");
                w.Line($"var {t} = {value};");
                WriteNullCount(w, s, $"{t} is null", where);
                w.Open("else");
                w.Line($"writer.WriteCount({t}.Count);");
                string kv = w.Temp("kv");
                w.Open($"foreach (var {kv} in {t})");
                Write(w, s.Args[0], kv + ".Key", "a key of " + where);
                Write(w, s.Args[1], kv + ".Value", "a value of " + where);
                w.Close();
                w.Close();
                return;
            }
            case ShapeKind.Sparse:
            {
                string t = w.Temp("a");
                string c = w.Temp("c");
                w.Line($"var {t} = {value};");
                WriteNullCount(w, s, $"{t} is null", where);
                w.Open("else");
                TypeShape e = s.Args[0];
                bool blittable = IsBlittable(e), plain = IsDataStruct(e);
                if (blittable)
                {
                    // Elements whose wire form is their little-endian memory form: the runs are copied from the leaves.
                    w.Line($"if (global::System.BitConverter.IsLittleEndian) {Runtime}KhoSparse.WriteBlittable<{e.CSharp}>(ref writer, {t});");
                    w.Open("else");
                }
                else if (plain) w.Open($"if (!{Runtime}KhoSparse.TryWritePlain<{e.CSharp}>(ref writer, {t}))");
                w.Line($"var {c} = {Runtime}KhoSparseWriter<{e.CSharp}>.Start(ref writer, {t});");
                w.Open($"while ({c}.MoveNext(ref writer))");
                Write(w, e, $"{c}.Current", "an element of " + where);
                w.Close();
                if (blittable || plain) w.Close();
                w.Close();
                return;
            }
        }
    }

    /// <summary>A null where the declaration says non-nullable is refused in the build that holds it, not after the hand-over.</summary>
    static void RefuseNullOnWrite(SourceWriter w, TypeShape s, string isNull, string where)
    {
        if (s.NotNull) w.Line($"if ({isNull}) throw {Runtime}KhoWriter.NullError(\"{where}\");");
    }

    /// <summary>The null branch of a collection: a count of -1, or the refusal where the declaration says non-nullable; an <c>else</c> follows.</summary>
    static void WriteNullCount(SourceWriter w, TypeShape s, string isNull, string where)
    {
        if (s.NotNull) RefuseNullOnWrite(w, s, isNull, where);
        else w.Line($"if ({isNull}) writer.WriteCount(-1);");
    }

    /// <summary>Refuses a null marker (a count or a presence byte) read at <paramref name="at"/>, where the declaration says non-nullable.</summary>
    static void RefuseNullOnRead(SourceWriter w, string isNull, string at, string where) =>
        w.Line($"if ({isNull}) throw reader.NullError(\"{where}\", {at});");

    static void WriteSeq(SourceWriter w, TypeShape s, string value, string where)
    {
        TypeShape e = s.Args[0];
        string t = w.Temp("s");
        w.Line($"var {t} = {value};");
        string isNull = s.Flavor == Flavor.ImmutableArray ? $"{t}.IsDefault" : $"{t} is null";
        WriteNullCount(w, s, isNull, where);
        w.Open("else");
        string count = s.Flavor is Flavor.Array or Flavor.ImmutableArray ? "Length" : "Count";
        w.Line($"writer.WriteCount({t}.{count});");
        string? span = s.Flavor switch
        {
            Flavor.Array => $"new global::System.ReadOnlySpan<{e.CSharp}>({t})",
            Flavor.ImmutableArray => $"{t}.AsSpan()",
            Flavor.List => $"global::System.Runtime.InteropServices.CollectionsMarshal.AsSpan({t})",
            _ => null,
        };
        bool block = span is not null && (IsBlittable(e) || IsDataStruct(e));
        if (block && IsBlittable(e))
        {
            // The wire form of these element types is their little-endian memory form: one copy.
            w.Line($"if (global::System.BitConverter.IsLittleEndian) writer.WriteBlittable<{e.CSharp}>({span});");
            w.Open("else");
        }
        else if (block)
        {
            // A data struct whose memory form is proven to be its wire form (KhoPlainLayout) is one copy too.
            w.Open($"if (!writer.TryWritePlain<{e.CSharp}>({span}))");
        }
        string item = w.Temp("e");
        if (span is not null) w.Open($"foreach (var {item} in {span})");
        else
        {
            string i = w.Temp("i");
            w.Open($"for (int {i} = 0; {i} < {t}.Count; {i}++)");
            w.Line($"var {item} = {t}[{i}];");
        }
        Write(w, e, item, "an element of " + where);
        w.Close();
        if (block) w.Close();
        w.Close();
    }

    /// <summary>
    /// Statements that read a value into a new local; returns the local's name. <paramref name="where"/>
    /// names the value in messages.
    /// </summary>
    public static string Read(SourceWriter w, TypeShape s, string where)
    {
        string v = w.Temp("v");
        switch (s.Kind)
        {
            case ShapeKind.Scalar when s.NotNull:
            {
                string at = w.Temp("at");
                w.Line($"int {at} = reader.Position;");
                w.Line($"var {v} = reader.{ScalarMethod(s.Keyword, write: false)}();");
                RefuseNullOnRead(w, $"{v} is null", at, where);
                return v;
            }
            case ShapeKind.Scalar:
                w.Line($"var {v} = reader.{ScalarMethod(s.Keyword, write: false)}();");
                return v;
            case ShapeKind.Enum:
                ReadEnum(w, s, v);
                return v;
            case ShapeKind.Bytes:
                if (s.NotNull)
                {
                    string at = w.Temp("at");
                    w.Line($"int {at} = reader.Position;");
                    w.Line($"var {v} = reader.ReadBytes();");
                    RefuseNullOnRead(w, $"{v} is null", at, where);
                    return v;
                }
                w.Line(s.Flavor switch
                {
                    Flavor.ByteArray => $"var {v} = reader.ReadBytes();",
                    Flavor.Memory => $"var {v} = new global::System.Memory<byte>(reader.ReadBytes() ?? global::System.Array.Empty<byte>());",
                    _ => $"var {v} = new global::System.ReadOnlyMemory<byte>(reader.ReadBytes() ?? global::System.Array.Empty<byte>());",
                });
                return v;
            case ShapeKind.Nullable:
                w.Line($"{s.CSharp} {v} = default;");
                w.Open("if (reader.ReadPresence())");
                string inner = Read(w, s.Args[0], where);
                w.Line($"{v} = {inner};");
                w.Close();
                return v;
            case ShapeKind.Data when s.Flavor == Flavor.Class && s.NotNull:
            {
                string at = w.Temp("at");
                w.Line($"int {at} = reader.Position;");
                RefuseNullOnRead(w, "!reader.ReadPresence()", at, where);
                w.Line($"var {v} = {s.CSharp}.KhoRead(ref reader);");
                return v;
            }
            case ShapeKind.Data:
                w.Line(s.Flavor == Flavor.Class
                    ? $"var {v} = reader.ReadPresence() ? {s.CSharp}.KhoRead(ref reader) : null;"
                    : $"var {v} = {s.CSharp}.KhoRead(ref reader);");
                return v;
            case ShapeKind.Seq:
                ReadSeq(w, s, v, where);
                return v;
            case ShapeKind.Map:
            {
                string n = ReadCount(w, s, MinSize(s.Args[0]) + " + " + MinSize(s.Args[1]), where);
                string dict = $"global::System.Collections.Generic.Dictionary<{s.Args[0].CSharp}, {s.Args[1].CSharp}>";
                w.Line($"{dict} {v} = null;");
                w.Open($"if ({n} >= 0)");
                // Reserved as far as the remaining input can fill; the dictionary grows as entries arrive.
                w.Line($"{v} = new {dict}(reader.Reserve({n}, {SizeOf(s.Args[0])} + {SizeOf(s.Args[1])} + 12));");
                string i = w.Temp("i");
                w.Open($"for (int {i} = 0; {i} < {n}; {i}++)");
                string at = w.Temp("at");
                w.Line($"int {at} = reader.Position;");
                string k = Read(w, s.Args[0], "a key of " + where);
                // A null key (a string or data class written as absent) cannot be in a Dictionary.
                if (!s.Args[0].NotNull && (s.Args[0].Kind == ShapeKind.Data ? s.Args[0].Flavor == Flavor.Class : s.Args[0].Keyword == "string"))
                    w.Line($"if ({k} is null) throw reader.Error(\"null key in a map\", {at});");
                string val = Read(w, s.Args[1], "a value of " + where);
                w.Line($"if (!{v}.TryAdd({k}, {val})) throw reader.Error(\"duplicate key in a map\", {at});");
                w.Close();
                w.Close();
                return v;
            }
            case ShapeKind.Sparse:
            {
                string n = ReadCount(w, s, MinSize(s.Args[0]), where);
                string r = w.Temp("r");
                string arr = $"global::KhoGen.KhoArray<{s.Args[0].CSharp}>";
                w.Line($"{arr} {v} = null;");
                w.Open($"if ({n} >= 0)");
                w.Line($"{v} = new {arr}(reader.Reserve({n}, 8 + {SizeOf(s.Args[0])}));");
                w.Line($"var {r} = new {Runtime}KhoSparseReader({n});");
                w.Open($"while ({r}.MoveNextRun(ref reader))");
                string k = w.Temp("k");
                w.Open($"for (int {k} = 0; {k} < {r}.RunLength; {k}++)");
                string e = Read(w, s.Args[0], "an element of " + where);
                w.Line($"{v}.Append({r}.RunStart + (ulong){k}, {e});");
                w.Close();
                w.Close();
                w.Close();
                return v;
            }
        }
        return v;
    }

    /// <summary>Reads a collection's count into a new local (-1 for null, refused when declared non-nullable).</summary>
    static string ReadCount(SourceWriter w, TypeShape s, string minSize, string where)
    {
        string n = w.Temp("n");
        if (s.NotNull)
        {
            string at = w.Temp("at");
            w.Line($"int {at} = reader.Position;");
            w.Line($"int {n} = reader.ReadCount({minSize});");
            RefuseNullOnRead(w, $"{n} < 0", at, where);
        }
        else w.Line($"int {n} = reader.ReadCount({minSize});");
        return n;
    }

    /// <summary>The in-memory size of one value (a reference's size for classes), as a C# expression the JIT folds.</summary>
    public static string SizeOf(TypeShape s) => $"global::System.Runtime.CompilerServices.Unsafe.SizeOf<{s.CSharp}>()";

    static void ReadSeq(SourceWriter w, TypeShape s, string v, string where)
    {
        TypeShape e = s.Args[0];
        string n = ReadCount(w, s, MinSize(e), where);
        if (s.Flavor == Flavor.List)
        {
            // The list's own array is filled in place: no array to copy into it afterwards.
            string list = $"global::System.Collections.Generic.List<{e.CSharp}>";
            w.Line($"{list} {v} = null;");
            w.Open($"if ({n} >= 0)");
            w.Line($"{v} = reader.AllocateList<{e.CSharp}>({n});");
            string span = w.Temp("span");
            w.Line($"var {span} = global::System.Runtime.InteropServices.CollectionsMarshal.AsSpan({v});");
            ReadElements(w, e, span, n, $"{span} = {Runtime}KhoReader.Grow({v}, {n});", where);
            w.Close();
            return;
        }
        string arr = w.Temp("a");
        w.Line($"{e.CSharp}[] {arr} = null;");
        w.Open($"if ({n} >= 0)");
        // Every element is assigned below (or the read throws and the array is dropped).
        w.Line($"{arr} = reader.Allocate<{e.CSharp}>({n});");
        ReadElements(w, e, arr, n, $"{arr} = {Runtime}KhoReader.Grow({arr}, {n});", where);
        w.Close();
        w.Line(s.Flavor switch
        {
            Flavor.ImmutableArray => $"var {v} = {arr} is null ? default : global::System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray({arr});",
            _ => $"var {v} = {arr};",
        });
    }

    /// <summary>
    /// Reads the <paramref name="n"/> elements of a sequence into <paramref name="target"/> (an array or a
    /// span, reserved by the reader as far as the remaining input can fill it): in one copy when the wire
    /// form is the memory form and all of it is reserved, else one by one, growing it with
    /// <paramref name="grow"/> as elements arrive.
    /// </summary>
    static void ReadElements(SourceWriter w, TypeShape e, string target, string n, string grow, string where)
    {
        bool blittable = IsBlittable(e), plain = IsDataStruct(e);
        if (blittable)
        {
            w.Line($"if ({target}.Length == {n} && global::System.BitConverter.IsLittleEndian) reader.ReadBlittable<{e.CSharp}>({target});");
            w.Open("else");
        }
        else if (plain) w.Open($"if ({target}.Length != {n} || !reader.TryReadPlain<{e.CSharp}>({target}))");
        string i = w.Temp("i");
        w.Open($"for (int {i} = 0; {i} < {n}; {i}++)");
        string item = Read(w, e, "an element of " + where);
        w.Line($"if ((uint){i} >= (uint){target}.Length) {grow}");
        w.Line($"{target}[{i}] = {item};");
        w.Close();
        if (blittable || plain) w.Close();
    }

    static void ReadEnum(SourceWriter w, TypeShape s, string v)
    {
        EnumModel e = s.Enum!;
        string raw = w.Temp("raw");
        string at = w.Temp("at");
        w.Line($"int {at} = reader.Position;");
        w.Line($"var {raw} = reader.{ScalarMethod(e.Underlying, write: false)}();");
        w.Line($"if ({EnumInvalid(e, raw)}) throw reader.Error(\"value \" + {raw}.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \" is not {Defined(e)} of enum {e.Name}\", {at});");
        w.Line($"var {v} = ({s.CSharp}){raw};");
    }

    /// <summary>A C# condition, true when the integer <paramref name="raw"/> is not a value the enum defines ([Flags]: not made of its bits).</summary>
    static string EnumInvalid(EnumModel e, string raw)
    {
        if (e.Flags)
        {
            ulong mask = e.Values.Aggregate(0UL, (m, x) => m | unchecked((ulong)x.Value));
            return $"(unchecked((ulong){raw}) & ~0x{mask.ToString("X", CultureInfo.InvariantCulture)}UL) != 0";
        }
        var values = e.Values.Select(x => x.Value).Distinct().OrderBy(x => x).ToList();
        // An enum without values accepts none: always true, but not a constant (that would be CS0162 on what follows).
        return values.Count == 0 ? $"({raw} | 1) != 0" : $"!({raw} is " + string.Join(" or ", values.Select(x => Literal(x, e.Underlying))) + ")";
    }

    static string Defined(EnumModel e) => e.Flags ? "a combination of the flags" : "a value";

    static string Literal(long value, string underlying) => underlying switch
    {
        "u64" => unchecked((ulong)value).ToString(CultureInfo.InvariantCulture) + "UL",
        "i64" => value == long.MinValue ? "long.MinValue" : value.ToString(CultureInfo.InvariantCulture) + "L",
        "u32" => unchecked((uint)value).ToString(CultureInfo.InvariantCulture) + "U",
        _ => value.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// The wire size of a member that can join a run of consecutive fixed-size members (written and
    /// read with one bounds check), or 0: scalars other than strings, decimals and date-time offsets, and enums.
    /// </summary>
    public static int FixedSize(TypeShape s) => s.Kind switch
    {
        ShapeKind.Enum => ScalarOf(s.Enum!.Underlying).FixedSize,
        ShapeKind.Scalar => ScalarOf(s.Keyword).FixedSize,
        _ => 0,
    };

    /// <summary>The scalar of a keyword the parser produced (so it is in the table).</summary>
    static Scalar ScalarOf(string keyword) =>
        Scalars.Find(keyword) ?? throw new System.InvalidOperationException("not a scalar keyword: " + keyword);

    /// <summary>
    /// Statements that write a run of consecutive fixed-size members (<see cref="FixedSize"/>) with one
    /// bounds check: every value first, in member order (enums checked, so nothing is reserved for a
    /// value that is refused), then one reservation and a store per member. Same bytes as <see cref="Write"/>.
    /// </summary>
    public static void WriteRun(SourceWriter w, System.Collections.Generic.IReadOnlyList<(TypeShape Shape, string Value)> run)
    {
        var values = new System.Collections.Generic.List<(string Method, string Local)>();
        int size = 0;
        foreach (var (s, value) in run)
        {
            string local = w.Temp("f");
            if (s.Kind == ShapeKind.Enum)
            {
                EnumModel e = s.Enum!;
                w.Line($"var {local} = ({ClrType(e.Underlying)}){value};");
                w.Line($"if ({EnumInvalid(e, local)}) throw new global::System.ArgumentException(\"value \" + {local}.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \" is not {Defined(e)} of enum {e.Name}: no reader would accept it\");");
                values.Add((ScalarMethod(e.Underlying, write: true), local));
            }
            else
            {
                w.Line($"var {local} = {value};");
                values.Add((ScalarMethod(s.Keyword, write: true), local));
            }
            size += FixedSize(s);
        }
        string b = w.Temp("b");
        w.Line($"ref byte {b} = ref writer.WriteFixed({size});");
        int offset = 0;
        for (int i = 0; i < run.Count; i++)
        {
            w.Line($"{Runtime}KhoFixed.{values[i].Method}(ref {b}, {offset}, {values[i].Local});");
            offset += FixedSize(run[i].Shape);
        }
    }

    /// <summary>
    /// Statements that read a run of consecutive fixed-size members with one bounds check, checking
    /// booleans, dates and enums at their own offsets; returns the locals, in member order.
    /// </summary>
    public static System.Collections.Generic.List<string> ReadRun(SourceWriter w, System.Collections.Generic.IReadOnlyList<TypeShape> run)
    {
        string at = w.Temp("at");
        string b = w.Temp("b");
        int size = run.Sum(FixedSize);
        // Where the run starts, for the messages of the members that are checked.
        if (run.Any(s => s.Kind == ShapeKind.Enum || s.Keyword is "bool" or "datetime")) w.Line($"int {at} = reader.Position;");
        w.Line($"ref readonly byte {b} = ref reader.ReadFixed({size});");
        var locals = new System.Collections.Generic.List<string>();
        int offset = 0;
        foreach (TypeShape s in run)
        {
            string v = w.Temp("v");
            string position = offset == 0 ? at : $"{at} + {offset.ToString(CultureInfo.InvariantCulture)}";
            string o = offset.ToString(CultureInfo.InvariantCulture);
            if (s.Kind == ShapeKind.Enum)
            {
                EnumModel e = s.Enum!;
                string raw = w.Temp("raw");
                w.Line($"var {raw} = {Runtime}KhoFixed.{ScalarMethod(e.Underlying, write: false)}(in {b}, {o});");
                w.Line($"if ({EnumInvalid(e, raw)}) throw reader.Error(\"value \" + {raw}.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \" is not {Defined(e)} of enum {e.Name}\", {position});");
                w.Line($"var {v} = ({s.CSharp}){raw};");
            }
            else if (s.Keyword == "bool")
                w.Line($"var {v} = reader.ToBoolean({Runtime}KhoFixed.ReadByte(in {b}, {o}), {position});");
            else if (s.Keyword == "datetime")
                w.Line($"var {v} = reader.ToDateTime({Runtime}KhoFixed.ReadUInt64(in {b}, {o}), {position});");
            else
                w.Line($"var {v} = {Runtime}KhoFixed.{ScalarMethod(s.Keyword, write: false)}(in {b}, {o});");
            locals.Add(v);
            offset += FixedSize(s);
        }
        return locals;
    }

    /// <summary>A data struct: sequences of it are copied in one block when <c>KhoPlainLayout</c> proves its memory form is its wire form.</summary>
    static bool IsDataStruct(TypeShape s) => s.Kind == ShapeKind.Data && s.Flavor == Flavor.Struct;

    /// <summary>
    /// Whether a type's own layout is only integers, floating-point numbers and chars (nothing to check
    /// on read), so that a struct of it may be <c>IKhoPlainLayout</c>.
    /// </summary>
    public static bool IsPlainMember(TypeShape s) => IsBlittable(s);

    /// <summary>Element types copied in bulk: their wire form is their little-endian memory form, with nothing to check.</summary>
    static bool IsBlittable(TypeShape s) => s.Kind == ShapeKind.Scalar && ScalarOf(s.Keyword).IsPlain;

    /// <summary>The fewest bytes a value takes, as a C# expression: bounds forged lengths before allocating.</summary>
    public static string MinSize(TypeShape s) => s.Kind switch
    {
        ShapeKind.Scalar => ScalarOf(s.Keyword).MinSize.ToString(CultureInfo.InvariantCulture),
        ShapeKind.Enum => ScalarOf(s.Enum!.Underlying).MinSize.ToString(CultureInfo.InvariantCulture),
        ShapeKind.Nullable => "1",
        ShapeKind.Data => s.Flavor == Flavor.Class ? "1" : $"{s.CSharp}.KhoMinSize",
        _ => "4",
    };

    /// <summary>The C# type of an enum's underlying integer.</summary>
    static string ClrType(string keyword) => ScalarOf(keyword).CSharp;

    static string ScalarMethod(string keyword, bool write) => (write ? "Write" : "Read") + ScalarOf(keyword).Method;
}
