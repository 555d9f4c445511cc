using System;
using System.Buffers;

namespace KhoGen;

/// <summary>A growable buffer from the shared array pool; one is kept per thread for <see cref="KhoSerializer"/>.</summary>
sealed class PooledBuffer : IBufferWriter<byte>, IDisposable
{
    [ThreadStatic] static PooledBuffer? s_cached;

    byte[] _array;
    int _written;

    PooledBuffer(int capacity) => _array = ArrayPool<byte>.Shared.Rent(capacity);

    /// <summary>The thread's buffer, or a new one when it is in use (re-entrant calls).</summary>
    public static PooledBuffer Rent()
    {
        PooledBuffer? b = s_cached;
        s_cached = null;
        return b ?? new PooledBuffer(4096);
    }

    public ReadOnlySpan<byte> WrittenSpan => _array.AsSpan(0, _written);

    public void Advance(int count) => _written += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _array.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _array.AsSpan(_written);
    }

    void Ensure(int sizeHint)
    {
        if (sizeHint < 1) sizeHint = 1;
        if (_array.Length - _written >= sizeHint) return;
        long wanted = Math.Max((long)_array.Length * 2, (long)_written + sizeHint);
        int size = (int)Math.Min(wanted, Array.MaxLength);
        if (size - _written < sizeHint) throw new OutOfMemoryException("The serialized state does not fit one array (2 GiB).");
        byte[] next = ArrayPool<byte>.Shared.Rent(size);
        _array.AsSpan(0, _written).CopyTo(next);
        ArrayPool<byte>.Shared.Return(_array);
        _array = next;
    }

    /// <summary>Resets the buffer and keeps it for the thread's next call; very large arrays go back to the pool.</summary>
    public void Dispose()
    {
        _written = 0;
        if (_array.Length > 1 << 20)
        {
            ArrayPool<byte>.Shared.Return(_array);
            _array = ArrayPool<byte>.Shared.Rent(4096);
        }
        s_cached = this;
    }
}
