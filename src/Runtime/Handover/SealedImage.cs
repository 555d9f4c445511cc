using System;
using System.Collections.Generic;
using System.IO;
using KhoGen.Handover.Native;
using Microsoft.Win32.SafeHandles;

namespace KhoGen.Handover;

/// <summary>
/// An image in a sealed memfd: anonymous memory that no path names, written once, then sealed
/// against writing, growing, shrinking and further sealing, so the successor that receives it
/// reads exactly what was written and nobody else can see or change it.
/// </summary>
static class SealedImage
{
    /// <summary>Writes the image into a new memfd and seals it; returns the descriptor and the length.</summary>
    public static (SafeFileHandle Memfd, long Length) Create(ImageHeader header, IReadOnlyList<ImageEntryContent> entries)
    {
        int fd = LibC.memfd_create("khogen-image", LibC.MFD_CLOEXEC | LibC.MFD_ALLOW_SEALING);
        if (fd < 0) throw new IOException($"handover: memfd_create failed: {LibC.Describe(LibC.Errno)}");
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            long length;
            using (var stream = new FileStream(new SafeFileHandle(fd, ownsHandle: false), FileAccess.Write, 1 << 16))
                length = ImageWriter.Write(stream, header, entries);
            if (LibC.fcntl(fd, LibC.F_ADD_SEALS, LibC.AllSeals) != 0)
                throw new IOException($"handover: sealing the image memfd failed: {LibC.Describe(LibC.Errno)}");
            return (handle, length);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Checks a received descriptor before anything is read from it: a regular file (memfd) owned by
    /// <paramref name="owner"/>, of <paramref name="length"/> bytes, with every seal set.
    /// </summary>
    /// <exception cref="InvalidDataException">It is not such a memfd.</exception>
    public static void Verify(int fd, uint owner, long length)
    {
        var facts = FileFacts.OfDescriptor(fd, "handover image");
        if (!facts.IsRegular) throw new InvalidDataException($"handover: the image descriptor is {facts.TypeName}, not a memfd");
        if (facts.Uid != owner) throw new InvalidDataException($"handover: the image memfd is owned by uid {facts.Uid}, not by the running build's uid {owner}");
        if (facts.Size != length) throw new InvalidDataException($"handover: the image memfd holds {facts.Size} bytes, the message announced {length}");
        int seals = LibC.fcntl(fd, LibC.F_GET_SEALS, 0);
        if (seals < 0 || (seals & LibC.AllSeals) != LibC.AllSeals)
            throw new InvalidDataException($"handover: the image memfd is not sealed (seals {seals}); it could change while it is read");
    }
}
