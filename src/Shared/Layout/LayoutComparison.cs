using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace KhoGen.Layout;

/// <summary>The verdict of comparing one version's layout as written by one build and read by another.</summary>
sealed class LayoutComparison
{
    /// <summary>Structural changes: any one makes the two sides incompatible (KHO101's list).</summary>
    public List<string> Changes { get; } = new();

    /// <summary>Enum values the writer may write that the reader rejects, or renumbered ones (KHO103 errors).</summary>
    public List<string> EnumLosses { get; } = new();

    /// <summary>Enum values the reader knows and the writer does not (KHO103 warning: only older builds reject them).</summary>
    public List<string> EnumGains { get; } = new();

    /// <summary>Renamed members or enum values: wire-compatible (KHO104).</summary>
    public List<string> Renames { get; } = new();

    /// <summary>Bytes written by the writer are read correctly by the reader: the one compatibility rule.</summary>
    public bool IsCompatible => Changes.Count == 0 && EnumLosses.Count == 0;

    /// <summary>Nothing differs but names.</summary>
    public bool IsIdentical => IsCompatible && EnumGains.Count == 0;

    /// <summary>Pairs of types looked at: the comparison's work, which tests hold to types x members.</summary>
    public long Work { get; set; }

    /// <summary>Every difference, in words, most serious first.</summary>
    public IEnumerable<string> All => Changes.Concat(EnumLosses).Concat(EnumGains).Concat(Renames);
}

/// <summary>
/// When are two sides compatible for one format version? When their layouts are structurally
/// equal, or differ only in enum values and the reader's values contain the writer's. The
/// analyzers (baselines), the runtime (negotiation) and the tool (check, diff) all ask this class,
/// and explain a refusal in its words.
/// </summary>
static class LayoutComparer
{
    const int MaxDepth = 64;

    /// <summary>Compares a layout as <paramref name="writer"/> writes it with the one <paramref name="reader"/> reads.</summary>
    public static LayoutComparison Compare(
        IReadOnlyList<KhoMember> writer, ILayoutResolver writerTypes,
        IReadOnlyList<KhoMember> reader, ILayoutResolver readerTypes)
    {
        var result = new LayoutComparison();
        new Walk(writerTypes, readerTypes, result).Members(writer, reader, "", 0);
        return result;
    }

    sealed class Walk
    {
        readonly ILayoutResolver _w, _r;
        readonly LayoutComparison _out;
        readonly HashSet<string> _seenData = new();
        readonly HashSet<string> _seenEnums = new();
        readonly Dictionary<(string, string), bool> _sameData = new();

        public Walk(ILayoutResolver w, ILayoutResolver r, LayoutComparison output)
        {
            _w = w;
            _r = r;
            _out = output;
        }

        public void Members(IReadOnlyList<KhoMember> w, IReadOnlyList<KhoMember> r, string where, int depth)
        {
            if (depth > MaxDepth) { _out.Changes.Add($"{where}data types nest deeper than {MaxDepth} levels"); return; }

            // Positions decide the wire; names only explain. Same count and every position equal: a pure rename at most.
            if (w.Count == r.Count && Enumerable.Range(0, w.Count).All(i => SameShape(w[i].Type, r[i].Type, depth)))
            {
                for (int i = 0; i < w.Count; i++)
                {
                    if (w[i].Name != r[i].Name) _out.Renames.Add($"{where}member '{w[i].Name}' renamed to '{r[i].Name}'");
                    Types(Parse(w[i].Type), Parse(r[i].Type), $"{where}member '{r[i].Name}': ", depth);
                }
                return;
            }

            var rIndex = new Dictionary<string, int>();
            for (int i = 0; i < r.Count; i++) rIndex[r[i].Name] = i;
            var wIndex = new Dictionary<string, int>();
            for (int i = 0; i < w.Count; i++) wIndex[w[i].Name] = i;

            // Unmatched names at the same position with the same shape are renames.
            var renamedTo = new Dictionary<int, int>();
            for (int i = 0; i < w.Count && i < r.Count; i++)
                if (!rIndex.ContainsKey(w[i].Name) && !wIndex.ContainsKey(r[i].Name) && SameShape(w[i].Type, r[i].Type, depth))
                {
                    renamedTo[i] = i;
                    _out.Renames.Add($"{where}member '{w[i].Name}' renamed to '{r[i].Name}'");
                }

            for (int i = 0; i < w.Count; i++)
            {
                int j = renamedTo.TryGetValue(i, out int k) ? k : rIndex.TryGetValue(w[i].Name, out int m) ? m : -1;
                if (j < 0)
                {
                    _out.Changes.Add($"{where}member '{w[i].Name}' ({w[i].Type}) removed");
                    continue;
                }
                if (j != i) _out.Changes.Add($"{where}member '{r[j].Name}' moved from position {i + 1} to {j + 1}");
                if (!SameShape(w[i].Type, r[j].Type, depth))
                {
                    if (w[i].Type != r[j].Type) _out.Changes.Add($"{where}member '{r[j].Name}' retyped from {w[i].Type} to {r[j].Type}");
                    else Types(Parse(w[i].Type), Parse(r[j].Type), $"{where}member '{r[j].Name}': ", depth);
                }
                else Types(Parse(w[i].Type), Parse(r[j].Type), $"{where}member '{r[j].Name}': ", depth);
            }
            for (int j = 0; j < r.Count; j++)
                if (!wIndex.ContainsKey(r[j].Name) && !renamedTo.ContainsValue(j))
                    _out.Changes.Add($"{where}member '{r[j].Name}' ({r[j].Type}) added at position {j + 1}");
        }

        static TypeExpr Parse(string type) =>
            TypeExpr.TryParse(type) ?? throw new KhoFormatException($"malformed type '{type}'");

        bool SameShape(string w, string r, int depth) => SameType(Parse(w), Parse(r), depth);

        /// <summary>
        /// Would comparing these types record no structural change? Answered once per pair of data
        /// types (memoised), so a comparison is linear in types x members however deep data nests.
        /// </summary>
        bool SameType(TypeExpr w, TypeExpr r, int depth)
        {
            _out.Work++;
            if (depth > MaxDepth) return false;
            bool wData = w.Kind == TypeKind.Named && _w.TryGetData(w.Name, out bool wClass, out var wMembers);
            bool rData = r.Kind == TypeKind.Named && _r.TryGetData(r.Name, out bool rClass, out var rMembers);
            if (wData && rData)
            {
                _w.TryGetData(w.Name, out wClass, out wMembers);
                _r.TryGetData(r.Name, out rClass, out rMembers);
                return wClass == rClass && SameData(w.Name, wMembers, r.Name, rMembers, depth);
            }
            KhoEnumEntry? we = w.Kind == TypeKind.Named && !wData ? _w.GetEnum(w.Name) : null;
            KhoEnumEntry? re = r.Kind == TypeKind.Named && !rData ? _r.GetEnum(r.Name) : null;
            if (we is not null && re is not null) return we.Underlying == re.Underlying && we.Flags == re.Flags;
            if (w.Kind != r.Kind || w.Args.Length != r.Args.Length || (w.Kind == TypeKind.Scalar && w.Name != r.Name) ||
                w.Kind == TypeKind.Named || r.Kind == TypeKind.Named)
                return false;
            for (int i = 0; i < w.Args.Length; i++)
                if (!SameType(w.Args[i], r.Args[i], depth + 1)) return false;
            return true;
        }

        // Two data layouts record no change exactly when they have as many members and each position
        // has the same shape (any other difference is a member added, removed, moved or retyped).
        bool SameData(string wName, IReadOnlyList<KhoMember> w, string rName, IReadOnlyList<KhoMember> r, int depth)
        {
            var key = (wName, rName);
            if (_sameData.TryGetValue(key, out bool known)) return known;
            _sameData[key] = true; // while in progress: a pair that reaches itself differs only if something else does
            bool same = w.Count == r.Count;
            for (int i = 0; same && i < w.Count; i++) same = SameShape(w[i].Type, r[i].Type, depth + 1);
            _sameData[key] = same;
            return same;
        }

        /// <summary>Compares two types at the same position, recording what differs.</summary>
        public void Types(TypeExpr w, TypeExpr r, string where, int depth)
        {
            _out.Work++;
            if (depth > MaxDepth) { _out.Changes.Add($"{where}types nest deeper than {MaxDepth} levels"); return; }
            bool wData = w.Kind == TypeKind.Named && _w.TryGetData(w.Name, out bool wClass, out var wMembers);
            bool rData = r.Kind == TypeKind.Named && _r.TryGetData(r.Name, out bool rClass, out var rMembers);
            if (wData && rData)
            {
                _w.TryGetData(w.Name, out wClass, out wMembers);
                _r.TryGetData(r.Name, out rClass, out rMembers);
                if (wClass != rClass)
                {
                    _out.Changes.Add($"{where}data '{r.Name}' changed from {(wClass ? "class" : "struct")} to {(rClass ? "class" : "struct")}");
                    return;
                }
                if (w.Name != r.Name) _out.Renames.Add($"{where}data type '{w.Name}' renamed to '{r.Name}'");
                if (_seenData.Add(w.Name + "|" + r.Name)) Members(wMembers, rMembers, $"{where}nested data '{r.Name}': ", depth + 1);
                return;
            }
            KhoEnumEntry? we = w.Kind == TypeKind.Named && !wData ? _w.GetEnum(w.Name) : null;
            KhoEnumEntry? re = r.Kind == TypeKind.Named && !rData ? _r.GetEnum(r.Name) : null;
            if (we is not null && re is not null)
            {
                if (w.Name != r.Name) _out.Renames.Add($"{where}enum '{w.Name}' renamed to '{r.Name}'");
                if (_seenEnums.Add(w.Name + "|" + r.Name)) Enums(we, re, where);
                return;
            }
            if (w.Kind != r.Kind || w.Args.Length != r.Args.Length || (w.Kind == TypeKind.Scalar && w.Name != r.Name) ||
                w.Kind == TypeKind.Named || r.Kind == TypeKind.Named)
            {
                _out.Changes.Add($"{where}type changed from {w} to {r}");
                return;
            }
            for (int i = 0; i < w.Args.Length; i++) Types(w.Args[i], r.Args[i], where, depth + 1);
        }

        void Enums(KhoEnumEntry w, KhoEnumEntry r, string where)
        {
            string name = $"enum '{r.Name}'";
            if (w.Underlying != r.Underlying)
            {
                _out.Changes.Add($"{where}{name} underlying type changed from {w.Underlying} to {r.Underlying}");
                return;
            }
            if (w.Flags != r.Flags)
            {
                _out.Changes.Add($"{where}{name} {(r.Flags ? "became" : "is no longer")} a [Flags] enum");
                return;
            }
            var rByName = r.Values.ToDictionary(v => v.Name, v => v.Value);
            var rValues = new HashSet<long>(r.Values.Select(v => v.Value));
            var wValues = new HashSet<long>(w.Values.Select(v => v.Value));
            foreach (var v in w.Values)
            {
                if (rByName.TryGetValue(v.Name, out long now) && now != v.Value)
                    _out.EnumLosses.Add($"{where}{name} renumbered {v.Name} from {Num(v.Value, w)} to {Num(now, r)}");
                else if (!rValues.Contains(v.Value))
                    _out.EnumLosses.Add($"{where}{name} lost value {v.Name} = {Num(v.Value, w)}");
                else if (!rByName.ContainsKey(v.Name))
                {
                    string newName = r.Values.First(x => x.Value == v.Value).Name;
                    _out.Renames.Add($"{where}{name} value {v.Name} renamed to {newName}");
                }
            }
            // A new number under a name the writer has is that value renumbered, already a loss: not a gain too.
            var wNames = new HashSet<string>(w.Values.Select(v => v.Name));
            foreach (var v in r.Values)
                if (!wValues.Contains(v.Value) && !wNames.Contains(v.Name))
                    _out.EnumGains.Add($"{where}{name} gained value {v.Name} = {Num(v.Value, r)}");
        }

        static string Num(long value, KhoEnumEntry e) =>
            e.Underlying[0] == 'u' ? ((ulong)value).ToString(CultureInfo.InvariantCulture) : value.ToString(CultureInfo.InvariantCulture);
    }
}
