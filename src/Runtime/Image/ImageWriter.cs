using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Hashing;
using System.Text;

namespace KhoGen;

/// <summary>One entry to write: a format version's serialized layout; for a region passed by descriptor, its memfd (else -1).</summary>
readonly record struct ImageEntryContent(string Format, int Version, ulong Shape, ReadOnlyMemory<byte> Payload, int RegionDescriptor = -1);

/// <summary>One entry of the table: what the header says of a payload.</summary>
readonly record struct ImageEntryRecord(string Format, int Version, ulong Shape, long Length, ulong Checksum);

/// <summary>Writes handover images: to a stream, or atomically to a file (temporary file, flush, rename).</summary>
static class ImageWriter
{
    /// <summary>Writes the image to <paramref name="path"/> so that the path holds either the previous file or the whole new image.</summary>
    /// <remarks>
    /// The folder must be private (<see cref="Handover.PrivateFolder"/>; created 0700 when missing). The
    /// temporary file is created new (O_EXCL: never through a link) with mode 0600, and the rename
    /// replaces whatever is at the path (a link is replaced, not followed).
    /// </remarks>
    public static long WriteAtomically(string path, ImageHeader header, IReadOnlyList<ImageEntryContent> entries, ImageFaults? faults = null)
    {
        faults ??= ImageFaults.None;
        string full = Path.GetFullPath(path);
        var (file, temp) = CreateTemporary(full);
        try
        {
            long length;
            using (file)
            {
                length = Write(file, header, entries, faults);
                file.Flush(flushToDisk: true);
            }
            faults.At(ImageFaults.Flushed);
            File.Move(temp, full, overwrite: true);
            faults.At(ImageFaults.Renamed);
            return length;
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>
    /// A new temporary file beside <paramref name="path"/>, to be renamed over it: its folder made
    /// private (<see cref="Handover.PrivateFolder"/>; 0700 when missing), abandoned temporaries of
    /// dead writers removed, the file created new (O_EXCL: never through a link) with mode 0600.
    /// </summary>
    internal static (FileStream File, string Temp) CreateTemporary(string path)
    {
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full) ?? ".";
        Handover.PrivateFolder.Ensure(dir);
        RemoveAbandoned(dir, Path.GetFileName(full));
        string temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        // Unbuffered: the image spool writes at offsets (RandomAccess), the stream writer in large spans.
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.ReadWrite, Share = FileShare.None, BufferSize = 0 };
        if (!OperatingSystem.IsWindows()) create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        return (new FileStream(temp, create), temp);
    }

    /// <summary>
    /// Deletes temporary images that writers which have since died left behind (in /dev/shm they
    /// hold memory). A writer that is still running keeps its own.
    /// </summary>
    static void RemoveAbandoned(string dir, string name)
    {
        foreach (string file in Directory.EnumerateFiles(dir, $".{name}.*.tmp"))
        {
            string[] parts = Path.GetFileName(file).Substring(name.Length + 2).Split('.');
            if (parts.Length == 3 && int.TryParse(parts[0], out int pid) && !IsRunning(pid)) TryDelete(file);
        }
    }

    static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId) return true;
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Deletes a file if it can; one that is gone or not ours to delete is left as it is.</summary>
    internal static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>Writes the image to <paramref name="output"/>; returns its length.</summary>
    public static long Write(Stream output, ImageHeader fields, IReadOnlyList<ImageEntryContent> entries, ImageFaults? faults = null)
    {
        faults ??= ImageFaults.None;
        var records = new List<ImageEntryRecord>(entries.Count);
        foreach (var e in entries) records.Add(new ImageEntryRecord(e.Format, e.Version, e.Shape, e.Payload.Length, XxHash3.HashToUInt64(e.Payload.Span)));
        byte[] header = Header(fields, records, out ulong headerChecksum);
        var sink = new CrashingSink(output, faults.CrashAtByte, faults.FailAtByte);
        sink.Write(header);
        foreach (var e in entries) sink.Write(e.Payload.Span);
        long end = header.Length;
        foreach (var r in records) end += r.Length;
        Span<byte> commit = stackalloc byte[ImageLayout.CommitRecord];
        CommitRecord(commit, end, headerChecksum);
        sink.Write(commit);
        output.Flush();
        return end + ImageLayout.CommitRecord;
    }

    /// <summary>The length of the header of an image of <paramref name="formats"/> (its payloads start there): it does not depend on the payloads.</summary>
    public static long HeaderLength(ImageHeader fields, IEnumerable<string> formats)
    {
        long length = ImageLayout.MinHeader + Encoding.UTF8.GetByteCount(fields.Writer) + Encoding.UTF8.GetByteCount(fields.CatalogJson)
            + Encoding.UTF8.GetByteCount(fields.Address) + Encoding.UTF8.GetByteCount(fields.Successor);
        foreach (string format in formats) length += 1 + Encoding.ASCII.GetByteCount(format) + ImageLayout.EntryFixed;
        return length;
    }

    /// <summary>The header of an image whose payloads follow it in <paramref name="entries"/>' order, checksum included.</summary>
    public static byte[] Header(ImageHeader fields, IReadOnlyList<ImageEntryRecord> entries, out ulong headerChecksum)
    {
        byte[] writerBytes = Encoding.UTF8.GetBytes(fields.Writer);
        byte[] catalogBytes = Encoding.UTF8.GetBytes(fields.CatalogJson);
        byte[] addressBytes = Encoding.UTF8.GetBytes(fields.Address);
        byte[] successorBytes = Encoding.UTF8.GetBytes(fields.Successor);
        long headerLength = HeaderLength(fields, System.Linq.Enumerable.Select(entries, e => e.Format));

        var header = new MemoryStream((int)headerLength);
        var w = new BinaryWriter(header);
        w.Write(ImageLayout.Magic);
        w.Write(ImageLayout.Version);
        w.Write((uint)entries.Count);
        w.Write((ulong)headerLength);
        w.Write((uint)writerBytes.Length);
        w.Write(writerBytes);
        w.Write((uint)catalogBytes.Length);
        w.Write(catalogBytes);
        w.Write((uint)addressBytes.Length);
        w.Write(addressBytes);
        w.Write(fields.Created.ToUnixTimeMilliseconds());
        w.Write((uint)successorBytes.Length);
        w.Write(successorBytes);
        w.Write(fields.SuccessorFingerprint);
        long offset = headerLength;
        foreach (var e in entries)
        {
            byte[] name = Encoding.ASCII.GetBytes(e.Format);
            w.Write((byte)name.Length);
            w.Write(name);
            w.Write((uint)e.Version);
            w.Write(e.Shape);
            w.Write((ulong)offset);
            w.Write((ulong)e.Length);
            w.Write(e.Checksum);
            offset += e.Length;
        }
        w.Flush();
        headerChecksum = XxHash3.HashToUInt64(header.GetBuffer().AsSpan(0, (int)header.Length));
        w.Write(headerChecksum);
        w.Flush();
        Debug.Assert(header.Length == headerLength);
        return header.ToArray();
    }

    /// <summary>The commit record of an image whose payloads end at <paramref name="end"/>.</summary>
    public static void CommitRecord(Span<byte> commit, long end, ulong headerChecksum)
    {
        ImageLayout.CommitMagic.CopyTo(commit);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(commit.Slice(8), (ulong)(end + ImageLayout.CommitRecord));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(commit.Slice(16), headerChecksum);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(commit.Slice(24), XxHash3.HashToUInt64(commit.Slice(0, 24)));
    }

    /// <summary>Passes bytes through, and fails or kills the process at an injected fault's byte (<see cref="ImageFaults"/>).</summary>
    sealed class CrashingSink
    {
        readonly Stream _output;
        readonly long _crashAt;
        readonly long _failAt;
        long _written;

        public CrashingSink(Stream output, long crashAt, long failAt)
        {
            _output = output;
            _crashAt = crashAt;
            _failAt = failAt;
        }

        public void Write(ReadOnlySpan<byte> bytes)
        {
            const int Chunk = 1 << 20;
            while (!bytes.IsEmpty)
            {
                int n = Math.Min(bytes.Length, Chunk);
                if (_failAt >= 0 && _written + n > _failAt)
                {
                    _output.Write(bytes.Slice(0, (int)(_failAt - _written)));
                    throw new IOException($"No space left on device (injected at byte {_failAt})");
                }
                if (_crashAt >= 0 && _written + n > _crashAt)
                {
                    _output.Write(bytes.Slice(0, (int)(_crashAt - _written)));
                    _output.Flush();
                    ImageFaults.Crash($"crash injected at byte {_crashAt}");
                }
                _output.Write(bytes.Slice(0, n));
                _written += n;
                bytes = bytes.Slice(n);
            }
        }
    }
}
