using System;
using System.Collections;
using System.Linq;
using System.Reflection;

namespace KhoGen.Runtime.Tests.Support;

/// <summary>
/// Structural equality for round-trip assertions: exact bits for floating point and decimal,
/// kind for DateTime, offset for DateTimeOffset, element-wise for sequences (whatever their
/// carrier type), by key for maps, member-wise for everything else.
/// </summary>
static class Deep
{
    public static void AssertEqual(object? expected, object? actual, string what = "value")
    {
        string? difference = Compare(expected, actual, what);
        if (difference is not null) Assert.Fail(difference);
    }

    public static string? Compare(object? e, object? a, string path)
    {
        if (e is null || a is null)
            return e is null && a is null ? null : $"{path}: expected {Show(e)}, got {Show(a)}";
        switch (e)
        {
            case float f:
                return a is float g && BitConverter.SingleToUInt32Bits(f) == BitConverter.SingleToUInt32Bits(g) ? null : Diff(path, e, a);
            case double d:
                return a is double h && BitConverter.DoubleToUInt64Bits(d) == BitConverter.DoubleToUInt64Bits(h) ? null : Diff(path, e, a);
            case decimal m:
                return a is decimal n && decimal.GetBits(m).SequenceEqual(decimal.GetBits(n)) ? null : Diff(path, e, a);
            case DateTime t:
                return a is DateTime u && t.Ticks == u.Ticks && t.Kind == u.Kind ? null : $"{path}: expected {t:O} ({t.Kind}), got {Show(a)}";
            case DateTimeOffset o:
                return a is DateTimeOffset p && o.Ticks == p.Ticks && o.Offset == p.Offset ? null : $"{path}: expected {o:O}, got {Show(a)}";
            case string s:
                return a is string r && string.Equals(s, r, StringComparison.Ordinal) ? null : Diff(path, e, a);
            case Memory<byte> mem:
                return CompareBytes(mem.ToArray(), a, path);
            case ReadOnlyMemory<byte> rom:
                return CompareBytes(rom.ToArray(), a, path);
        }
        Type type = e.GetType();
        if (type.IsPrimitive || type.IsEnum || e is Guid || e is TimeSpan)
            return e.Equals(a) ? null : Diff(path, e, a);
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(System.Collections.Immutable.ImmutableArray<>))
        {
            bool eDefault = (bool)type.GetProperty("IsDefault")!.GetValue(e)!;
            bool aDefault = (bool)a.GetType().GetProperty("IsDefault")!.GetValue(a)!;
            if (eDefault || aDefault) return eDefault == aDefault ? null : $"{path}: expected IsDefault={eDefault}, got IsDefault={aDefault}";
        }
        if (e is IDictionary ed)
        {
            if (a is not IDictionary ad) return $"{path}: expected a map, got {a.GetType().Name}";
            if (ed.Count != ad.Count) return $"{path}: expected {ed.Count} entries, got {ad.Count}";
            foreach (DictionaryEntry entry in ed)
            {
                if (!ad.Contains(entry.Key)) return $"{path}: key {Show(entry.Key)} missing";
                if (Compare(entry.Value, ad[entry.Key], $"{path}[{Show(entry.Key)}]") is string d) return d;
            }
            return null;
        }
        if (e is IEnumerable es)
        {
            if (a is not IEnumerable @as) return $"{path}: expected a sequence, got {a.GetType().Name}";
            var el = es.Cast<object?>().ToList();
            var al = @as.Cast<object?>().ToList();
            if (el.Count != al.Count) return $"{path}: expected {el.Count} elements, got {al.Count}";
            for (int i = 0; i < el.Count; i++)
                if (Compare(el[i], al[i], $"{path}[{i}]") is string d) return d;
            return null;
        }
        if (a.GetType() != type) return $"{path}: expected a {type.Name}, got a {a.GetType().Name}";
        foreach (PropertyInfo p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.GetIndexParameters().Length > 0 || p.GetMethod is null || !p.GetMethod.IsPublic) continue;
            if (Compare(p.GetValue(e), p.GetValue(a), $"{path}.{p.Name}") is string d) return d;
        }
        foreach (FieldInfo f in type.GetFields(BindingFlags.Public | BindingFlags.Instance))
            if (Compare(f.GetValue(e), f.GetValue(a), $"{path}.{f.Name}") is string d) return d;
        return null;
    }

    static string? CompareBytes(byte[] e, object a, string path)
    {
        byte[]? got = a switch
        {
            Memory<byte> m => m.ToArray(),
            ReadOnlyMemory<byte> r => r.ToArray(),
            byte[] b => b,
            _ => null,
        };
        if (got is null) return $"{path}: expected bytes, got {a.GetType().Name}";
        return e.AsSpan().SequenceEqual(got) ? null : $"{path}: expected {Convert.ToHexString(e)}, got {Convert.ToHexString(got)}";
    }

    static string Diff(string path, object e, object a) => $"{path}: expected {Show(e)}, got {Show(a)}";

    static string Show(object? v) => v switch
    {
        null => "null",
        string s => "\"" + string.Concat(s.Take(40).Select(c => c < 0x20 || c > 0x7E ? $"\\u{(int)c:X4}" : c.ToString())) + (s.Length > 40 ? "…\"" : "\""),
        float f => $"{f:R} (0x{BitConverter.SingleToUInt32Bits(f):X8})",
        double d => $"{d:R} (0x{BitConverter.DoubleToUInt64Bits(d):X16})",
        _ => v.ToString() ?? v.GetType().Name,
    };
}
