namespace KhoGen.Generator.Model;

/// <summary>The compilation's identity and its <c>[assembly: KhoRetired]</c> versions.</summary>
sealed record AssemblyModel(string Name, string Version, EquatableArray<FormatKey> Retired)
{
    /// <summary>The generated class that holds the catalog: named after the assembly so that
    /// assemblies that see each other's internals never clash.</summary>
    public string CatalogClass
    {
        get
        {
            var chars = Name.ToCharArray();
            for (int i = 0; i < chars.Length; i++)
                if (!char.IsLetterOrDigit(chars[i]) && chars[i] != '_') chars[i] = '_';
            return "KhoCatalog_" + new string(chars);
        }
    }
}

/// <summary>What one format type's generated file is made from.</summary>
sealed record FormatOutput(TypeModel Type, ChainModel Chain);
