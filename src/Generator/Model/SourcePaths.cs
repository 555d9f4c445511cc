using System;
using System.Collections.Generic;

namespace KhoGen.Generator.Model;

/// <summary>How a catalog names the file of a declaration.</summary>
static class SourcePaths
{
    /// <summary>
    /// <paramref name="file"/> relative to <paramref name="projectDir"/> ('../' for a file linked
    /// from outside it), '/' separators; as given when either is not rooted or they share no root.
    /// The catalog is embedded in the assembly: its bytes must not depend on where it was built.
    /// </summary>
    public static string Relative(string file, string? projectDir)
    {
        string path = file.Replace('\\', '/');
        if (string.IsNullOrEmpty(projectDir)) return path;
        string[] to = path.Split('/');
        string[] from = projectDir!.Replace('\\', '/').TrimEnd('/').Split('/');
        // Both rooted the same way (the same drive or both '/'), or the path is kept as it is.
        if (to.Length < 2 || from.Length < 1 || to[0] != from[0] || (to[0].Length == 0) != path.StartsWith("/", StringComparison.Ordinal)) return path;
        int common = 0;
        while (common < from.Length && common < to.Length - 1 && from[common] == to[common]) common++;
        var parts = new List<string>();
        for (int i = common; i < from.Length; i++) parts.Add("..");
        for (int i = common; i < to.Length; i++) parts.Add(to[i]);
        return string.Join("/", parts);
    }
}
