using System;
using System.IO;
using KhoGen.Handover.Native;
using Microsoft.Win32.SafeHandles;

namespace KhoGen.Regions;

/// <summary>
/// A memfd mapped shared into this process: the memory of one region, outside the GC heap. Grows by
/// ftruncate and a new mapping; freezes by mapping it read-only (mprotect), thaws back. The memfd
/// is sealed against shrinking when made, so nobody can cut it under a mapping (which would turn
/// the next read into SIGBUS).
/// </summary>
sealed unsafe class RegionMemory : IDisposable
{
    SafeFileHandle _fd;
    byte* _base;
    long _length;
    bool _frozen;

    RegionMemory(SafeFileHandle fd, byte* at, long length, bool frozen)
    {
        _fd = fd;
        _base = at;
        _length = length;
        _frozen = frozen;
    }

    public byte* Base => _base != null ? _base : throw new ObjectDisposedException("KhoRegion");
    public long Length => _length;
    public bool IsFrozen => _frozen;
    public bool IsDisposed => _base == null;
    public int Descriptor => (int)_fd.DangerousGetHandle();
    public SafeFileHandle Handle => _fd;

    static void EnsureLinux()
    {
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess)
            throw new PlatformNotSupportedException("KhoGen regions need 64-bit Linux (memfd_create, mmap); use ordinary [KhoFormat] state elsewhere.");
    }

    /// <summary>A new memfd of <paramref name="length"/> bytes (zero-filled), sealed against shrinking, mapped read-write.</summary>
    public static RegionMemory Create(string name, long length)
    {
        EnsureLinux();
        int fd = LibC.memfd_create("khogen-region-" + name, LibC.MFD_CLOEXEC | LibC.MFD_ALLOW_SEALING);
        if (fd < 0) throw new IOException($"region {name}: memfd_create failed: {LibC.Describe(LibC.Errno)}");
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            if (LibC.ftruncate(fd, length) != 0) throw new IOException($"region {name}: sizing the memfd to {length} bytes failed: {LibC.Describe(LibC.Errno)}");
            if (LibC.fcntl(fd, LibC.F_ADD_SEALS, LibC.F_SEAL_SHRINK) != 0) throw new IOException($"region {name}: sealing the memfd against shrinking failed: {LibC.Describe(LibC.Errno)}");
            return new RegionMemory(handle, Map(fd, length, frozen: false, name), length, frozen: false);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Maps a received memfd (already checked) whole; read-only when <paramref name="frozen"/>.</summary>
    public static RegionMemory Adopt(SafeFileHandle fd, long length, bool frozen, string name)
    {
        EnsureLinux();
        return new RegionMemory(fd, Map((int)fd.DangerousGetHandle(), length, frozen, name), length, frozen);
    }

    static byte* Map(int fd, long length, bool frozen, string name)
    {
        void* p = LibC.mmap(null, (nuint)length, frozen ? LibC.PROT_READ : LibC.PROT_READ | LibC.PROT_WRITE, LibC.MAP_SHARED, fd, 0);
        if (p == LibC.MapFailed) throw new IOException($"region {name}: mapping {length} bytes failed: {LibC.Describe(LibC.Errno)}");
        return (byte*)p;
    }

    /// <summary>Grows the memfd to <paramref name="length"/> and maps it again (the old mapping, and spans over it, are gone).</summary>
    public void Grow(long length, string name)
    {
        if (length <= _length) return;
        if (LibC.ftruncate(Descriptor, length) != 0) throw new IOException($"region {name}: growing the memfd to {length} bytes failed: {LibC.Describe(LibC.Errno)}");
        byte* mapped = Map(Descriptor, length, _frozen, name);
        LibC.munmap(_base, (nuint)_length);
        _base = mapped;
        _length = length;
    }

    /// <summary>Maps the region read-only (freeze) or read-write again (thaw): a write through an old span faults.</summary>
    public void Protect(bool frozen, string name)
    {
        if (LibC.mprotect(Base, (nuint)_length, frozen ? LibC.PROT_READ : LibC.PROT_READ | LibC.PROT_WRITE) != 0)
            throw new IOException($"region {name}: mprotect failed: {LibC.Describe(LibC.Errno)}");
        _frozen = frozen;
    }

    public FileFacts Facts(string name) => FileFacts.OfDescriptor(Descriptor, "region " + name);

    public void Dispose()
    {
        if (_base != null)
        {
            LibC.munmap(_base, (nuint)_length);
            _base = null;
        }
        _fd.Dispose();
    }
}
