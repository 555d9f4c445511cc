using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using KhoGen;
using LiveUpdateDemo;

// The whole mission in one run: two builds of a memfd-style page cache service, their catalogs
// checked for upgrade and rollback, a live update from 1.0 to 2.0 and back, every entry verified.

DemoOptions? options = DemoOptions.Parse(args, out string? error);
if (options is null)
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine(DemoOptions.Usage);
    return 2;
}
string v1Dir = Path.Combine(options.BuildsDir, "v1"), v2Dir = Path.Combine(options.BuildsDir, "v2");
string v1 = Path.Combine(v1Dir, "MemfdCache.dll"), v2 = Path.Combine(v2Dir, "MemfdCache.dll");
Console.WriteLine($"KhoGen live-update demo: {options.Entries:N0} folios over a 2^40 index space, image {options.ImagePath}");
Console.WriteLine();

Console.WriteLine("1. The two builds of the cache service");
if (options.Build)
{
    foreach (var (name, dir) in new[] { ("V1", v1Dir), ("V2", v2Dir) })
    {
        var built = Steps.Run($"building release {name[1]}.0", () => Steps.Process("dotnet",
            new[] { "build", Path.Combine(options.RepoRoot, "samples", "MemfdCache", name, $"MemfdCache.{name}.csproj"), "-c", "Release", "-o", dir, "--nologo", "-v", "q" }));
        if (built.ExitCode != 0)
        {
            Console.Error.WriteLine(built.Output);
            return 1;
        }
    }
}
foreach (string dll in new[] { v1, v2 })
    if (!File.Exists(dll))
    {
        Console.Error.WriteLine($"{dll} is missing: run without --no-build.");
        return 1;
    }

Console.WriteLine();
Console.WriteLine("2. Their catalogs, checked both ways (the logic of `khogen check`)");
KhoCatalog c1 = KhoCatalog.ReadAssembly(v1), c2 = KhoCatalog.ReadAssembly(v2);
KhoPlan up = KhoPlan.Create(c1, c2), down = KhoPlan.Create(c2, c1);
foreach (var (label, plan) in new[] { ("upgrade  1.0 -> 2.0", up), ("rollback 2.0 -> 1.0", down) })
    foreach (var f in plan.Formats)
        Console.WriteLine($"  {label}: {f.Name} -> {(f.Version > 0 ? $"{f.Name}-v{f.Version}" : "refused: " + f.Problem)}");
if (!up.IsPossible || !down.IsPossible)
{
    Console.Error.WriteLine(up.Explain());
    Console.Error.WriteLine(down.Explain());
    return 1;
}

Console.WriteLine();
Console.WriteLine("3. Live update 1.0 -> 2.0 -> 1.0");
if (File.Exists(options.ImagePath)) File.Delete(options.ImagePath);
string[] common = { "--entries", options.Entries.ToString(CultureInfo.InvariantCulture), "--seed", options.Seed.ToString(CultureInfo.InvariantCulture), "--image", options.ImagePath };
var runs = new List<(string Step, Steps.Result Result)>
{
    ("1.0 fills, updates to 2.0", Steps.Run("release 1.0 fills its cache and live-updates into 2.0", () => Steps.Process("dotnet", new[] { v1, "fill" }.Concat(common).Concat(new[] { "--next", v2 })))),
};
if (runs[^1].Result.ExitCode == 0)
    runs.Add(("2.0 restores, rolls back to 1.0", Steps.Run("release 2.0 restores, verifies, rolls back to 1.0", () => Steps.Process("dotnet", new[] { v2, "restore" }.Concat(common).Concat(new[] { "--next", v1 })))));
if (runs[^1].Result.ExitCode == 0)
    runs.Add(("1.0 restores", Steps.Run("release 1.0 restores and verifies", () => Steps.Process("dotnet", new[] { v1, "restore" }.Concat(common)))));

Console.WriteLine();
Console.WriteLine($"  {"step",-34} {"read",-9} {"verified",-17} {"wrote",-9} {"image",10} {"preserve",9} {"freeze",7} {"commit",7} {"restore",8}");
foreach (var (step, r) in runs)
{
    string verified = r.Line("verified ") is string v && v.Split(' ') is { Length: >= 4 } w ? $"{w[1]}/{w[3]}" : "-";
    string read = r.Value("verified ", "read-as") ?? "-";
    string wrote = r.Line("wrote ")?.Split(' ')[1] ?? "-";
    string image = r.Value("image ", "bytes") is string b ? $"{long.Parse(b, CultureInfo.InvariantCulture) / 1048576.0:F1} MiB" : "-";
    Console.WriteLine($"  {step,-34} {read,-9} {verified,-17} {wrote,-9} {image,10} {Ms(r.Value("image ", "preserve-ms")),9} {Ms(r.Value("image ", "freeze-ms")),7} {Ms(r.Value("image ", "commit-ms")),7} {Ms(r.Value("restore ", "ms")),8}");
}
Console.WriteLine();

var failed = runs.FirstOrDefault(r => r.Result.ExitCode != 0);
bool complete = runs.Count == 3 && failed.Result is null;
if (!complete)
{
    Console.WriteLine($"FAILED: {failed.Step ?? "a step"} exited with {failed.Result?.ExitCode}");
    if (failed.Result is not null) Console.WriteLine(failed.Result.Output);
    return 1;
}
Console.WriteLine($"4. Region-backed pages: {options.Pages:N0} pages ({options.Pages * 32 / 1048576.0:F1} MiB) in a memfd region, handed from 1.0 to 2.0");
string pages = options.Pages.ToString(CultureInfo.InvariantCulture);
var copying = Steps.Run("copying mode: 1.0 writes the pages into an image file, 2.0 copies them out", () =>
{
    var old = Steps.Process("dotnet", new[] { v1, "pages-serve", "--pages", pages, "--mode", "copying", "--next", v2 });
    return old.ExitCode == 0 ? (old, Steps.Process("dotnet", new[] { v2, "pages-take", "--pages", pages })) : (old, old);
});
var region = Steps.Run("region mode: 1.0 serves the handover socket, 2.0 adopts the memfd in place", () =>
    Steps.Alongside("dotnet", new[] { v1, "pages-serve", "--pages", pages, "--mode", "region" }, "serving",
        () => Steps.Process("dotnet", new[] { v2, "pages-take", "--pages", pages })));
Console.WriteLine();
Console.WriteLine($"  {"mode",-10} {"how",-9} {"bytes copied",13} {"verified",-21} {"handover",9}");
foreach (var (mode, (old, taken), handover) in new[]
{
    ("copying", copying, long.Parse(copying.Item1.Value("committed ", "ms") ?? "0", CultureInfo.InvariantCulture) + long.Parse(copying.Item2.Value("pages how", "ms") ?? "0", CultureInfo.InvariantCulture)),
    ("region", region, long.Parse(region.Item2.Value("pages how", "ms") ?? "0", CultureInfo.InvariantCulture)),
})
{
    if (old.ExitCode != 0 || taken.ExitCode != 0)
    {
        Console.WriteLine($"FAILED: the {mode} mode's handover of the pages failed");
        Console.WriteLine(old.Output);
        Console.WriteLine(taken.Output);
        return 1;
    }
    Console.WriteLine($"  {mode,-10} {taken.Value("pages how", "how"),-9} {long.Parse(taken.Value("pages how", "copied-bytes")!, CultureInfo.InvariantCulture),13:N0} {taken.Value("pages how", "verified"),-21} {handover,6} ms");
}
Console.WriteLine("  (copying: the old build's preserve, freeze and commit plus the next build's restore; region: the next build's restore,");
Console.WriteLine("   which waits for the old build's freeze and commit: both hold the whole cut-over of the pages)");
Console.WriteLine();
Console.WriteLine($"OK: every one of {options.Entries:N0} entries survived the upgrade to 2.0 and the rollback to 1.0; every page was handed over both ways.");
return 0;

static string Ms(string? ms) => ms is null ? "-" : ms + " ms";
