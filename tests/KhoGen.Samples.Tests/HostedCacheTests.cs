using System;
using System.IO;
using System.Linq;
using KhoGen.Package.Tests;

namespace KhoGen.Samples.Tests;

public class HostedCacheTests
{
    static (int ExitCode, string Output) Run(params string[] args)
    {
        // A hang fails the test after the timeout, with what the service printed.
        var result = Dotnet.Run(AppContext.BaseDirectory, TimeSpan.FromMinutes(3), new[] { Path.Combine(AppContext.BaseDirectory, "HostedCache.dll") }.Concat(args).ToArray());
        return (result.ExitCode, result.Output);
    }

    [Fact]
    public void A_generic_host_service_hands_its_cache_to_the_next_start()
    {
        string folder = Directory.CreateTempSubdirectory("khogen-hosted-").FullName;   // 0700: the image's folder must be private
        string image = Path.Combine(folder, "cache.img");
        string self = Path.Combine(AppContext.BaseDirectory, "HostedCache.dll");
        try
        {
            var first = Run("--image", image, "--fill", "500", "--upgrade-to", self);
            Assert.True(first.ExitCode == 0, first.Output);
            Assert.Contains("started: 0 quotes (cold start)", first.Output);
            Assert.Contains("upgraded: wrote quotes-v1", first.Output);
            Assert.True(File.Exists(image), "the upgrade committed no image");

            var second = Run("--image", image);
            Assert.True(second.ExitCode == 0, second.Output);
            Assert.Contains("started: 500 quotes (restored)", second.Output); // restored before the service started
            Assert.Contains("Restored quotes-v1 written by HostedCache", second.Output);
            Assert.False(File.Exists(image), "finishing removes the image");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
