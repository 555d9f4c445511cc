using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace KhoGen.LiveUpdate.Tests.Support;

/// <summary>
/// Runs the test apps under other uids with <c>setpriv --reuid=N --regid=N --clear-groups</c> (the
/// tests run as root, as CI does; no user needs to exist). The child gets no XDG_RUNTIME_DIR or
/// RUNTIME_DIRECTORY, so its runtime folder is the fallback <c>/dev/shm/khogen-{uid}</c>.
/// </summary>
public static class Users
{
    static readonly Dictionary<string, string?> Environment = new()
    {
        ["XDG_RUNTIME_DIR"] = null,
        ["RUNTIME_DIRECTORY"] = null,
        ["HOME"] = "/tmp",
        ["DOTNET_CLI_HOME"] = "/tmp",
    };

    public static string DefaultFolder(uint uid) => $"/dev/shm/khogen-{uid}";

    static IEnumerable<string> As(uint uid, string file, IEnumerable<string> args) =>
        new[] { $"--reuid={uid}", $"--regid={uid}", "--clear-groups", file }.Concat(args);

    public static Child Start(uint uid, string dll, params string[] args)
    {
        RequireRoot();
        return Child.Start("setpriv", As(uid, Child.Dotnet, args.Prepend(dll)), Environment);
    }

    public static async Task<ChildResult> RunAsync(uint uid, string dll, params string[] args)
    {
        using var child = Start(uid, dll, args);
        return await child.WaitForExitAsync();
    }

    /// <summary>Runs a plain command (chmod, ln…) as <paramref name="uid"/>; it must succeed.</summary>
    public static async Task ShellAsync(uint uid, string file, params string[] args)
    {
        RequireRoot();
        var result = await Child.RunAsync("setpriv", As(uid, file, args), Environment);
        Assert.True(result.ExitCode == 0, $"{file} {string.Join(' ', args)} as uid {uid}:\n{result}");
    }

    /// <summary>Runs a command as root (the test itself); it must succeed.</summary>
    public static async Task<string> RootAsync(string file, params string[] args)
    {
        var result = await Child.RunAsync(file, args);
        Assert.True(result.ExitCode == 0, $"{file} {string.Join(' ', args)}:\n{result}");
        return result.StdOut.Trim();
    }

    /// <summary>Owner uid and octal mode of a file itself (a link is not followed).</summary>
    public static Task<string> OwnerAndModeAsync(string path) => RootAsync("stat", "-c", "%u %a %F", path);

    /// <summary>Removes what an earlier run left in the uid's default runtime folder.</summary>
    public static void Forget(params uint[] uids)
    {
        foreach (uint uid in uids)
            if (Directory.Exists(DefaultFolder(uid)) || File.Exists(DefaultFolder(uid))) Delete(DefaultFolder(uid));
    }

    static void Delete(string path)
    {
        if (Directory.Exists(path) && new DirectoryInfo(path).LinkTarget is null) Directory.Delete(path, recursive: true);
        else File.Delete(path);
    }

    static void RequireRoot() =>
        Assert.True(System.Environment.UserName == "root", "these tests start children under other uids with setpriv, which needs root (CI runs as root)");
}
