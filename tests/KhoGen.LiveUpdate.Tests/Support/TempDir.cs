using System;
using System.IO;

namespace KhoGen.LiveUpdate.Tests.Support;

/// <summary>A fresh private folder (0700, as the runtime requires for images) under the temp folder, deleted on dispose.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "khogen-liveupdate-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        CreatePrivate(Path);
    }

    public string Path { get; }

    /// <summary>Creates <paramref name="path"/> with mode 0700.</summary>
    public static string CreatePrivate(string path)
    {
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
        else Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
