using System;
using KhoGen;

namespace Model;

// The shared value types of the solution: declared once, here, and stored by the formats of every
// subsystem that uses them. Their layouts ship in Model's catalog, which KhoGen embeds in Model.dll;
// a format of another project that stores one takes its layout from there (docs/subsystems.md).

/// <summary>A page of the page cache, also pinned by sessions.</summary>
[KhoData]
public partial record struct Folio(ulong Pfn, FolioFlags Flags);

/// <summary>The state bits of a page.</summary>
[Flags]
public enum FolioFlags : ushort { None = 0, Dirty = 1, Uptodate = 2, Pinned = 4 }

/// <summary>Who a session belongs to.</summary>
[KhoData]
public partial record Principal(string Name, Guid Id);
