using System;
using System.IO;

namespace KhoGen.Cli;

/// <summary>A catalog and where it was read from.</summary>
sealed record BuildCatalog(string Source, KhoCatalog Catalog)
{
    /// <summary>How reports name the build: <c>AppV2 2.0.0.0</c>.</summary>
    public string Label => $"{Catalog.AssemblyName} {Catalog.AssemblyVersion}";
}

/// <summary>Reads the tool's inputs; every failure becomes a one-line <see cref="BadInputException"/>.</summary>
static class Inputs
{
    /// <summary>A catalog JSON file or a built assembly (read with System.Reflection.Metadata, never loaded or run).</summary>
    public static BuildCatalog Catalog(string path)
    {
        RequireFile(path);
        try
        {
            return new BuildCatalog(path, KhoCatalog.LoadAny(path));
        }
        catch (KhoFormatException e)
        {
            throw new BadInputException(e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BadInputException($"{path}: cannot be read: {e.Message}");
        }
    }

    /// <summary>Fails unless <paramref name="path"/> is an existing file.</summary>
    public static void RequireFile(string path)
    {
        if (Directory.Exists(path)) throw new BadInputException($"{path}: is a directory, not a file");
        if (File.Exists(path)) return;
        // A variadic argument (matrix) takes what looks like a flag as a path: say it is an unknown flag.
        if (path.StartsWith("-", StringComparison.Ordinal))
            throw new BadInputException($"Unrecognized command or argument '{path}'. (see 'khogen --help')");
        throw new BadInputException($"{path}: no such file");
    }
}
