namespace KhoGen;

// The handover image, version 2 (docs/image-format.md). All integers little-endian.
//
//   header   "KHOIMAGE" | u32 image version | u32 entry count | u64 header length H
//            | u32 n + writer identity (UTF-8) | u32 n + writer catalog (UTF-8 JSON)
//            | u32 n + address (UTF-8 "{service}/{instance}") | i64 creation time (Unix ms, UTC)
//            | u32 n + successor identity (UTF-8) | u64 successor catalog fingerprint
//            | entry table: u8 n + format name (ASCII) | u32 version | u64 shape | u64 offset | u64 length | u64 checksum
//            | u64 XxHash3 of bytes [0, H-8)
//   payloads each entry's layout, at its offset, in table order
//   commit   "KHOCOMMT" | u64 image length | u64 header checksum | u64 XxHash3 of the 24 bytes before it
//
// The commit record is written last; a reader accepts nothing without it. Version 1 (no address,
// no time, no successor) is refused: it cannot say whom it is for.
static class ImageLayout
{
    public static System.ReadOnlySpan<byte> Magic => "KHOIMAGE"u8;
    public static System.ReadOnlySpan<byte> CommitMagic => "KHOCOMMT"u8;
    public const uint Version = 2;
    public const int FixedHeader = 8 + 4 + 4 + 8;
    /// <summary>The shortest header: fixed fields, four empty texts, the time, the fingerprint and the checksum.</summary>
    public const int MinHeader = FixedHeader + 4 * 4 + 8 + 8 + 8;
    public const int CommitRecord = 32;
    public const int EntryFixed = 4 + 8 + 8 + 8 + 8;
}

/// <summary>What an image says about itself: who wrote it, for whom, when.</summary>
readonly record struct ImageHeader(string Writer, string CatalogJson, string Address, System.DateTimeOffset Created, string Successor, ulong SuccessorFingerprint);
