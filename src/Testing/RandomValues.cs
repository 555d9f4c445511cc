using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;

namespace KhoGen.Testing;

/// <summary>
/// Random values of format and data types, by reflection, over the whole range of each member's
/// type (a conversion must handle whatever the old build could hold, not typical values): any
/// integer, any valid date, defined enum values and flag combinations, strings of any valid UTF-16.
/// </summary>
sealed class RandomValues
{
    const int MaxDepth = 4;
    readonly Random _random;

    public RandomValues(int seed) => _random = new Random(seed);

    public object Next(Type type) => Value(type, 0)!;

    object? Value(Type type, int depth)
    {
        if (Nullable.GetUnderlyingType(type) is { } inner) return _random.Next(4) == 0 ? null : Value(inner, depth);
        if (type.IsEnum) return EnumValue(type);
        if (type == typeof(bool)) return _random.Next(2) == 1;
        if (type == typeof(byte)) return (byte)_random.Next(256);
        if (type == typeof(sbyte)) return (sbyte)_random.Next(-128, 128);
        if (type == typeof(short)) return (short)_random.Next(short.MinValue, short.MaxValue + 1);
        if (type == typeof(ushort)) return (ushort)_random.Next(ushort.MaxValue + 1);
        if (type == typeof(int)) return Edge(() => _random.Next(int.MinValue, int.MaxValue), int.MinValue, int.MaxValue, 0);
        if (type == typeof(uint)) return Edge(() => (uint)_random.NextInt64(0, uint.MaxValue + 1L), uint.MinValue, uint.MaxValue, 1u);
        if (type == typeof(long)) return Edge(() => _random.NextInt64(long.MinValue, long.MaxValue), long.MinValue, long.MaxValue, 0L);
        if (type == typeof(ulong)) return Edge(() => (ulong)_random.NextInt64(long.MinValue, long.MaxValue), ulong.MinValue, ulong.MaxValue, 1UL);
        if (type == typeof(float)) return (float)(_random.NextDouble() * 2e6 - 1e6);
        if (type == typeof(double)) return _random.NextDouble() * 2e12 - 1e12;
        if (type == typeof(decimal)) return new decimal(_random.Next(), _random.Next(), _random.Next(), _random.Next(2) == 1, (byte)_random.Next(29));
        if (type == typeof(char)) return (char)_random.Next(0x20, 0xD800);
        if (type == typeof(string)) return String();
        if (type == typeof(Guid)) return new Guid(Bytes(16));
        if (type == typeof(TimeSpan)) return new TimeSpan(_random.NextInt64(long.MinValue, long.MaxValue));
        if (type == typeof(DateTime)) return new DateTime(_random.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks + 1), _random.Next(2) == 0 ? DateTimeKind.Utc : DateTimeKind.Unspecified);
        if (type == typeof(DateTimeOffset))
        {
            // Whole minutes within ±14 h, and a UTC time that DateTime can hold.
            var offset = TimeSpan.FromMinutes(_random.Next(-840, 841));
            long min = DateTime.MinValue.Ticks + TimeSpan.TicksPerDay, max = DateTime.MaxValue.Ticks - TimeSpan.TicksPerDay;
            return new DateTimeOffset(_random.NextInt64(min, max), offset);
        }
        if (type == typeof(byte[])) return Bytes(_random.Next(depth >= MaxDepth ? 1 : 17));
        if (type == typeof(Memory<byte>)) return new Memory<byte>(Bytes(_random.Next(17)));
        if (type == typeof(ReadOnlyMemory<byte>)) return new ReadOnlyMemory<byte>(Bytes(_random.Next(17)));
        if (type.IsArray) return Array(type.GetElementType()!, depth);
        if (type.IsGenericType) return Generic(type, depth);
        return Composite(type, depth);
    }

    /// <summary>A random value, or one of the range's edges (where conversions overflow) one time in four.</summary>
    T Edge<T>(Func<T> next, T min, T max, T small)
    {
        return _random.Next(8) switch { 0 => min, 1 => max, 2 => small, _ => next() };
    }

    object EnumValue(Type type)
    {
        var values = Enum.GetValues(type).Cast<object>().ToArray();
        if (values.Length == 0) return Activator.CreateInstance(type)!;
        if (type.GetCustomAttribute<FlagsAttribute>() is null) return values[_random.Next(values.Length)];
        ulong bits = 0;
        bool signed = Type.GetTypeCode(Enum.GetUnderlyingType(type)) is TypeCode.SByte or TypeCode.Int16 or TypeCode.Int32 or TypeCode.Int64;
        foreach (var v in values)
            if (_random.Next(2) == 1) bits |= signed ? unchecked((ulong)Convert.ToInt64(v)) : Convert.ToUInt64(v);
        return Enum.ToObject(type, bits);
    }

    string String()
    {
        int length = _random.Next(12);
        var chars = new char[length];
        for (int i = 0; i < length; i++)
            chars[i] = _random.Next(4) switch { 0 => (char)_random.Next(0x80, 0xD800), _ => (char)_random.Next(0x20, 0x7F) };
        return new string(chars);
    }

    byte[] Bytes(int count)
    {
        var bytes = new byte[count];
        _random.NextBytes(bytes);
        return bytes;
    }

    int Count(int depth) => depth >= MaxDepth ? 0 : _random.Next(5);

    Array Array(Type element, int depth)
    {
        int count = Count(depth);
        var array = System.Array.CreateInstance(element, count);
        for (int i = 0; i < count; i++) array.SetValue(Value(element, depth + 1), i);
        return array;
    }

    object Generic(Type type, int depth)
    {
        var definition = type.GetGenericTypeDefinition();
        var args = type.GetGenericArguments();
        if (definition == typeof(KhoArray<>))
        {
            var sparse = Activator.CreateInstance(type)!;
            var append = type.GetMethod("Append")!;
            ulong index = (ulong)_random.Next(1000);
            for (int i = Count(depth); i > 0; i--)
            {
                append.Invoke(sparse, new[] { index, Value(args[0], depth + 1) });
                index += 1 + (ulong)_random.Next(3) * (ulong)_random.Next(100_000);
            }
            return sparse;
        }
        if (args.Length == 2)
        {
            var dictionary = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(args))!;
            for (int i = Count(depth); i > 0; i--)
            {
                object key = Value(args[0], depth + 1)!;
                if (!dictionary.Contains(key)) dictionary.Add(key, Value(args[1], depth + 1));
            }
            if (definition == typeof(ImmutableDictionary<,>) || definition == typeof(IImmutableDictionary<,>))
                return typeof(ImmutableDictionary).GetMethods().First(m => m.Name == "CreateRange" && m.GetParameters().Length == 1)
                    .MakeGenericMethod(args).Invoke(null, new object[] { dictionary })!;
            return dictionary;
        }
        var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(args))!;
        for (int i = Count(depth); i > 0; i--) list.Add(Value(args[0], depth + 1));
        if (definition == typeof(ImmutableArray<>))
            return typeof(ImmutableArray).GetMethods().First(m => m.Name == "CreateRange" && m.GetParameters().Length == 1 && m.GetParameters()[0].ParameterType.IsGenericType
                && m.GetParameters()[0].ParameterType.GetGenericTypeDefinition() == typeof(IEnumerable<>)).MakeGenericMethod(args).Invoke(null, new object[] { list })!;
        if (definition == typeof(ImmutableList<>) || definition == typeof(IImmutableList<>))
            return typeof(ImmutableList).GetMethods().First(m => m.Name == "CreateRange").MakeGenericMethod(args).Invoke(null, new object[] { list })!;
        return list;
    }

    /// <summary>A [KhoFormat] or [KhoData] type: its widest public constructor, then its other settable members.</summary>
    object Composite(Type type, int depth)
    {
        var ctor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault();
        object instance;
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (ctor is null && type.IsValueType) instance = Activator.CreateInstance(type)!;
        else if (ctor is null) throw new NotSupportedException($"KhoConversionLaw cannot build a {type}: it has no public constructor");
        else
        {
            var parameters = ctor.GetParameters();
            instance = ctor.Invoke(parameters.Select(p => Value(p.ParameterType, depth + 1)).ToArray());
            foreach (var p in parameters) set.Add(p.Name!);
        }
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            if (p.CanWrite && p.SetMethod!.IsPublic && p.GetIndexParameters().Length == 0 && !set.Contains(p.Name) && p.GetCustomAttribute<KhoIgnoreAttribute>() is null)
                p.SetValue(instance, Value(p.PropertyType, depth + 1));
        foreach (var f in type.GetFields(BindingFlags.Public | BindingFlags.Instance))
            if (!f.IsInitOnly && !set.Contains(f.Name) && f.GetCustomAttribute<KhoIgnoreAttribute>() is null)
                f.SetValue(instance, Value(f.FieldType, depth + 1));
        return instance;
    }
}
