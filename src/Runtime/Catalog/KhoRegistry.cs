using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Linq;

namespace KhoGen;

/// <summary>
/// The process-wide registry: the catalog of every loaded assembly that declares formats, and the
/// per-version write switches (the <c>enable_write</c> flag of the kernel thread).
/// </summary>
public static class KhoRegistry
{
    static readonly object s_lock = new();
    static readonly List<(string Assembly, string Json)> s_parts = new();
    static volatile HashSet<string> s_disabled = new(StringComparer.Ordinal);
    static KhoCatalog? s_catalog;

    /// <summary>Called by each assembly's generated module initializer; not for user code.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static void Register(string assemblyName, string catalogJson)
    {
        lock (s_lock)
        {
            if (s_parts.Any(p => p.Assembly == assemblyName)) return;
            s_parts.Add((assemblyName, catalogJson));
            s_catalog = null;
        }
    }

    /// <summary>
    /// The catalog of every loaded assembly that declares formats, with <c>write</c> false for
    /// versions switched off. <c>ToJson()</c> gives what an operator or the next build reads.
    /// </summary>
    /// <exception cref="KhoFormatException">Two loaded assemblies declare the same format.</exception>
    public static KhoCatalog Catalog
    {
        get
        {
            lock (s_lock)
            {
                return s_catalog ??= Build();
            }
        }
    }

    static KhoCatalog Build()
    {
        var parts = s_parts.Select(p => KhoCatalog.Parse(p.Json, $"the catalog embedded in {p.Assembly}"));
        var entry = System.Reflection.Assembly.GetEntryAssembly()?.GetName();
        KhoCatalog merged = KhoCatalog.Merge(entry?.Name ?? "process", entry?.Version?.ToString() ?? "0.0.0.0", parts);
        HashSet<string> disabled = s_disabled;
        if (disabled.Count == 0) return merged;
        var formats = merged.Formats.Select(f => new KhoFormatEntry(f.Name,
            f.Versions.Select(v => disabled.Contains(v.Id) ? v.WithWrite(false) : v), f.Origin));
        return new KhoCatalog(merged.AssemblyName, merged.AssemblyVersion, formats, merged.Data, merged.Enums);
    }

    /// <summary>
    /// Switches writing of <paramref name="id"/> (e.g. <c>memfd-v2</c>) on or off, so that this build
    /// writes only what older builds read. Envelopes and live updates honour it.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="id"/> is not a version in <see cref="Catalog"/>.</exception>
    public static void SetWriteEnabled(string id, bool enabled)
    {
        if (id is null) throw new ArgumentNullException(nameof(id));
        lock (s_lock)
        {
            if (Catalog.FindVersion(id) is null)
                throw new ArgumentException($"'{id}' is not a format version of this process: it has {string.Join(", ", Catalog.Formats.SelectMany(f => f.Versions).Select(v => v.Id))}.", nameof(id));
            var next = new HashSet<string>(s_disabled, StringComparer.Ordinal);
            if (enabled) next.Remove(id); else next.Add(id);
            s_disabled = next;
            s_catalog = null;
        }
    }

    /// <summary>Whether writing <paramref name="id"/> is switched on (it is unless switched off).</summary>
    public static bool IsWriteEnabled(string id) => !s_disabled.Contains(id);
}
