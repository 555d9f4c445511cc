using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace KhoGen;

/// <summary>
/// A sparse array indexed by <see cref="ulong"/> (the "KHO array"): only populated entries cost
/// space and time, and enumeration is in ascending index order. Any index from 0 to
/// <see cref="ulong.MaxValue"/> may be used.
/// </summary>
/// <remarks>
/// <para>
/// The entries are kept in a B+ tree whose leaves hold up to 128 sorted indexes and their values in
/// two parallel arrays and are chained for enumeration, so an entry costs about
/// <c>8 + sizeof(T)</c> bytes plus a small share of node overhead, whatever the spread of the indexes.
/// Lookup, insertion and removal are O(log n); enumeration is O(n).
/// </para>
/// <para>
/// Adding at an index greater than <see cref="LastIndex"/> (with <see cref="Append"/> or the indexer)
/// is O(1) amortized and fills the leaves completely, so arrays built in index order, as
/// deserializers and many caches build them, are compact.
/// </para>
/// <para>
/// Like <see cref="List{T}"/>, any modification (including replacing a value) invalidates the
/// enumerators in progress, which then throw <see cref="InvalidOperationException"/>.
/// The type is not thread-safe for writes.
/// </para>
/// </remarks>
/// <typeparam name="T">The element type.</typeparam>
[DebuggerDisplay("Count = {Count}")]
public sealed partial class KhoArray<T> : IReadOnlyCollection<KeyValuePair<ulong, T>>
{
    /// <summary>Maximum number of entries in a leaf.</summary>
    internal const int LeafMax = 128;
    /// <summary>A non-root leaf with fewer entries after a removal is rebalanced with a sibling.</summary>
    private const int LeafMin = LeafMax / 3;
    /// <summary>Maximum number of children of an inner node.</summary>
    internal const int InnerMax = 64;
    private const int InnerMin = InnerMax / 3;
    private const int FirstLeafCapacity = 4;

    private Node _root;
    private Leaf _first;
    private Leaf _last;
    private int _count;
    private int _version;

    /// <summary>Creates an empty array.</summary>
    public KhoArray()
    {
        var leaf = new Leaf(0);
        _root = leaf;
        _first = leaf;
        _last = leaf;
    }

    /// <summary>Creates an empty array sized for about <paramref name="capacityHint"/> entries.</summary>
    /// <param name="capacityHint">The expected number of entries; only a hint, the array grows as needed.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacityHint"/> is negative.</exception>
    public KhoArray(int capacityHint)
    {
        if (capacityHint < 0)
            throw new ArgumentOutOfRangeException(nameof(capacityHint), capacityHint, "The capacity hint must not be negative.");
        var leaf = new Leaf(Math.Min(capacityHint, LeafMax));
        _root = leaf;
        _first = leaf;
        _last = leaf;
    }

    /// <summary>The number of populated entries.</summary>
    public int Count => _count;

    /// <summary>The smallest populated index, or <see langword="null"/> when the array is empty.</summary>
    public ulong? FirstIndex => _count == 0 ? null : _first.Keys[0];

    /// <summary>The largest populated index, or <see langword="null"/> when the array is empty.</summary>
    public ulong? LastIndex => _count == 0 ? null : _last.Keys[_last.Count - 1];

    /// <summary>Gets or sets the value at <paramref name="index"/>.</summary>
    /// <param name="index">The index.</param>
    /// <returns>The value at <paramref name="index"/>.</returns>
    /// <exception cref="KeyNotFoundException">Getting an index that is not populated.</exception>
    /// <remarks>Setting adds the entry, or replaces the value when the index is already populated.</remarks>
    public T this[ulong index]
    {
        get
        {
            Leaf leaf = FindLeaf(index);
            int i = Search(leaf.Keys, leaf.Count, index);
            if (i < 0)
                ThrowNotFound(index);
            return leaf.Values[i];
        }
        set
        {
            if (_count != 0 && index > _last.Keys[_last.Count - 1])
                AddLast(index, value);
            else
                Set(index, value);
        }
    }

    /// <summary>Gets the value at <paramref name="index"/> if that index is populated.</summary>
    /// <param name="index">The index.</param>
    /// <param name="value">The value, or <see langword="default"/> when the index is not populated.</param>
    /// <returns><see langword="true"/> when the index is populated.</returns>
    public bool TryGetValue(ulong index, [MaybeNullWhen(false)] out T value)
    {
        Leaf leaf = FindLeaf(index);
        int i = Search(leaf.Keys, leaf.Count, index);
        if (i < 0)
        {
            value = default;
            return false;
        }
        value = leaf.Values[i];
        return true;
    }

    /// <summary>Whether <paramref name="index"/> is populated.</summary>
    /// <param name="index">The index.</param>
    /// <returns><see langword="true"/> when the index is populated.</returns>
    public bool ContainsIndex(ulong index)
    {
        Leaf leaf = FindLeaf(index);
        return Search(leaf.Keys, leaf.Count, index) >= 0;
    }

    /// <summary>
    /// Adds an entry at an index greater than <see cref="LastIndex"/> (any index when the array is
    /// empty), in O(1) amortized time. Deserializers use it to rebuild an array in index order.
    /// </summary>
    /// <param name="index">The index; must be greater than every populated index.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentException"><paramref name="index"/> is not greater than <see cref="LastIndex"/>;
    /// the array is left unchanged.</exception>
    public void Append(ulong index, T value)
    {
        if (_count == 0)
        {
            Set(index, value);
            return;
        }
        ulong last = _last.Keys[_last.Count - 1];
        if (index <= last)
            ThrowNotAfterLast(index, last);
        AddLast(index, value);
    }

    /// <summary>Removes the entry at <paramref name="index"/>.</summary>
    /// <param name="index">The index.</param>
    /// <returns><see langword="true"/> when the index was populated and has been removed.</returns>
    public bool Remove(ulong index)
    {
        if (_count == 0)
            return false;
        bool removed = _root is Leaf leaf ? RemoveFromLeaf(leaf, index) : RemoveFromInner((Inner)_root, index);
        if (!removed)
            return false;
        _count--;
        _version++;
        if (_count == 0)
        {
            ResetToEmpty();
        }
        else
        {
            // Shrink the tree while the root has a single child.
            while (_root is Inner inner && inner.Count == 1)
                _root = inner.Children[0];
        }
        return true;
    }

    /// <summary>Removes every entry.</summary>
    public void Clear()
    {
        ResetToEmpty();
        _count = 0;
        _version++;
    }

    /// <summary>
    /// Returns an enumerator over the entries in ascending index order. Modifying the array
    /// invalidates it.
    /// </summary>
    /// <returns>The enumerator.</returns>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<KeyValuePair<ulong, T>> IEnumerable<KeyValuePair<ulong, T>>.GetEnumerator() => new Enumerator(this);

    IEnumerator IEnumerable.GetEnumerator() => new Enumerator(this);

    // ---------------------------------------------------------------- tree

    private abstract class Node
    {
        /// <summary>
        /// For a leaf, the sorted indexes of its entries. For an inner node, <c>Keys[i]</c> (i ≥ 1)
        /// is a lower bound of the indexes under child i and greater than every index under child
        /// i - 1; <c>Keys[0]</c> is not meaningful.
        /// </summary>
        public ulong[] Keys;
        public int Count;

        protected Node(ulong[] keys) => Keys = keys;
    }

    private sealed class Leaf : Node
    {
        public T[] Values;
        public Leaf? Next;
        public Leaf? Prev;

        public Leaf(int capacity) : base(capacity == 0 ? Array.Empty<ulong>() : new ulong[capacity])
            => Values = capacity == 0 ? Array.Empty<T>() : new T[capacity];
    }

    private sealed class Inner : Node
    {
        public readonly Node[] Children;

        public Inner() : base(new ulong[InnerMax]) => Children = new Node[InnerMax];
    }

    private void ResetToEmpty()
    {
        var leaf = new Leaf(0);
        _root = leaf;
        _first = leaf;
        _last = leaf;
    }

    /// <summary>Index of <paramref name="key"/> in the first <paramref name="count"/> keys, or the bitwise
    /// complement of its insertion position.</summary>
    private static int Search(ulong[] keys, int count, ulong key)
    {
        int lo = 0, hi = count - 1;
        while (lo <= hi)
        {
            int mid = (int)((uint)(lo + hi) >> 1);
            ulong k = keys[mid];
            if (k == key)
                return mid;
            if (k < key)
                lo = mid + 1;
            else
                hi = mid - 1;
        }
        return ~lo;
    }

    /// <summary>The child of <paramref name="inner"/> whose range holds <paramref name="key"/>.</summary>
    private static int ChildIndex(Inner inner, ulong key)
    {
        // The last i in [1, Count) with Keys[i] <= key, else 0.
        ulong[] keys = inner.Keys;
        int lo = 1, hi = inner.Count - 1;
        while (lo <= hi)
        {
            int mid = (int)((uint)(lo + hi) >> 1);
            if (keys[mid] <= key)
                lo = mid + 1;
            else
                hi = mid - 1;
        }
        return lo - 1;
    }

    private Leaf FindLeaf(ulong key)
    {
        Node node = _root;
        while (node is Inner inner)
            node = inner.Children[ChildIndex(inner, key)];
        return (Leaf)node;
    }

    /// <summary>Adds or replaces, through the tree.</summary>
    private void Set(ulong key, T value)
    {
        bool added = false;
        Node? right = _root is Leaf leaf
            ? InsertIntoLeaf(leaf, key, value, rightmost: true, out ulong splitKey, ref added)
            : InsertIntoInner((Inner)_root, key, value, rightmost: true, out splitKey, ref added);
        if (right != null)
        {
            var root = new Inner();
            root.Children[0] = _root;
            root.Children[1] = right;
            root.Keys[1] = splitKey;
            root.Count = 2;
            _root = root;
        }
        if (added)
            _count = checked(_count + 1);
        _version++;
    }

    /// <summary>Adds at an index greater than every populated index of a non-empty array.</summary>
    private void AddLast(ulong key, T value)
    {
        Leaf last = _last;
        int n = last.Count;
        if (n < LeafMax)
        {
            if (n == last.Keys.Length)
                Grow(last, n + 1);
            last.Keys[n] = key;
            last.Values[n] = value;
            last.Count = n + 1;
            _count = checked(_count + 1);
            _version++;
        }
        else
        {
            // The last leaf is full: the insertion splits off a new last leaf holding only this entry
            // (see InsertIntoLeaf), which later appends fill.
            Set(key, value);
        }
    }

    private static void Grow(Leaf leaf, int min)
    {
        int capacity = Math.Max(leaf.Keys.Length * 2, FirstLeafCapacity);
        if (capacity < min)
            capacity = min;
        if (capacity > LeafMax)
            capacity = LeafMax;
        Array.Resize(ref leaf.Keys, capacity);
        Array.Resize(ref leaf.Values, capacity);
    }

    /// <summary>
    /// Inserts or replaces in <paramref name="leaf"/>. When the leaf is full, splits it and returns
    /// the new right sibling, with its lower bound in <paramref name="splitKey"/>.
    /// <paramref name="rightmost"/> tells that the leaf is the last one: an insertion past its end
    /// then moves nothing and leaves it full, which keeps arrays built in order compact.
    /// </summary>
    private Leaf? InsertIntoLeaf(Leaf leaf, ulong key, T value, bool rightmost, out ulong splitKey, ref bool added)
    {
        splitKey = 0;
        int n = leaf.Count;
        int pos = Search(leaf.Keys, n, key);
        if (pos >= 0)
        {
            leaf.Values[pos] = value;
            return null;
        }
        pos = ~pos;
        added = true;
        if (n < LeafMax)
        {
            if (n == leaf.Keys.Length)
                Grow(leaf, n + 1);
            InsertAt(leaf, pos, key, value);
            return null;
        }

        var right = new Leaf(LeafMax);
        if (rightmost && pos == n)
        {
            right.Keys[0] = key;
            right.Values[0] = value;
            right.Count = 1;
        }
        else
        {
            const int mid = LeafMax / 2;
            Array.Copy(leaf.Keys, mid, right.Keys, 0, n - mid);
            Array.Copy(leaf.Values, mid, right.Values, 0, n - mid);
            right.Count = n - mid;
            if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
                Array.Clear(leaf.Values, mid, n - mid);
            leaf.Count = mid;
            if (pos <= mid)
                InsertAt(leaf, pos, key, value);
            else
                InsertAt(right, pos - mid, key, value);
        }

        right.Prev = leaf;
        right.Next = leaf.Next;
        if (leaf.Next != null)
            leaf.Next.Prev = right;
        else
            _last = right;
        leaf.Next = right;
        splitKey = right.Keys[0];
        return right;
    }

    private static void InsertAt(Leaf leaf, int pos, ulong key, T value)
    {
        int n = leaf.Count;
        if (pos < n)
        {
            Array.Copy(leaf.Keys, pos, leaf.Keys, pos + 1, n - pos);
            Array.Copy(leaf.Values, pos, leaf.Values, pos + 1, n - pos);
        }
        leaf.Keys[pos] = key;
        leaf.Values[pos] = value;
        leaf.Count = n + 1;
    }

    private Inner? InsertIntoInner(Inner inner, ulong key, T value, bool rightmost, out ulong splitKey, ref bool added)
    {
        splitKey = 0;
        int idx = ChildIndex(inner, key);
        Node child = inner.Children[idx];
        bool childRightmost = rightmost && idx == inner.Count - 1;
        Node? newChild = child is Leaf leaf
            ? InsertIntoLeaf(leaf, key, value, childRightmost, out ulong childKey, ref added)
            : InsertIntoInner((Inner)child, key, value, childRightmost, out childKey, ref added);
        if (newChild == null)
            return null;

        int pos = idx + 1;
        int n = inner.Count;
        if (n < InnerMax)
        {
            InsertAt(inner, pos, childKey, newChild);
            return null;
        }

        var right = new Inner();
        if (childRightmost && pos == n)
        {
            right.Keys[0] = childKey;
            right.Children[0] = newChild;
            right.Count = 1;
        }
        else
        {
            const int mid = InnerMax / 2;
            Array.Copy(inner.Keys, mid, right.Keys, 0, n - mid);
            Array.Copy(inner.Children, mid, right.Children, 0, n - mid);
            Array.Clear(inner.Children, mid, n - mid);
            right.Count = n - mid;
            inner.Count = mid;
            if (pos <= mid)
                InsertAt(inner, pos, childKey, newChild);
            else
                InsertAt(right, pos - mid, childKey, newChild);
        }
        splitKey = right.Keys[0];
        return right;
    }

    private static void InsertAt(Inner inner, int pos, ulong key, Node child)
    {
        int n = inner.Count;
        if (pos < n)
        {
            Array.Copy(inner.Keys, pos, inner.Keys, pos + 1, n - pos);
            Array.Copy(inner.Children, pos, inner.Children, pos + 1, n - pos);
        }
        inner.Keys[pos] = key;
        inner.Children[pos] = child;
        inner.Count = n + 1;
    }

    private static bool RemoveFromLeaf(Leaf leaf, ulong key)
    {
        int n = leaf.Count;
        int pos = Search(leaf.Keys, n, key);
        if (pos < 0)
            return false;
        if (pos < n - 1)
        {
            Array.Copy(leaf.Keys, pos + 1, leaf.Keys, pos, n - pos - 1);
            Array.Copy(leaf.Values, pos + 1, leaf.Values, pos, n - pos - 1);
        }
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
            leaf.Values[n - 1] = default!;
        leaf.Count = n - 1;
        return true;
    }

    private bool RemoveFromInner(Inner inner, ulong key)
    {
        int idx = ChildIndex(inner, key);
        Node child = inner.Children[idx];
        bool removed = child is Leaf leaf ? RemoveFromLeaf(leaf, key) : RemoveFromInner((Inner)child, key);
        if (!removed)
            return false;

        if (child.Count == 0)
        {
            // Only a node without siblings can become empty (e.g. one split off the end by appends).
            if (child is Leaf empty)
                Unlink(empty);
            RemoveChildAt(inner, idx);
        }
        else if (inner.Count >= 2 && child.Count < (child is Leaf ? LeafMin : InnerMin))
        {
            Rebalance(inner, idx > 0 ? idx - 1 : idx);
        }
        return true;
    }

    private void Unlink(Leaf leaf)
    {
        if (leaf.Prev != null)
            leaf.Prev.Next = leaf.Next;
        else
            _first = leaf.Next!;
        if (leaf.Next != null)
            leaf.Next.Prev = leaf.Prev;
        else
            _last = leaf.Prev!;
        leaf.Next = null;
        leaf.Prev = null;
    }

    private static void RemoveChildAt(Inner inner, int idx)
    {
        int n = inner.Count;
        if (idx < n - 1)
        {
            Array.Copy(inner.Keys, idx + 1, inner.Keys, idx, n - idx - 1);
            Array.Copy(inner.Children, idx + 1, inner.Children, idx, n - idx - 1);
        }
        inner.Children[n - 1] = null!;
        inner.Count = n - 1;
    }

    /// <summary>Merges or evens out children <paramref name="i"/> and <paramref name="i"/> + 1 of <paramref name="parent"/>.</summary>
    private void Rebalance(Inner parent, int i)
    {
        Node left = parent.Children[i];
        Node right = parent.Children[i + 1];
        int ln = left.Count, rn = right.Count;
        if (left is Leaf l)
        {
            var r = (Leaf)right;
            if (ln + rn <= LeafMax)
            {
                if (l.Keys.Length < ln + rn)
                    Grow(l, ln + rn);
                Array.Copy(r.Keys, 0, l.Keys, ln, rn);
                Array.Copy(r.Values, 0, l.Values, ln, rn);
                l.Count = ln + rn;
                r.Count = 0;
                Unlink(r);
                RemoveChildAt(parent, i + 1);
                return;
            }
            int target = (ln + rn) / 2;
            if (ln < target)
            {
                int k = target - ln;
                if (l.Keys.Length < target)
                    Grow(l, target);
                Array.Copy(r.Keys, 0, l.Keys, ln, k);
                Array.Copy(r.Values, 0, l.Values, ln, k);
                Array.Copy(r.Keys, k, r.Keys, 0, rn - k);
                Array.Copy(r.Values, k, r.Values, 0, rn - k);
                if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
                    Array.Clear(r.Values, rn - k, k);
                l.Count = target;
                r.Count = rn - k;
            }
            else
            {
                int k = ln - target;
                if (r.Keys.Length < rn + k)
                    Grow(r, rn + k);
                Array.Copy(r.Keys, 0, r.Keys, k, rn);
                Array.Copy(r.Values, 0, r.Values, k, rn);
                Array.Copy(l.Keys, target, r.Keys, 0, k);
                Array.Copy(l.Values, target, r.Values, 0, k);
                if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
                    Array.Clear(l.Values, target, k);
                l.Count = target;
                r.Count = rn + k;
            }
            parent.Keys[i + 1] = r.Keys[0];
        }
        else
        {
            var li = (Inner)left;
            var ri = (Inner)right;
            // With the parent's separator as the right node's first key, both key arrays read as
            // "lower bound of child j", so children move with their keys.
            ri.Keys[0] = parent.Keys[i + 1];
            if (ln + rn <= InnerMax)
            {
                Array.Copy(ri.Keys, 0, li.Keys, ln, rn);
                Array.Copy(ri.Children, 0, li.Children, ln, rn);
                li.Count = ln + rn;
                RemoveChildAt(parent, i + 1);
                return;
            }
            int target = (ln + rn) / 2;
            if (ln < target)
            {
                int k = target - ln;
                Array.Copy(ri.Keys, 0, li.Keys, ln, k);
                Array.Copy(ri.Children, 0, li.Children, ln, k);
                Array.Copy(ri.Keys, k, ri.Keys, 0, rn - k);
                Array.Copy(ri.Children, k, ri.Children, 0, rn - k);
                Array.Clear(ri.Children, rn - k, k);
                li.Count = target;
                ri.Count = rn - k;
            }
            else
            {
                int k = ln - target;
                Array.Copy(ri.Keys, 0, ri.Keys, k, rn);
                Array.Copy(ri.Children, 0, ri.Children, k, rn);
                Array.Copy(li.Keys, target, ri.Keys, 0, k);
                Array.Copy(li.Children, target, ri.Children, 0, k);
                Array.Clear(li.Children, target, k);
                li.Count = target;
                ri.Count = rn + k;
            }
            parent.Keys[i + 1] = ri.Keys[0];
        }
    }

    [DoesNotReturn]
    private static void ThrowNotFound(ulong index)
        => throw new KeyNotFoundException($"Index {index} is not populated in the KhoArray.");

    [DoesNotReturn]
    private static void ThrowNotAfterLast(ulong index, ulong last)
        => throw new ArgumentException($"Append needs an index greater than the last index {last}, got {index}.", nameof(index));

    [DoesNotReturn]
    private static void ThrowModified()
        => throw new InvalidOperationException("The KhoArray was modified; enumeration cannot continue.");
}
