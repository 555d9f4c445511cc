using System;
using System.Globalization;
using System.IO;
using KhoGen;

namespace LiveUpdateDemo;

/// <summary>The demo's command line; every option has a default, so no argument is needed.</summary>
sealed record DemoOptions(int Entries, int Seed, string ImagePath, string BuildsDir, bool Build, string RepoRoot, long Pages = 2_000_000)
{
    public const string Usage =
        "usage: dotnet run --project samples/LiveUpdateDemo -- [--entries N] [--seed S] [--image PATH] [--builds DIR] [--no-build] [--pages N]\n" +
        "  --entries N   folios in the cache (default 1000000), scattered over a 2^40 index space\n" +
        "  --seed S      the workload's random seed (default 1)\n" +
        "  --image PATH  the handover image, in a folder only you can enter (default: the private runtime folder, e.g. /dev/shm/khogen-{uid})\n" +
        "  --builds DIR  where the two builds of the cache service go (default artifacts/demo)\n" +
        "  --no-build    use the builds already in DIR\n" +
        "  --pages N     pages of the region-backed cache, 32 bytes each (default 2000000)";

    /// <summary>Parses the arguments; null with <paramref name="error"/> set when they are wrong.</summary>
    public static DemoOptions? Parse(string[] args, out string? error)
    {
        error = null;
        string root = FindRepoRoot();
        var o = new DemoOptions(1_000_000, 1, KhoLiveUpdateOptions.DefaultImagePath("MemfdCacheDemo"),
            Path.Combine(root, "artifacts", "demo"), true, root);
        for (int i = 0; i < args.Length; i++)
        {
            string option = args[i];
            string? Value() => i + 1 < args.Length ? args[++i] : null;
            switch (option)
            {
                case "--entries" when int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0:
                    o = o with { Entries = n };
                    break;
                case "--seed" when int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out int s):
                    o = o with { Seed = s };
                    break;
                case "--image" when Value() is string p:
                    o = o with { ImagePath = Path.GetFullPath(p) };
                    break;
                case "--builds" when Value() is string d:
                    o = o with { BuildsDir = Path.GetFullPath(d) };
                    break;
                case "--pages" when long.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out long pages) && pages > 0:
                    o = o with { Pages = pages };
                    break;
                case "--no-build":
                    o = o with { Build = false };
                    break;
                default:
                    error = $"unknown or incomplete option '{option}'";
                    return null;
            }
        }
        return o;
    }

    static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "KhoGen.sln"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }
}
