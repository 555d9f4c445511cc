using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace KhoGen;

// Also compiled into the MSBuild task (src/Build, netstandard2.0): one reader of embedded catalogs.
sealed partial class KhoCatalog
{
    /// <summary>
    /// The catalog of a built assembly's build (<see cref="OfBuild"/>), read from metadata without
    /// loading or running anything. For an application, its references are the assemblies beside it
    /// that its .deps.json lists or its metadata references, transitively: what the build's output
    /// holds of its @(ReferencePath).
    /// </summary>
    /// <exception cref="KhoFormatException">The file is not a .NET assembly, no catalog is found, or a catalog is invalid.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static KhoCatalog ReadAssembly(string path)
    {
        var own = ReadEmbedded(path);
        var beside = new List<string>();
        if (own.HasEntryPoint)
        {
            string dir = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { Path.GetFileNameWithoutExtension(path) };
            var pending = new Queue<string>(own.References);
            foreach (string listed in DependencyAssemblies(path)) pending.Enqueue(listed);
            while (pending.Count > 0)
            {
                string reference = pending.Dequeue();
                string candidate = Path.Combine(dir, reference + ".dll");
                if (!seen.Add(reference) || !File.Exists(candidate)) continue;
                beside.Add(candidate);
                foreach (string next in ReadEmbedded(candidate).References) pending.Enqueue(next);
            }
        }
        return ReadAssembly(path, beside)
            ?? throw new KhoFormatException($"{path}: the assembly carries no KhoGen catalog (it declares no formats, and neither do the assemblies beside it that it references)");
    }

    /// <summary>
    /// The catalog of the build of the assembly at <paramref name="path"/> (<see cref="OfBuild"/>),
    /// given its references; null when no part has one.
    /// </summary>
    public static KhoCatalog? ReadAssembly(string path, IEnumerable<string> references)
    {
        var own = ReadEmbedded(path);
        KhoCatalog? ownCatalog = own.Json is null ? null : Parse(own.Json, $"the catalog embedded in {path}");
        var referenced = new List<KhoCatalog>();
        if (own.HasEntryPoint)
            foreach (string reference in references)
            {
                var r = ReadEmbedded(reference);
                if (r.Json is not null) referenced.Add(Parse(r.Json, $"the catalog embedded in {reference}"));
            }
        return OfBuild(own.Name, own.Version, own.HasEntryPoint, ownCatalog, referenced);
    }

    /// <summary>
    /// The names of the assemblies an application's .deps.json lists (the runtime assets of its
    /// project and package references), which include references its code never names: the
    /// compiler leaves those out of the metadata, the build does not.
    /// </summary>
    static IEnumerable<string> DependencyAssemblies(string path)
    {
        string deps = Path.ChangeExtension(path, ".deps.json");
        if (!File.Exists(deps)) yield break;
        Json.JsonNode root;
        try { root = Json.JsonParser.Parse(File.ReadAllText(deps), deps); }
        catch (KhoFormatException) { yield break; } // not ours to judge: the metadata's references remain
        if (root["targets"] is not { Kind: Json.JsonKind.Object } targets) yield break;
        foreach (var target in targets.Properties)
            foreach (var library in target.Value.Properties)
                if (library.Value["runtime"] is { Kind: Json.JsonKind.Object } runtime)
                    foreach (var asset in runtime.Properties)
                        if (asset.Key.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
                            yield return Path.GetFileNameWithoutExtension(asset.Key);
    }

    /// <summary>What an assembly's metadata says: its identity, its embedded catalog (or null), its references and whether it has an entry point.</summary>
    internal static (string Name, string Version, string? Json, List<string> References, bool HasEntryPoint) ReadEmbedded(string path)
    {
        using var stream = File.OpenRead(path);
        try
        {
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata) throw new KhoFormatException($"{path}: not a .NET assembly (no metadata)");
            MetadataReader md = pe.GetMetadataReader();
            if (!md.IsAssembly) throw new KhoFormatException($"{path}: a module, not an assembly");
            AssemblyDefinition asm = md.GetAssemblyDefinition();
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
            // An entry point is what makes an application (KhoCatalog.OfBuild), whatever the file's extension.
            bool entryPoint = pe.PEHeaders.CorHeader is { EntryPointTokenOrRelativeVirtualAddress: not 0 };
            return (md.GetString(asm.Name), asm.Version.ToString(), json, references, entryPoint);
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
        if (type.Kind == HandleKind.TypeReference)
        {
            var t = md.GetTypeReference((TypeReferenceHandle)type);
            return Is(md, t.Namespace, t.Name);
        }
        if (type.Kind == HandleKind.TypeDefinition)
        {
            var t = md.GetTypeDefinition((TypeDefinitionHandle)type);
            return Is(md, t.Namespace, t.Name);
        }
        return false;
    }

    static bool Is(MetadataReader md, StringHandle ns, StringHandle name) =>
        md.StringComparer.Equals(ns, "KhoGen") && md.StringComparer.Equals(name, "KhoCatalogAttribute");

    /// <summary>Reads a catalog from a catalog JSON file or a built assembly (told apart by content, not name).</summary>
    /// <exception cref="KhoFormatException">Neither a catalog nor an assembly with one.</exception>
    public static KhoCatalog LoadAny(string path)
    {
        var head = new byte[512];
        int n;
        using (var stream = File.OpenRead(path)) n = stream.Read(head, 0, head.Length);
        if (n >= 2 && head[0] == (byte)'M' && head[1] == (byte)'Z') return ReadAssembly(path);
        // JSON is text: a control byte in the first 512 means this is some other binary file.
        for (int i = 0; i < n; i++)
            if (head[i] < 0x20 && head[i] is not ((byte)'\n' or (byte)'\r' or (byte)'\t'))
                throw new KhoFormatException($"{path}: neither a KhoGen catalog (JSON) nor a .NET assembly");
        return Load(path);
    }
}
