using System.Runtime.InteropServices;

namespace KhoGen.Handover.Native;

// The memory calls a region needs beside the handover's: size a memfd, map it shared, change the
// mapping's protection (freeze), unmap it. Same rules as LibC.cs: LibraryImport, blittable, 64-bit Linux.
static unsafe partial class LibC
{
    public const int PROT_READ = 1, PROT_WRITE = 2, MAP_SHARED = 1;

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int ftruncate(int fd, long length);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial void* mmap(void* address, nuint length, int protection, int flags, int fd, long offset);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int munmap(void* address, nuint length);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int mprotect(void* address, nuint length, int protection);

    public static readonly void* MapFailed = (void*)-1;
}
