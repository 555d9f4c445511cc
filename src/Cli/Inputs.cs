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
        catch (KhoFormatException e) when (LooksBinary(path))
        {
            // LoadAny took a file that is not an assembly (no "MZ") for JSON; say what it is not.
            throw new BadInputException($"{path}: neither a KhoGen catalog (JSON) nor a .NET assembly ({e.Message})");
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

    static bool LooksBinary(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            var head = new byte[512];
            int n = stream.Read(head, 0, head.Length);
            if (n >= 2 && head[0] == (byte)'M' && head[1] == (byte)'Z') return false; // read as an assembly
            for (int i = 0; i < n; i++)
                if (head[i] < 0x20 && head[i] is not ((byte)'\n' or (byte)'\r' or (byte)'\t')) return true;
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
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
