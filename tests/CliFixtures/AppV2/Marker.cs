using System;
using System.IO;
using System.Runtime.CompilerServices;

namespace CliFixture;

// Proves that tools read this assembly without running it: any code of it that runs (loading it for
// execution runs this first) leaves a file at KHOGEN_FIXTURE_MARKER.
static class Marker
{
    [ModuleInitializer]
    internal static void Touch()
    {
        string? path = Environment.GetEnvironmentVariable("KHOGEN_FIXTURE_MARKER");
        if (!string.IsNullOrEmpty(path)) File.WriteAllText(path, "AppV2 code ran");
    }
}
