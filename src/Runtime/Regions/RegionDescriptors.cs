using System;
using System.IO;
using KhoGen.Handover.Native;
using Microsoft.Win32.SafeHandles;

namespace KhoGen.Regions;

/// <summary>
/// The region memfds that came with a handover's Image message, in the order the image's region
/// entries name them. Each is taken once; whatever is not taken is closed on dispose.
/// </summary>
sealed class RegionDescriptors : IDisposable
{
    readonly int[] _fds;

    /// <param name="fds">The received descriptors, in the order region entries name them.</param>
    /// <param name="owner">The running build's uid: every memfd must be its own.</param>
    public RegionDescriptors(int[] fds, uint owner)
    {
        _fds = fds;
        Owner = owner;
    }

    public uint Owner { get; }
    public int Count => _fds.Length;

    /// <summary>Takes descriptor <paramref name="index"/> after checking it is a memfd of the owner, sealed against shrinking, of <paramref name="size"/> bytes.</summary>
    /// <exception cref="KhoFormatException">There is no such descriptor, it was named twice, or it is not such a memfd.</exception>
    public SafeFileHandle Take(uint index, long size, string id)
    {
        KhoFormatException Bad(string why) => new($"entry {id}: region descriptor {index}: {why}", id);
        if (index >= _fds.Length) throw Bad($"the handover carried {_fds.Length} region descriptors");
        int fd = _fds[index];
        if (fd < 0) throw Bad("named by two entries");
        FileFacts facts;
        try { facts = FileFacts.OfDescriptor(fd, "region descriptor"); }
        catch (IOException e) { throw Bad(e.Message); }
        if (!facts.IsRegular) throw Bad($"it is {facts.TypeName}, not a memfd");
        if (facts.Uid != Owner) throw Bad($"the memfd is owned by uid {facts.Uid}, not by the running build's uid {Owner}");
        int seals = LibC.fcntl(fd, LibC.F_GET_SEALS, 0);
        if (seals < 0 || (seals & LibC.F_SEAL_SHRINK) == 0)
            throw Bad("not a memfd sealed against shrinking: it could be cut under the mapping");
        if (facts.Size != size) throw Bad($"the memfd holds {facts.Size} bytes; the image says {size}");
        _fds[index] = -1;
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    public void Dispose()
    {
        for (int i = 0; i < _fds.Length; i++)
            if (_fds[i] >= 0)
            {
                LibC.close(_fds[i]);
                _fds[i] = -1;
            }
    }
}
