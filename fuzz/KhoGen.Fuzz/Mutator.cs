using System;
using System.Buffers.Binary;
using System.Collections.Generic;

namespace KhoGen.Fuzz;

/// <summary>
/// Makes hostile variants of valid inputs: bit flips, byte insertions and deletions, truncations,
/// splices of two inputs, forged lengths and counts, and repeated blocks (deep or long structures).
/// </summary>
sealed class Mutator
{
    readonly Random _random;

    public Mutator(int seed) => _random = new Random(seed);

    static readonly int[] Forged = { -1, -2, 0, 1, 255, 65535, 1 << 20, 1 << 28, int.MaxValue, int.MinValue, 0x7F7F7F7F };

    public byte[] Mutate(byte[] input, IReadOnlyList<byte[]> corpus)
    {
        byte[] data = (byte[])input.Clone();
        int rounds = 1 + _random.Next(4);
        for (int r = 0; r < rounds; r++) data = Once(data, corpus);
        return data;
    }

    byte[] Once(byte[] d, IReadOnlyList<byte[]> corpus)
    {
        switch (_random.Next(9))
        {
            case 0: // flip bits
                if (d.Length == 0) return d;
                for (int i = 1 + _random.Next(3); i > 0; i--) d[_random.Next(d.Length)] ^= (byte)(1 << _random.Next(8));
                return d;
            case 1: // random byte
                if (d.Length == 0) return d;
                d[_random.Next(d.Length)] = (byte)_random.Next(256);
                return d;
            case 2: // insert bytes
            {
                int at = _random.Next(d.Length + 1), n = 1 + _random.Next(8);
                var bytes = new byte[n];
                _random.NextBytes(bytes);
                return Splice(d, at, 0, bytes);
            }
            case 3: // delete bytes
            {
                if (d.Length == 0) return d;
                int at = _random.Next(d.Length), n = Math.Min(d.Length - at, 1 + _random.Next(8));
                return Splice(d, at, n, Array.Empty<byte>());
            }
            case 4: // truncate
                return d.AsSpan(0, _random.Next(d.Length + 1)).ToArray();
            case 5: // splice with another input
            {
                byte[] other = corpus[_random.Next(corpus.Count)];
                int cut = _random.Next(d.Length + 1), from = _random.Next(other.Length + 1);
                return Splice(d, cut, d.Length - cut, other.AsSpan(from).ToArray());
            }
            case 6: // forged 32-bit length or count
            {
                if (d.Length < 4) return d;
                int at = _random.Next(d.Length - 3);
                BinaryPrimitives.WriteInt32LittleEndian(d.AsSpan(at), Forged[_random.Next(Forged.Length)]);
                return d;
            }
            case 7: // forged varint (sparse run headers)
            {
                int at = _random.Next(d.Length + 1);
                int n = 1 + _random.Next(11);
                var bytes = new byte[n];
                for (int i = 0; i < n; i++) bytes[i] = (byte)(i < n - 1 ? 0x80 | _random.Next(128) : _random.Next(256));
                return Splice(d, at, Math.Min(n, d.Length - at), bytes);
            }
            default: // repeat a block: long or deeply repeated structures
            {
                if (d.Length == 0) return d;
                int at = _random.Next(d.Length), n = Math.Min(d.Length - at, 1 + _random.Next(32));
                byte[] block = d.AsSpan(at, n).ToArray();
                var repeated = new List<byte>();
                for (int i = 1 + _random.Next(64); i > 0; i--) repeated.AddRange(block);
                return Splice(d, at, 0, repeated.ToArray());
            }
        }
    }

    static byte[] Splice(byte[] d, int at, int remove, byte[] insert)
    {
        var result = new byte[d.Length - remove + insert.Length];
        d.AsSpan(0, at).CopyTo(result);
        insert.CopyTo(result.AsSpan(at));
        d.AsSpan(at + remove).CopyTo(result.AsSpan(at + insert.Length));
        return result;
    }
}
