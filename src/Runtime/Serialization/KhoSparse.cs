using System;
using System.ComponentModel;

namespace KhoGen;

// A KhoArray<T> on the wire (docs/wire-format.md): the entry count (-1 for null), then runs of
// adjacent indexes. Each run is a varint start (the first run: the index itself; later runs: the
// gap after the previous run minus one, so that adjacent runs cannot be written), a varint
// length minus one, and the run's elements. Size and time follow the populated entries only.

/// <summary>
/// Writes a whole <see cref="KhoArray{T}"/> whose elements' memory is their wire form: the same bytes
/// as <see cref="KhoSparseWriter{T}"/>, read from the tree's leaves with each run copied as a block.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class KhoSparse
{
    /// <summary>
    /// Writes the count and the runs when <see cref="KhoPlainLayout{T}"/> proves that a
    /// <typeparamref name="T"/>'s memory is its wire form; otherwise writes nothing and returns false,
    /// and the caller goes entry by entry with <see cref="KhoSparseWriter{T}"/>.
    /// </summary>
    public static bool TryWritePlain<T>(ref KhoWriter writer, KhoArray<T> array) where T : struct, IKhoSerializable<T>
    {
        if (!KhoPlainLayout<T>.IsWireForm) return false;
        writer.WriteCount(array.Count);
        array.WritePlainRuns(ref writer);
        return true;
    }

    /// <summary>
    /// Writes the count and the runs of an unmanaged primitive element type. Valid only on
    /// little-endian machines and for element types whose wire form is their memory form (generated code checks).
    /// </summary>
    public static void WriteBlittable<T>(ref KhoWriter writer, KhoArray<T> array) where T : unmanaged
    {
        writer.WriteCount(array.Count);
        array.WritePlainRuns(ref writer);
    }
}

/// <summary>Writes a <see cref="KhoArray{T}"/>'s run headers while generated code writes the elements.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct KhoSparseWriter<T>
{
    KhoArray<T>.Enumerator _entries;
    int _runLeft;
    ulong _last;
    bool _started;
    T _current;

    KhoSparseWriter(KhoArray<T> array)
    {
        _entries = array.GetEnumerator();
        _runLeft = 0;
        _last = 0;
        _started = false;
        _current = default!;
    }

    /// <summary>Writes the entry count and returns a cursor over the entries.</summary>
    public static KhoSparseWriter<T> Start(ref KhoWriter writer, KhoArray<T> array)
    {
        writer.WriteCount(array.Count);
        return new KhoSparseWriter<T>(array);
    }

    /// <summary>The value of the current entry.</summary>
    public readonly T Current => _current;

    /// <summary>Moves to the next entry, writing a run header first when a run starts there.</summary>
    public bool MoveNext(ref KhoWriter writer)
    {
        if (!_entries.MoveNext()) return false;
        var entry = _entries.Current;
        if (_runLeft == 0)
        {
            // Measure the run with a copy of the enumerator: the header carries its length.
            var probe = _entries;
            int length = 1;
            ulong at = entry.Key;
            while (at != ulong.MaxValue && probe.MoveNext() && probe.Current.Key == at + 1)
            {
                length++;
                at++;
            }
            writer.WriteVarUInt64(_started ? entry.Key - _last - 2 : entry.Key);
            writer.WriteVarUInt64((ulong)(length - 1));
            _runLeft = length;
            _started = true;
        }
        _runLeft--;
        _last = entry.Key;
        _current = entry.Value;
        return true;
    }
}

/// <summary>Reads the run headers of a <see cref="KhoArray{T}"/> and yields each entry's index.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct KhoSparseReader
{
    int _left;
    int _runLeft;
    ulong _next;
    ulong _last;
    bool _started;

    /// <summary>Starts reading <paramref name="count"/> entries.</summary>
    public KhoSparseReader(int count)
    {
        _left = count;
        _runLeft = 0;
        _next = 0;
        _last = 0;
        _started = false;
        Index = 0;
    }

    /// <summary>The index of the current entry.</summary>
    public ulong Index { get; private set; }

    /// <summary>The first index of the current run (see <see cref="MoveNextRun"/>).</summary>
    public readonly ulong RunStart => _next;

    /// <summary>The number of entries of the current run (see <see cref="MoveNextRun"/>).</summary>
    public readonly int RunLength => _runLeft;

    /// <summary>
    /// Reads and checks the next run header; the caller then reads <see cref="RunLength"/> elements, at
    /// indexes <see cref="RunStart"/>, <see cref="RunStart"/> + 1, … Use either this or <see cref="MoveNext"/>, not both.
    /// </summary>
    public bool MoveNextRun(ref KhoReader reader)
    {
        if (_left == 0) return false;
        ReadHeader(ref reader);
        _left -= _runLeft;
        _last = _next + (ulong)(_runLeft - 1);
        return true;
    }

    void ReadHeader(ref KhoReader reader)
    {
        int at = reader.Position;
        ulong gap = reader.ReadVarUInt64();
        ulong lengthLessOne = reader.ReadVarUInt64();
        ulong start = gap;
        if (_started)
        {
            if (_last > ulong.MaxValue - 2 || gap > ulong.MaxValue - 2 - _last)
                throw reader.Error("a sparse array run starts past the highest index", at);
            start = _last + 2 + gap;
        }
        if (lengthLessOne >= (ulong)_left)
            throw reader.Error($"a sparse array run of {(UInt128)lengthLessOne + 1} entries, but only {_left} remain", at);
        if (lengthLessOne > ulong.MaxValue - start)
            throw reader.Error("a sparse array run passes the highest index", at);
        _runLeft = (int)lengthLessOne + 1;
        _next = start;
        _started = true;
    }

    /// <summary>Moves to the next entry, reading and checking a run header when a run starts.</summary>
    public bool MoveNext(ref KhoReader reader)
    {
        if (_left == 0) return false;
        if (_runLeft == 0) ReadHeader(ref reader);
        Index = _next;
        _last = _next;
        _next = unchecked(_next + 1);
        _runLeft--;
        _left--;
        return true;
    }
}
