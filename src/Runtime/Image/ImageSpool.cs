using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.IO.Hashing;
using KhoGen.Handover.Native;
using Microsoft.Win32.SafeHandles;

namespace KhoGen;

/// <summary>
/// An image written while the participants preserve: each payload is serialized straight to its
/// offset in the image — a private temporary file beside the image path, or a memfd for the
/// handover socket — through one small buffer, and hashed as it goes (streaming XxHash3, the same
/// value as the one-shot hash), so no payload is ever held whole in memory, copied into an exact
/// array or hashed twice. The header's length does not depend on the payloads, so its room is
/// reserved first; the header and the commit record are written at commit, the commit record last.
/// The bytes on disk are those <see cref="ImageWriter.Write"/> writes (docs/image-format.md).
/// </summary>
/// <remarks>
/// A write that fails (a full disk) is kept and thrown at commit, where a failed write belongs:
/// the participants are then unfrozen and unpreserved as after any failed commit, and the temporary
/// file is deleted. Injected faults (<see cref="ImageFaults"/>) count image offsets: the payloads
/// reach the file first, the header last.
/// </remarks>
sealed class ImageSpool : IBufferWriter<byte>, IDisposable
{
    const int ChunkSize = 1 << 20;

    readonly FileStream? _file;
    readonly SafeFileHandle _handle;
    readonly ImageFaults _faults;
    readonly List<ImageEntryRecord> _entries = new();
    readonly XxHash3 _hash = new();
    byte[] _chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
    int _buffered;
    long _offset, _entryStart;
    Exception? _failure;
    bool _renamed, _finished, _sealedAway;

    ImageSpool(FileStream? file, SafeFileHandle handle, string? temp, long headerLength, ImageFaults faults)
    {
        _file = file;
        _handle = handle;
        Temp = temp;
        HeaderLength = headerLength;
        _faults = faults;
        _offset = _entryStart = headerLength;
    }

    /// <summary>The temporary file (renamed over the image path at commit), or null for a memfd.</summary>
    public string? Temp { get; }

    /// <summary>The room reserved for the header: where the first payload starts.</summary>
    public long HeaderLength { get; }

    /// <summary>The entries spooled so far, in image order.</summary>
    public IReadOnlyList<ImageEntryRecord> Entries => _entries;

    /// <summary>A spool beside <paramref name="path"/>: created new (never through a link), 0600, in its private folder.</summary>
    public static ImageSpool InFile(string path, long headerLength, ImageFaults faults)
    {
        var (file, temp) = ImageWriter.CreateTemporary(path);
        try
        {
            // The header's room is a hole until the commit: a crash leaves a file no reader accepts (no magic).
            file.SetLength(headerLength);
            return new ImageSpool(file, file.SafeFileHandle, temp, headerLength, faults);
        }
        catch
        {
            file.Dispose();
            ImageWriter.TryDelete(temp);
            throw;
        }
    }

    /// <summary>A spool in a new memfd, to be sealed and passed on the handover socket (Linux).</summary>
    public static ImageSpool InMemfd(long headerLength)
    {
        int fd = LibC.memfd_create("khogen-image", LibC.MFD_CLOEXEC | LibC.MFD_ALLOW_SEALING);
        if (fd < 0) throw new IOException($"handover: memfd_create failed: {LibC.Describe(LibC.Errno)}");
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        return new ImageSpool(null, handle, null, headerLength, ImageFaults.None);
    }

    /// <inheritdoc/>
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _chunk.AsSpan(_buffered);
    }

    /// <inheritdoc/>
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _chunk.AsMemory(_buffered);
    }

    /// <inheritdoc/>
    public void Advance(int count) => _buffered += count;

    void Ensure(int sizeHint)
    {
        if (sizeHint < 1) sizeHint = 1;
        if (_chunk.Length - _buffered >= sizeHint) return;
        Drain();
        if (_chunk.Length >= sizeHint) return;
        // One value larger than the buffer (a 4 MiB byte array): a buffer that holds it, once.
        ArrayPool<byte>.Shared.Return(_chunk);
        _chunk = ArrayPool<byte>.Shared.Rent(sizeHint);
    }

    /// <summary>Hashes the buffered bytes while they are still in cache, and writes them at their offset.</summary>
    void Drain()
    {
        if (_buffered == 0) return;
        ReadOnlySpan<byte> bytes = _chunk.AsSpan(0, _buffered);
        _hash.Append(bytes);
        WriteAt(bytes, _offset);
        _offset += _buffered;
        _buffered = 0;
    }

    /// <summary>Ends the current payload: everything since the previous one is the entry of <paramref name="format"/>.</summary>
    public ImageEntryRecord EndEntry(string format, int version, ulong shape)
    {
        Drain();
        long length = _offset - _entryStart;
        // A reader maps each entry as one span (docs/image-format.md): refuse here what it would refuse there.
        if (length > int.MaxValue)
            throw new InvalidOperationException($"The serialized state of '{format}' is {length} bytes; an image entry holds at most {int.MaxValue} (2 GiB).");
        var record = new ImageEntryRecord(format, version, shape, length, _hash.GetCurrentHashAsUInt64());
        _hash.Reset();
        _entryStart = _offset;
        _entries.Add(record);
        return record;
    }

    /// <summary>
    /// Writes the header (its fields as given, the entries as spooled) into its room and the
    /// commit record after the last payload; flushes a file to disk. Returns the image's length.
    /// </summary>
    /// <exception cref="IOException">A write failed, now or while the payloads were spooled.</exception>
    public long Finish(ImageHeader fields)
    {
        if (_finished) throw new InvalidOperationException("The spooled image is already finished.");
        _finished = true;
        if (_buffered != 0 || _offset != _entryStart) throw new InvalidOperationException("A payload was spooled but not ended.");
        if (_failure is not null) throw new IOException(_failure.Message, _failure);
        byte[] header = ImageWriter.Header(fields, _entries, out ulong headerChecksum);
        if (header.Length != HeaderLength)
            throw new InvalidOperationException($"The header is {header.Length} bytes; {HeaderLength} were reserved for it.");
        WriteAt(header, 0);
        Span<byte> commit = stackalloc byte[ImageLayout.CommitRecord];
        ImageWriter.CommitRecord(commit, _offset, headerChecksum);
        WriteAt(commit, _offset);
        if (_failure is not null) throw new IOException(_failure.Message, _failure);
        if (_file is not null) _file.Flush(flushToDisk: true);
        return _offset + ImageLayout.CommitRecord;
    }

    /// <summary>Moves the finished temporary file over <paramref name="path"/> (a link there is replaced, not followed).</summary>
    public void Rename(string path)
    {
        if (Temp is null || !_finished) throw new InvalidOperationException("Only a finished file spool is renamed.");
        _faults.At(ImageFaults.Flushed);
        File.Move(Temp, path, overwrite: true);
        _renamed = true;
        _faults.At(ImageFaults.Renamed);
    }

    /// <summary>Seals the finished memfd against any change and hands it over; the spool no longer owns it.</summary>
    public SafeFileHandle Seal()
    {
        if (Temp is not null || !_finished) throw new InvalidOperationException("Only a finished memfd spool is sealed.");
        if (LibC.fcntl((int)_handle.DangerousGetHandle(), LibC.F_ADD_SEALS, LibC.AllSeals) != 0)
            throw new IOException($"handover: sealing the image memfd failed: {LibC.Describe(LibC.Errno)}");
        _sealedAway = true;
        return _handle;
    }

    /// <summary>Copies the finished image to <paramref name="output"/> (a commit to another transport).</summary>
    public void CopyTo(Stream output, long length)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            for (long at = 0; at < length;)
            {
                int n = RandomAccess.Read(_handle, buffer.AsSpan(0, (int)Math.Min(buffer.Length, length - at)), at);
                if (n <= 0) throw new IOException($"the spooled image ended at byte {at} of {length}");
                output.Write(buffer, 0, n);
                at += n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The payload of spooled entry <paramref name="index"/>, read back (an image that cannot use the spool as it is).</summary>
    public byte[] ReadPayload(int index)
    {
        if (_failure is not null) throw new IOException(_failure.Message, _failure);
        long at = HeaderLength;
        for (int i = 0; i < index; i++) at += _entries[i].Length;
        byte[] payload = GC.AllocateUninitializedArray<byte>(checked((int)_entries[index].Length));
        for (int done = 0; done < payload.Length;)
        {
            int n = RandomAccess.Read(_handle, payload.AsSpan(done), at + done);
            if (n <= 0) throw new IOException($"the spooled entry {_entries[index].Format} ended after {done} of {payload.Length} bytes");
            done += n;
        }
        return payload;
    }

    /// <summary>Writes at an image offset; injected faults strike at their byte; a failure is kept for the commit.</summary>
    void WriteAt(ReadOnlySpan<byte> bytes, long offset)
    {
        if (_failure is not null) return;
        try
        {
            long end = offset + bytes.Length;
            if (_faults.FailAtByte >= offset && _faults.FailAtByte < end)
            {
                RandomAccess.Write(_handle, bytes.Slice(0, (int)(_faults.FailAtByte - offset)), offset);
                throw new IOException($"No space left on device (injected at byte {_faults.FailAtByte})");
            }
            if (_faults.CrashAtByte >= offset && _faults.CrashAtByte < end)
            {
                RandomAccess.Write(_handle, bytes.Slice(0, (int)(_faults.CrashAtByte - offset)), offset);
                ImageFaults.Crash($"crash injected at byte {_faults.CrashAtByte}");
            }
            RandomAccess.Write(_handle, bytes, offset);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _failure = e;
        }
    }

    /// <summary>Closes the file or memfd (unless sealed and handed over); a temporary file never renamed is deleted.</summary>
    public void Dispose()
    {
        if (_chunk.Length > 0) ArrayPool<byte>.Shared.Return(_chunk);
        _chunk = Array.Empty<byte>();
        if (_file is not null) _file.Dispose();
        else if (!_handle.IsClosed && !_sealedAway) _handle.Dispose();
        if (Temp is not null && !_renamed) ImageWriter.TryDelete(Temp);
    }
}
