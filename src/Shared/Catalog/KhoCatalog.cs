using System;
using System.Collections.Generic;

namespace KhoGen;

/// <summary>
/// Every format version a build can read and write, with their layouts: the build-time report of
/// the kernel thread. Produced by the generator, read back with <see cref="Parse"/>, written with
/// <see cref="ToJson"/> (schema <c>khogen-catalog/1</c>, see docs/catalog-format.md).
/// </summary>
sealed partial class KhoCatalog
{
    /// <summary>The schema id written in every catalog.</summary>
    public const string SchemaId = "khogen-catalog/1";

    /// <summary>Creates a catalog; entries are sorted so that equal catalogs serialize equally.</summary>
    public KhoCatalog(string assemblyName, string assemblyVersion,
        IEnumerable<KhoFormatEntry> formats, IEnumerable<KhoDataEntry> data, IEnumerable<KhoEnumEntry> enums)
    {
        AssemblyName = assemblyName;
        AssemblyVersion = assemblyVersion;
        Formats = Sorted(formats, f => f.Name);
        Data = Sorted(data, d => d.Name);
        Enums = Sorted(enums, e => e.Name);
    }

    /// <summary>The name of the assembly (or application) the catalog describes.</summary>
    public string AssemblyName { get; }

    /// <summary>Its version.</summary>
    public string AssemblyVersion { get; }

    /// <summary>The formats, sorted by name.</summary>
    public IReadOnlyList<KhoFormatEntry> Formats { get; }

    /// <summary>The data types used inside formats, sorted by name.</summary>
    public IReadOnlyList<KhoDataEntry> Data { get; }

    /// <summary>The enums used inside formats, sorted by name.</summary>
    public IReadOnlyList<KhoEnumEntry> Enums { get; }

    /// <summary>The format named <paramref name="name"/>, or null.</summary>
    public KhoFormatEntry? FindFormat(string name)
    {
        _formats ??= Index(Formats, f => f.Name);
        return _formats.TryGetValue(name, out var f) ? f : null;
    }

    /// <summary>The version with id <paramref name="id"/> (e.g. <c>memfd-v2</c>), or null.</summary>
    public KhoVersionEntry? FindVersion(string id)
    {
        if (!FormatNames.TryParseId(id, out string name, out int version)) return null;
        return FindFormat(name)?.Find(version);
    }

    /// <summary>The data type named <paramref name="name"/>, or null.</summary>
    public KhoDataEntry? FindData(string name)
    {
        _data ??= Index(Data, d => d.Name);
        return _data.TryGetValue(name, out var d) ? d : null;
    }

    /// <summary>The enum named <paramref name="name"/>, or null.</summary>
    public KhoEnumEntry? FindEnum(string name)
    {
        _enums ??= Index(Enums, e => e.Name);
        return _enums.TryGetValue(name, out var e) ? e : null;
    }

    internal static IReadOnlyList<T> Sorted<T>(IEnumerable<T> items, Func<T, string> key)
    {
        var list = new List<T>(items);
        list.Sort((a, b) => string.CompareOrdinal(key(a), key(b)));
        return list.AsReadOnly();
    }
}

/// <summary>One format of a catalog and its versions.</summary>
sealed partial class KhoFormatEntry
{
    /// <summary>
    /// Creates a format entry; versions are sorted ascending. <paramref name="origin"/>: the assembly
    /// that declares the format, when the catalog covers more than one (<see cref="KhoCatalog.Merge"/>).
    /// </summary>
    public KhoFormatEntry(string name, IEnumerable<KhoVersionEntry> versions, KhoOrigin? origin = null)
    {
        Name = name;
        Origin = origin;
        var list = new List<KhoVersionEntry>(versions);
        list.Sort((a, b) => a.Version.CompareTo(b.Version));
        Versions = list.AsReadOnly();
        int latest = 0;
        foreach (var v in list) if (!v.Retired && v.Version > latest) latest = v.Version;
        Latest = latest;
    }

    /// <summary>The format name.</summary>
    public string Name { get; }

    /// <summary>
    /// The assembly that declares the format: set in the catalog of a build that spans several
    /// assemblies (an application's), null in the catalog of one assembly (its own formats).
    /// </summary>
    public KhoOrigin? Origin { get; }

    /// <summary>A copy that says it comes from <paramref name="origin"/>.</summary>
    public KhoFormatEntry WithOrigin(KhoOrigin? origin) => new(Name, Versions, origin);

    /// <summary>The highest version that is not retired: the one the service works with (0 when none).</summary>
    public int Latest { get; }

    /// <summary>Every version, ascending, retired ones included.</summary>
    public IReadOnlyList<KhoVersionEntry> Versions { get; }

    /// <summary>The entry of <paramref name="version"/>, or null.</summary>
    public KhoVersionEntry? Find(int version)
    {
        foreach (var v in Versions) if (v.Version == version) return v;
        return null;
    }
}

/// <summary>One version of a format: its capabilities and layout.</summary>
sealed partial class KhoVersionEntry
{
    /// <summary>Creates a version entry.</summary>
    public KhoVersionEntry(string format, int version, bool read, bool write, bool retired,
        string? fingerprint, IEnumerable<KhoMember> members, KhoSource? source = null)
    {
        Source = source;
        Format = format;
        Version = version;
        Read = read;
        Write = write;
        Retired = retired;
        Fingerprint = fingerprint;
        Members = new List<KhoMember>(members).AsReadOnly();
    }

    /// <summary>The format name.</summary>
    public string Format { get; }

    /// <summary>The version number.</summary>
    public int Version { get; }

    /// <summary>The id, <c>{format}-v{version}</c>.</summary>
    public string Id => FormatNames.Id(Format, Version);

    /// <summary>An upgrade chain leads from this version to the latest.</summary>
    public bool Read { get; }

    /// <summary>A downgrade chain leads from the latest to this version (and writing is enabled).</summary>
    public bool Write { get; }

    /// <summary>Deliberately no longer read (<c>[assembly: KhoRetired]</c>).</summary>
    public bool Retired { get; }

    /// <summary><c>sha256:</c> of the structural layout; null for a retired version with no type left.</summary>
    public string? Fingerprint { get; }

    /// <summary>The layout, in order.</summary>
    public IReadOnlyList<KhoMember> Members { get; }

    /// <summary>Where the version's type is declared, when the generator knew it; never part of a fingerprint.</summary>
    public KhoSource? Source { get; }

    /// <summary>A copy with another write capability (the run-time write switch).</summary>
    public KhoVersionEntry WithWrite(bool write) => new(Format, Version, Read, write, Retired, Fingerprint, Members, Source);
}

/// <summary>
/// Where a format version's type is declared: the file (relative to the project directory when the
/// build passed it, with '/' separators) and the 1-based line of the type's name. Reports use it to
/// point at the declaration (<c>khogen check --format github</c>); compatibility never reads it.
/// </summary>
sealed partial class KhoSource
{
    /// <summary>Creates a source location.</summary>
    public KhoSource(string file, int line)
    {
        File = file;
        Line = line;
    }

    /// <summary>The file, relative to the project directory when known.</summary>
    public string File { get; }

    /// <summary>The 1-based line.</summary>
    public int Line { get; }
}

/// <summary>A layout member: its name and its type in the catalog's type grammar.</summary>
sealed partial class KhoMember
{
    /// <summary>Creates a member.</summary>
    public KhoMember(string name, string type)
    {
        Name = name;
        Type = type;
    }

    /// <summary>The C# member name (not part of the fingerprint).</summary>
    public string Name { get; }

    /// <summary>The canonical type, e.g. <c>u64</c>, <c>seq&lt;string&gt;</c>, <c>sparse&lt;Folio&gt;</c>.</summary>
    public string Type { get; }
}

/// <summary>A <c>[KhoData]</c> type: a structure inlined into the layouts that use it.</summary>
sealed partial class KhoDataEntry
{
    /// <summary>
    /// Creates a data entry. <paramref name="isClass"/>: a reference type, written with a presence byte.
    /// <paramref name="origin"/>: the assembly that declares the type, when it is not the catalog's own
    /// (a referenced assembly's, or any in a catalog that spans several assemblies).
    /// </summary>
    public KhoDataEntry(string name, bool isClass, string fingerprint, IEnumerable<KhoMember> members, KhoOrigin? origin = null)
    {
        Name = name;
        Origin = origin;
        IsClass = isClass;
        Fingerprint = fingerprint;
        Members = new List<KhoMember>(members).AsReadOnly();
    }

    /// <summary>The catalog name (the C# name with its namespace).</summary>
    public string Name { get; }

    /// <summary>
    /// The assembly that declares the type and its version: set when the type comes from a
    /// referenced assembly (its layout read from that assembly's embedded catalog), and for every
    /// type of a catalog that spans several assemblies; null for the catalog's own types.
    /// </summary>
    public KhoOrigin? Origin { get; }

    /// <summary>A copy that says it comes from <paramref name="origin"/>.</summary>
    public KhoDataEntry WithOrigin(KhoOrigin? origin) => new(Name, IsClass, Fingerprint, Members, origin);

    /// <summary>A class (written with a presence byte) rather than a struct.</summary>
    public bool IsClass { get; }

    /// <summary><c>sha256:</c> of the structural layout.</summary>
    public string Fingerprint { get; }

    /// <summary>The layout, in order.</summary>
    public IReadOnlyList<KhoMember> Members { get; }
}

/// <summary>An enum used by a layout: its underlying type and values.</summary>
sealed partial class KhoEnumEntry
{
    /// <summary>Creates an enum entry; values are sorted by value (unsigned types as unsigned), then name.</summary>
    public KhoEnumEntry(string name, string underlying, bool flags, IEnumerable<KhoEnumValue> values)
    {
        Name = name;
        Underlying = underlying;
        Flags = flags;
        var list = new List<KhoEnumValue>(values);
        bool unsigned = underlying.Length > 0 && underlying[0] == 'u';
        list.Sort((a, b) => a.Value != b.Value
            ? (unsigned ? ((ulong)a.Value).CompareTo((ulong)b.Value) : a.Value.CompareTo(b.Value))
            : string.CompareOrdinal(a.Name, b.Name));
        Values = list.AsReadOnly();
    }

    /// <summary>The catalog name.</summary>
    public string Name { get; }

    /// <summary>The underlying type: <c>u8</c>, <c>i8</c>, <c>u16</c>, <c>i16</c>, <c>u32</c>, <c>i32</c>, <c>u64</c> or <c>i64</c>.</summary>
    public string Underlying { get; }

    /// <summary>A <c>[Flags]</c> enum: any combination of the defined bits is valid.</summary>
    public bool Flags { get; }

    /// <summary>The defined values.</summary>
    public IReadOnlyList<KhoEnumValue> Values { get; }
}

/// <summary>A named enum value. <see cref="Value"/> holds the bits; unsigned 64-bit values above long.MaxValue are negative here.</summary>
sealed partial class KhoEnumValue
{
    /// <summary>Creates an enum value.</summary>
    public KhoEnumValue(string name, long value)
    {
        Name = name;
        Value = value;
    }

    /// <summary>The value's name.</summary>
    public string Name { get; }

    /// <summary>The value's bits.</summary>
    public long Value { get; }
}

/// <summary>
/// Which assembly, at which version, declared a format or data type: how a catalog that covers
/// several assemblies (an application and its subsystems) makes version skew visible.
/// </summary>
sealed partial class KhoOrigin
{
    /// <summary>Creates an origin.</summary>
    public KhoOrigin(string assembly, string version)
    {
        Assembly = assembly;
        Version = version;
    }

    /// <summary>The assembly's name.</summary>
    public string Assembly { get; }

    /// <summary>Its version, as its catalog records it.</summary>
    public string Version { get; }

    /// <summary><c>Model 1.2.0.0</c>.</summary>
    public override string ToString() => Assembly + " " + Version;

    /// <summary>Same assembly and version.</summary>
    public override bool Equals(object? obj) => obj is KhoOrigin o && o.Assembly == Assembly && o.Version == Version;

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Assembly) ^ StringComparer.Ordinal.GetHashCode(Version);
}
