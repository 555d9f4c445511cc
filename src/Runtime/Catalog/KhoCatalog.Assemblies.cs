using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace KhoGen;

public sealed partial class KhoCatalog
{
    /// <summary>
    /// The catalog of a built assembly, read from its metadata without loading or running it. For
    /// an application, the catalogs of the referenced assemblies found beside it are merged in,
    /// so the result describes the whole build that takes part in a live update.
    /// </summary>
    /// <exception cref="KhoFormatException">The file is not a .NET assembly, carries no catalog, or its catalog is invalid.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static KhoCatalog ReadAssembly(string path)
    {
        var (name, version, json, references) = ReadMetadata(path, requireCatalog: false);
        var parts = new List<KhoCatalog>();
        if (json is not null) parts.Add(Parse(json, $"the catalog embedded in {path}"));
        string dir = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        foreach (string reference in references)
        {
            string candidate = Path.Combine(dir, reference + ".dll");
            if (!File.Exists(candidate)) continue;
            var r = ReadMetadata(candidate, requireCatalog: false);
            if (r.Json is not null) parts.Add(Parse(r.Json, $"the catalog embedded in {candidate}"));
        }
        if (parts.Count == 0)
            throw new KhoFormatException($"{path}: the assembly {name} carries no KhoGen catalog (it declares no formats, and neither do the assemblies beside it that it references)");
        return parts.Count == 1 && json is not null ? parts[0] : Merge(name, version, parts);
    }

    static (string Name, string Version, string? Json, List<string> References) ReadMetadata(string path, bool requireCatalog)
    {
        using var stream = File.OpenRead(path);
        try
        {
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata) throw new KhoFormatException($"{path}: not a .NET assembly (no metadata)");
            MetadataReader md = pe.GetMetadataReader();
            if (!md.IsAssembly) throw new KhoFormatException($"{path}: a module, not an assembly");
            AssemblyDefinition asm = md.GetAssemblyDefinition();
            string name = md.GetString(asm.Name);
            string? json = null;
            foreach (CustomAttributeHandle h in asm.GetCustomAttributes())
            {
                CustomAttribute a = md.GetCustomAttribute(h);
                if (!IsCatalogAttribute(md, a.Constructor)) continue;
                var blob = md.GetBlobReader(a.Value);
                if (blob.ReadUInt16() != 1) throw new KhoFormatException($"{path}: malformed KhoCatalog attribute");
                json = blob.ReadSerializedString();
            }
            var references = new List<string>();
            foreach (AssemblyReferenceHandle r in md.AssemblyReferences)
                references.Add(md.GetString(md.GetAssemblyReference(r).Name));
            return (name, asm.Version.ToString(), json, references);
        }
        catch (BadImageFormatException e)
        {
            throw new KhoFormatException($"{path}: not a .NET assembly ({e.Message})");
        }
    }

    static bool IsCatalogAttribute(MetadataReader md, EntityHandle ctor)
    {
        EntityHandle type = ctor.Kind switch
        {
            HandleKind.MemberReference => md.GetMemberReference((MemberReferenceHandle)ctor).Parent,
            HandleKind.MethodDefinition => md.GetMethodDefinition((MethodDefinitionHandle)ctor).GetDeclaringType(),
            _ => default,
        };
        return type.Kind switch
        {
            HandleKind.TypeReference => Is(md, md.GetTypeReference((TypeReferenceHandle)type).Namespace, md.GetTypeReference((TypeReferenceHandle)type).Name),
            HandleKind.TypeDefinition => Is(md, md.GetTypeDefinition((TypeDefinitionHandle)type).Namespace, md.GetTypeDefinition((TypeDefinitionHandle)type).Name),
            _ => false,
        };
    }

    static bool Is(MetadataReader md, StringHandle ns, StringHandle name) =>
        md.StringComparer.Equals(ns, "KhoGen") && md.StringComparer.Equals(name, "KhoCatalogAttribute");

    /// <summary>Reads a catalog from a catalog JSON file or a built assembly (by its contents, not its name).</summary>
    /// <exception cref="KhoFormatException">Neither a catalog nor an assembly with one.</exception>
    public static KhoCatalog LoadAny(string path)
    {
        using (var stream = File.OpenRead(path))
        {
            Span<byte> head = stackalloc byte[2];
            int n = stream.Read(head);
            if (n == 2 && head[0] == (byte)'M' && head[1] == (byte)'Z') return ReadAssembly(path);
        }
        return Load(path);
    }
}
