using System;
using System.Diagnostics;
using System.IO;

namespace KhoGen.Samples.Tests;

public class HostedCacheTests
{
    static (int ExitCode, string Output) Run(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "HostedCache.dll"));
        foreach (string a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout + stderr.Result);
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
