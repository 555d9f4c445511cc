using System;
using System.Buffers.Binary;

namespace KhoGen.Handover.Native;

/// <summary>What statx says about a file: its type, permission bits, owner, size and inode (a memfd's identity).</summary>
readonly record struct FileFacts(uint Type, uint Mode, uint Uid, long Size, ulong Inode = 0)
{
    public const uint Directory = 0x4000, Regular = 0x8000, Link = 0xA000, Socket = 0xC000;

    public bool IsDirectory => Type == Directory;
    public bool IsRegular => Type == Regular;
    public bool IsLink => Type == Link;
    public bool IsSocket => Type == Socket;

    public string TypeName => Type switch
    {
        Directory => "a folder",
        Regular => "a regular file",
        Link => "a symbolic link",
        Socket => "a socket",
        0x1000 => "a FIFO",
        0x2000 => "a character device",
        0x6000 => "a block device",
        _ => "a special file",
    };

    /// <summary>The file at <paramref name="path"/> itself (a link is not followed); null when there is none.</summary>
    public static unsafe FileFacts? OfPath(string path)
    {
        byte* buffer = stackalloc byte[256];
        if (LibC.statx(LibC.AT_FDCWD, path, LibC.AT_SYMLINK_NOFOLLOW, LibC.STATX_BASIC_STATS, buffer) == 0) return Read(buffer);
        int errno = LibC.Errno;
        if (errno == LibC.ENOENT) return null;
        throw new System.IO.IOException($"{path}: cannot examine it: {LibC.Describe(errno)}");
    }

    /// <summary>The file open as <paramref name="fd"/>.</summary>
    public static unsafe FileFacts OfDescriptor(int fd, string what)
    {
        byte* buffer = stackalloc byte[256];
        if (LibC.statx(fd, "", LibC.AT_EMPTY_PATH, LibC.STATX_BASIC_STATS, buffer) == 0) return Read(buffer);
        throw new System.IO.IOException($"{what}: cannot examine it: {LibC.Describe(LibC.Errno)}");
    }

    // struct statx: stx_uid at 20, stx_mode (u16) at 28, stx_ino at 32, stx_size at 40. The same on every architecture.
    static unsafe FileFacts Read(byte* b)
    {
        var s = new ReadOnlySpan<byte>(b, 256);
        uint mode = BinaryPrimitives.ReadUInt16LittleEndian(s.Slice(28));
        return new FileFacts(mode & 0xF000, mode & 0xFFF, BinaryPrimitives.ReadUInt32LittleEndian(s.Slice(20)),
            BinaryPrimitives.ReadInt64LittleEndian(s.Slice(40)), BinaryPrimitives.ReadUInt64LittleEndian(s.Slice(32)));
    }
}
