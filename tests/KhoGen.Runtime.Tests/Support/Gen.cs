using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace KhoGen.Runtime.Tests.Support;

/// <summary>Random values for property tests, from a fixed seed, biased towards edge cases.</summary>
sealed class Gen
{
    readonly Random _r;

    public Gen(int seed) => _r = new Random(seed);

    public Random Random => _r;

    public int Int(int min, int max) => _r.Next(min, max);
    public bool Chance(int percent) => _r.Next(100) < percent;

    public T Pick<T>(params T[] values) => values[_r.Next(values.Length)];

    public bool Bool() => _r.Next(2) == 1;
    public byte Byte() => (byte)_r.Next(256);
    public sbyte SByte() => (sbyte)_r.Next(256);
    public short Int16() => Chance(10) ? Pick(short.MinValue, short.MaxValue, (short)0, (short)-1) : (short)_r.Next(65536);
    public ushort UInt16() => Chance(10) ? Pick(ushort.MinValue, ushort.MaxValue) : (ushort)_r.Next(65536);
    public int Int32() => Chance(10) ? Pick(int.MinValue, int.MaxValue, 0, -1) : (int)UInt64();
    public uint UInt32() => Chance(10) ? Pick(uint.MinValue, uint.MaxValue) : (uint)UInt64();
    public long Int64() => Chance(10) ? Pick(long.MinValue, long.MaxValue, 0L, -1L) : (long)UInt64();

    public ulong UInt64()
    {
        if (Chance(10)) return Pick(ulong.MinValue, ulong.MaxValue, 1UL << 63);
        ulong bits = (ulong)_r.NextInt64() ^ ((ulong)_r.Next(4) << 62);
        return bits >> _r.Next(64); // spread over magnitudes
    }

    public float Single() => _r.Next(8) switch
    {
        0 => Pick(float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0f, 0f, float.Epsilon, float.MaxValue, float.MinValue),
        1 => BitConverter.UInt32BitsToSingle(UInt32()), // any bit pattern, NaN payloads included
        _ => (float)((_r.NextDouble() - 0.5) * Math.Pow(10, _r.Next(-30, 30))),
    };

    public double Double() => _r.Next(8) switch
    {
        0 => Pick(double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0d, 0d, double.Epsilon, double.MaxValue, double.MinValue),
        1 => BitConverter.UInt64BitsToDouble((ulong)_r.NextInt64() ^ ((ulong)_r.Next(2) << 63)),
        _ => (_r.NextDouble() - 0.5) * Math.Pow(10, _r.Next(-300, 300)),
    };

    public decimal Decimal()
    {
        if (Chance(10)) return Pick(decimal.MinValue, decimal.MaxValue, 0m, -0m, 1.000m, decimal.MinusOne, 0.0000000000000000000000000001m);
        return new decimal(_r.Next(int.MinValue, int.MaxValue), Chance(50) ? 0 : _r.Next(int.MinValue, int.MaxValue),
            Chance(50) ? 0 : _r.Next(int.MinValue, int.MaxValue), Bool(), (byte)_r.Next(29));
    }

    public char Char() => _r.Next(4) switch
    {
        0 => (char)_r.Next(0x80),
        1 => (char)_r.Next(0xD800, 0xE000), // a lone surrogate is a valid char member
        _ => (char)_r.Next(65536),
    };

    /// <summary>Null, empty, ASCII, BMP, surrogate pairs, or mixed; never an unpaired surrogate.</summary>
    public string? String(int maxLength = 40)
    {
        switch (_r.Next(10))
        {
            case 0: return null;
            case 1: return "";
        }
        int n = _r.Next(1, maxLength + 1);
        var sb = new StringBuilder(n * 2);
        int style = _r.Next(4);
        for (int i = 0; i < n; i++)
        {
            int kind = style == 3 ? _r.Next(4) : style;
            switch (kind)
            {
                case 0: sb.Append((char)_r.Next(0x20, 0x7F)); break;
                case 1:
                    char c;
                    do c = (char)_r.Next(0x80, 0x10000); while (char.IsSurrogate(c));
                    sb.Append(c);
                    break;
                case 2: sb.Append(char.ConvertFromUtf32(_r.Next(0x10000, 0x110000))); break;
                default: sb.Append(Pick('\0', '\n', 'é', '€', '中', '\uFFFF', '\uFEFF')); break;
            }
        }
        return sb.ToString();
    }

    public string NonNullString(int maxLength = 40) => String(maxLength) ?? "";

    public Guid Guid()
    {
        if (Chance(10)) return Pick(System.Guid.Empty, System.Guid.AllBitsSet);
        Span<byte> b = stackalloc byte[16];
        _r.NextBytes(b);
        return new Guid(b);
    }

    public DateTime DateTime()
    {
        var kind = Pick(DateTimeKind.Unspecified, DateTimeKind.Utc, DateTimeKind.Local);
        long ticks = _r.Next(5) switch
        {
            0 => Pick(System.DateTime.MinValue.Ticks, System.DateTime.MaxValue.Ticks),
            _ => _r.NextInt64(0, System.DateTime.MaxValue.Ticks + 1),
        };
        return new DateTime(ticks, kind);
    }

    public DateTimeOffset DateTimeOffset()
    {
        if (Chance(10)) return Pick(System.DateTimeOffset.MinValue, System.DateTimeOffset.MaxValue, System.DateTimeOffset.UnixEpoch);
        int minutes = Chance(30) ? Pick(-14 * 60, 14 * 60, 0, 330, -210) : _r.Next(-14 * 60, 14 * 60 + 1);
        long shift = minutes * System.TimeSpan.TicksPerMinute;
        long min = Math.Max(0, shift), max = Math.Min(System.DateTime.MaxValue.Ticks, System.DateTime.MaxValue.Ticks + shift);
        long ticks = Chance(10) ? Pick(min, max) : _r.NextInt64(min, max + 1);
        return new DateTimeOffset(ticks, System.TimeSpan.FromMinutes(minutes));
    }

    public TimeSpan TimeSpan() => Chance(10) ? Pick(System.TimeSpan.MinValue, System.TimeSpan.MaxValue, System.TimeSpan.Zero) : new TimeSpan(Int64());

    public T Enum<T>() where T : struct, Enum
    {
        T[] values = System.Enum.GetValues<T>();
        return values[_r.Next(values.Length)];
    }

    /// <summary>A random combination of the flags of <typeparamref name="T"/>.</summary>
    public T Flags<T>() where T : struct, Enum
    {
        ulong bits = 0;
        foreach (T v in System.Enum.GetValues<T>())
            if (Bool()) bits |= EnumBits(v);
        Type u = System.Enum.GetUnderlyingType(typeof(T));
        object raw = Type.GetTypeCode(u) switch
        {
            TypeCode.SByte => unchecked((sbyte)bits),
            TypeCode.Byte => unchecked((byte)bits),
            TypeCode.Int16 => unchecked((short)bits),
            TypeCode.UInt16 => unchecked((ushort)bits),
            TypeCode.Int32 => unchecked((int)bits),
            TypeCode.UInt32 => unchecked((uint)bits),
            TypeCode.Int64 => unchecked((long)bits),
            _ => bits,
        };
        return (T)System.Enum.ToObject(typeof(T), raw);
    }

    /// <summary>The bits of an enum value, sign-extended to 64 bits.</summary>
    public static ulong EnumBits(Enum value) => Convert.ChangeType(value, System.Enum.GetUnderlyingType(value.GetType())) switch
    {
        sbyte x => unchecked((ulong)x),
        short x => unchecked((ulong)x),
        int x => unchecked((ulong)x),
        long x => unchecked((ulong)x),
        byte x => x,
        ushort x => x,
        uint x => x,
        ulong x => x,
        _ => throw new ArgumentException("not an integer enum"),
    };

    public T? Maybe<T>(Func<T> make) where T : struct => Chance(25) ? null : make();
    public T? MaybeRef<T>(Func<T> make) where T : class => Chance(15) ? null : make();

    public byte[] Bytes(int max = 64)
    {
        var b = new byte[_r.Next(max + 1)];
        _r.NextBytes(b);
        return b;
    }

    public int Length(int max = 12) => Chance(15) ? 0 : _r.Next(1, max + 1);

    public T[] Array<T>(Func<T> make, int max = 12)
    {
        var a = new T[Length(max)];
        for (int i = 0; i < a.Length; i++) a[i] = make();
        return a;
    }

    public List<T> List<T>(Func<T> make, int max = 12) => new(Array(make, max));

    public Dictionary<TKey, TValue> Map<TKey, TValue>(Func<TKey> key, Func<TValue> value, int max = 12) where TKey : notnull
    {
        var d = new Dictionary<TKey, TValue>();
        int n = Length(max);
        for (int i = 0; i < n * 2 && d.Count < n; i++) d.TryAdd(key(), value());
        return d;
    }

    /// <summary>
    /// A sparse array: random indexes anywhere up to 2^63 and beyond, runs of adjacent indexes,
    /// and now and then the extremes 0 and <see cref="ulong.MaxValue"/>.
    /// </summary>
    public KhoArray<T> Sparse<T>(Func<T> make, int max = 20)
    {
        var a = new KhoArray<T>();
        int n = Length(max);
        while (a.Count < n)
        {
            ulong at = _r.Next(6) switch
            {
                0 => Pick(0UL, ulong.MaxValue, ulong.MaxValue - 1, 1UL << 63, (1UL << 63) - 1),
                1 => (ulong)_r.Next(64),
                2 => ((ulong)_r.NextInt64(0, long.MaxValue) << 1) | (uint)_r.Next(2),
                _ => (ulong)_r.NextInt64(0, 1L << 62) * (ulong)_r.Next(1, 4),
            };
            int run = Chance(40) ? _r.Next(1, 6) : 1;
            for (int i = 0; i < run && a.Count < n; i++)
            {
                a[at] = make();
                if (at == ulong.MaxValue) break;
                at++;
            }
        }
        return a;
    }
}
