using System;
using System.IO;
using System.Linq;
using KhoGen.Package.Tests;

namespace KhoGen.Samples.Tests;

public class DemoTests
{
    static (int ExitCode, string Output) RunDemo(params string[] args)
    {
        // The demo's own build output sits beside this test's (ProjectReference), so run that dll.
        // A hang fails the test after the timeout, with what the demo printed. The demo builds two
        // releases of a service first: minutes on a loaded 2-core machine.
        var result = Dotnet.Run(Dotnet.RepoRoot(), TimeSpan.FromMinutes(15), new[] { Path.Combine(AppContext.BaseDirectory, "LiveUpdateDemo.dll") }.Concat(args).ToArray());
        return (result.ExitCode, result.Output);
    }

    [Fact]
    public void The_demo_upgrades_and_rolls_back_with_every_entry_restored()
    {
        string work = Directory.CreateTempSubdirectory("khogen-demo-").FullName;   // 0700: the image's folder must be private
        try
        {
            var (exit, output) = RunDemo("--entries", "5000", "--seed", "7", "--builds", Path.Combine(work, "builds"), "--image", Path.Combine(work, "handover.img"));
            Assert.True(exit == 0, output);
            // Both catalogs were checked, and each direction chose memfd-v1 (what 1.0 reads and writes).
            Assert.Contains("upgrade  1.0 -> 2.0: memfd -> memfd-v1", output);
            Assert.Contains("rollback 2.0 -> 1.0: memfd -> memfd-v1", output);
            // Release 2.0 read the v1 image as its memfd-v2 type, and 1.0 read the rollback image: every entry both times.
            var verified = output.Split('\n').Where(l => l.Contains("5000/5000")).ToList();
            Assert.Equal(2, verified.Count);
            Assert.Contains("memfd-v2", verified[0]);
            Assert.Contains("memfd-v1", verified[1]);
            Assert.Contains("OK: every one of 5,000 entries survived", output);
            Assert.False(File.Exists(Path.Combine(work, "handover.img")), "the last restore finishes the update and removes the image");
        }
        finally
        {
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public void A_wrong_option_is_refused_with_the_usage()
    {
        var (exit, output) = RunDemo("--entries", "lots");
        Assert.Equal(2, exit);
        Assert.Contains("unknown or incomplete option '--entries'", output);
        Assert.Contains("usage:", output);
    }
}
