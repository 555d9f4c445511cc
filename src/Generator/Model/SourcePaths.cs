namespace KhoGen.Generator.Model;

/// <summary>How a catalog names the file of a declaration.</summary>
static class SourcePaths
{
    /// <summary>
    /// <paramref name="file"/> relative to <paramref name="projectDir"/> when it lies inside it, else as
    /// given; '/' separators either way, so that the same project gives the same catalog on every
    /// machine and OS (the catalog is embedded in the assembly, whose bytes must not depend on where
    /// it was built).
    /// </summary>
    public static string Relative(string file, string? projectDir)
    {
        string path = file.Replace('\\', '/');
        if (string.IsNullOrEmpty(projectDir)) return path;
        string dir = projectDir!.Replace('\\', '/');
        if (!dir.EndsWith("/", System.StringComparison.Ordinal)) dir += "/";
        return path.StartsWith(dir, System.StringComparison.Ordinal) ? path.Substring(dir.Length) : path;
    }
}
