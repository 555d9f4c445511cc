using System;
using System.Collections;
using System.Collections.Generic;

namespace KhoGen;

public sealed partial class KhoArray<T>
{
    /// <summary>Receives one piece of a run of adjacent indexes; see <see cref="ForEachRun{TState}"/>.</summary>
    /// <typeparam name="TState">The caller's state, passed by reference.</typeparam>
    /// <param name="state">The state passed to <see cref="ForEachRun{TState}"/>.</param>
    /// <param name="start">The index of <c>values[0]</c>; <c>values[j]</c> is at index <c>start + j</c>.</param>
    /// <param name="values">The values, valid only during the call.</param>
    public delegate void RunVisitor<TState>(ref TState state, ulong start, ReadOnlySpan<T> values);

    /// <summary>
    /// Visits the entries, in ascending index order, as runs of adjacent indexes: for each maximal
    /// run <c>start, start + 1, ..., start + len - 1</c> of populated indexes, calls
    /// <paramref name="visitor"/> with the start index and the values.
    /// </summary>
    /// <remarks>
    /// A run that crosses a boundary between the tree's leaves is reported in several consecutive
    /// calls: a call whose <c>start</c> equals the previous call's <c>start</c> plus the previous
    /// call's length continues the same run. Every entry is reported exactly once, and two
    /// different runs are never adjacent. The visitor must not modify the array: the visit then
    /// throws <see cref="InvalidOperationException"/>. To visit with a <c>ref struct</c> state, use
    /// <see cref="GetRuns"/>.
    /// </remarks>
    /// <typeparam name="TState">The caller's state.</typeparam>
    /// <param name="state">The state passed by reference to every call of <paramref name="visitor"/>.</param>
    /// <param name="visitor">The visitor.</param>
    /// <exception cref="ArgumentNullException"><paramref name="visitor"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The array was modified during the visit.</exception>
    public void ForEachRun<TState>(ref TState state, RunVisitor<TState> visitor)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        int version = _version;
        for (Leaf? leaf = _count == 0 ? null : _first; leaf != null; leaf = leaf.Next)
        {
            ulong[] keys = leaf.Keys;
            int n = leaf.Count;
            int i = 0;
            while (i < n)
            {
                int s = i++;
                while (i < n && keys[i] - keys[i - 1] == 1)
                    i++;
                visitor(ref state, keys[s], new ReadOnlySpan<T>(leaf.Values, s, i - s));
                if (version != _version)
                    ThrowModified();
            }
        }
    }

    /// <summary>
    /// Returns the entries, in ascending index order, as runs of adjacent indexes, without
    /// allocating: <c>foreach (KhoArrayRun&lt;T&gt; run in array.GetRuns())</c>.
    /// </summary>
    /// <remarks>
    /// Each run is a maximal run of adjacent populated indexes, except that a run crossing a
    /// boundary between the tree's leaves comes in several consecutive pieces: a piece whose
    /// <see cref="KhoArrayRun{T}.Start"/> equals the previous piece's <c>Start</c> plus the
    /// previous piece's length continues the same run. Every entry comes exactly once. Modifying
    /// the array invalidates the enumerator.
    /// </remarks>
    /// <returns>The run enumerator.</returns>
    public RunEnumerator GetRuns() => new(this);

    /// <summary>Enumerates the entries of a <see cref="KhoArray{T}"/> in ascending index order.</summary>
    public struct Enumerator : IEnumerator<KeyValuePair<ulong, T>>
    {
        private readonly KhoArray<T> _array;
        private readonly int _version;
        private Leaf? _leaf;
        private int _index;
        private KeyValuePair<ulong, T> _current;

        internal Enumerator(KhoArray<T> array)
        {
            _array = array;
            _version = array._version;
            _leaf = array._count == 0 ? null : array._first;
            _index = 0;
            _current = default;
        }

        /// <summary>The current entry.</summary>
        public readonly KeyValuePair<ulong, T> Current => _current;

        readonly object IEnumerator.Current => _current;

        /// <summary>Advances to the next entry.</summary>
        /// <returns><see langword="false"/> when there are no more entries.</returns>
        /// <exception cref="InvalidOperationException">The array was modified since the enumerator was created.</exception>
        public bool MoveNext()
        {
            if (_version != _array._version)
                ThrowModified();
            Leaf? leaf = _leaf;
            while (leaf != null)
            {
                int i = _index;
                if (i < leaf.Count)
                {
                    _current = new KeyValuePair<ulong, T>(leaf.Keys[i], leaf.Values[i]);
                    _index = i + 1;
                    return true;
                }
                leaf = leaf.Next;
                _leaf = leaf;
                _index = 0;
            }
            _current = default;
            return false;
        }

        /// <summary>Restarts the enumeration.</summary>
        /// <exception cref="InvalidOperationException">The array was modified since the enumerator was created.</exception>
        public void Reset()
        {
            if (_version != _array._version)
                ThrowModified();
            _leaf = _array._count == 0 ? null : _array._first;
            _index = 0;
            _current = default;
        }

        /// <summary>Does nothing.</summary>
        public readonly void Dispose()
        {
        }
    }

    /// <summary>Enumerates the runs of adjacent indexes of a <see cref="KhoArray{T}"/>; see <see cref="GetRuns"/>.</summary>
    public struct RunEnumerator
    {
        private readonly KhoArray<T> _array;
        private readonly int _version;
        private Leaf? _leaf;
        private int _start;
        private int _end;

        internal RunEnumerator(KhoArray<T> array)
        {
            _array = array;
            _version = array._version;
            _leaf = array._count == 0 ? null : array._first;
            _start = 0;
            _end = 0;
        }

        /// <summary>Returns this enumerator, for <c>foreach</c>.</summary>
        /// <returns>This enumerator.</returns>
        public readonly RunEnumerator GetEnumerator() => this;

        /// <summary>The current run (or piece of a run).</summary>
        public readonly KhoArrayRun<T> Current
            => _leaf == null
                ? default
                : new KhoArrayRun<T>(_leaf.Keys[_start], new ReadOnlySpan<T>(_leaf.Values, _start, _end - _start));

        /// <summary>Advances to the next run.</summary>
        /// <returns><see langword="false"/> when there are no more runs.</returns>
        /// <exception cref="InvalidOperationException">The array was modified since the enumerator was created.</exception>
        public bool MoveNext()
        {
            if (_version != _array._version)
                ThrowModified();
            Leaf? leaf = _leaf;
            if (leaf == null)
                return false;
            int i = _end;
            if (i >= leaf.Count)
            {
                leaf = leaf.Next;
                _leaf = leaf;
                _start = _end = 0;
                if (leaf == null)
                    return false;
                i = 0;
            }
            ulong[] keys = leaf.Keys;
            int n = leaf.Count;
            _start = i++;
            while (i < n && keys[i] - keys[i - 1] == 1)
                i++;
            _end = i;
            return true;
        }
    }
}

/// <summary>
/// A run of adjacent indexes of a <see cref="KhoArray{T}"/>: <c>Values[j]</c> is the value at index
/// <c>Start + j</c>. Valid until the array is modified.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public readonly ref struct KhoArrayRun<T>
{
    /// <summary>Creates a run.</summary>
    /// <param name="start">The index of the first value.</param>
    /// <param name="values">The values.</param>
    public KhoArrayRun(ulong start, ReadOnlySpan<T> values)
    {
        Start = start;
        Values = values;
    }

    /// <summary>The index of <c>Values[0]</c>.</summary>
    public ulong Start { get; }

    /// <summary>The values at indexes <c>Start</c>, <c>Start + 1</c>, ...</summary>
    public ReadOnlySpan<T> Values { get; }

    /// <summary>The index of the last value: <c>Start + Values.Length - 1</c>.</summary>
    public ulong LastIndex => Start + (ulong)Values.Length - 1;
}
