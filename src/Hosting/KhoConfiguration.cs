using System;
using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace KhoGen.Hosting;

/// <summary>Reads the <c>KhoGen</c> configuration section.</summary>
static class KhoConfiguration
{
    public static void Apply(IConfiguration? configuration, KhoHostingOptions options)
    {
        if (configuration is null) return;
        IConfigurationSection section = configuration.GetSection(KhoHostingOptions.SectionName);
        var live = options.LiveUpdate;
        if (section["RuntimeFolder"] is { Length: > 0 } folder) live.RuntimeFolder = folder;
        if (section["ServiceName"] is { Length: > 0 } service) Set(section, "ServiceName", () => live.ServiceName = service);
        if (section["InstanceName"] is { Length: > 0 } instance) Set(section, "InstanceName", () => live.InstanceName = instance);
        if (section["ImagePath"] is { Length: > 0 } path) live.ImagePath = path;
        if (section["MaxImageAge"] is { Length: > 0 } age) live.MaxImageAge = Duration(section, "MaxImageAge", age);
        if (section["HandoverTimeout"] is { Length: > 0 } timeout) live.HandoverTimeout = Duration(section, "HandoverTimeout", timeout, infinite: false);
        if (section["HandoverSocket"] is { } serve) options.ServeHandover = Bool(section, "HandoverSocket", serve);
        foreach (IConfigurationSection uid in section.GetSection("AllowedPeerUids").GetChildren())
        {
            if (!uint.TryParse(uid.Value, NumberStyles.None, CultureInfo.InvariantCulture, out uint u))
                throw new InvalidOperationException($"Configuration {uid.Path} must be a uid (a number), not '{uid.Value}'.");
            live.AllowedPeerUids.Add(u);
        }
        if (section["NextBuildCatalog"] is { Length: > 0 } next) options.NextBuildCatalog = next;
        if (section["Successor:Command"] is { Length: > 0 } command) options.SuccessorCommand = command;
        foreach (IConfigurationSection argument in section.GetSection("Successor:Arguments").GetChildren())
            options.SuccessorArguments.Add(argument.Value ?? "");
        if (section["UpgradeSignal"] is { } signal) options.UpgradeSignal = Int(section, "UpgradeSignal", signal);
        if (section["StopAfterUpgrade"] is { } stop) options.StopAfterUpgrade = Bool(section, "StopAfterUpgrade", stop);
        if (section["Verify"] is { Length: > 0 } verify) options.VerifyImage = verify;
        if (section["VerifyReport"] is { Length: > 0 } verifyReport) options.VerifyReport = verifyReport;
        if (section["SnapshotSignal"] is { } snapshotSignal) options.SnapshotSignal = Int(section, "SnapshotSignal", snapshotSignal);
        if (section["SnapshotPath"] is { Length: > 0 } snapshotPath) live.SnapshotPath = snapshotPath;
        foreach (IConfigurationSection format in section.GetSection("DroppableFormats").GetChildren())
            if (format.Value is { Length: > 0 } name) options.LiveUpdate.DroppableFormats.Add(name);
    }

    /// <summary>
    /// Applies <c>KhoGen:WriteEnabled</c> (<c>{ "memfd-v2": false }</c>) to the process-wide write
    /// switches. Called at start and before every upgrade, so an operator's change is honoured.
    /// </summary>
    /// <exception cref="InvalidOperationException">A key is not a version of this build, or a value is not true or false.</exception>
    public static void ApplyWriteSwitches(IConfiguration? configuration)
    {
        if (configuration is null) return;
        foreach (IConfigurationSection entry in configuration.GetSection(KhoHostingOptions.SectionName).GetSection("WriteEnabled").GetChildren())
        {
            bool enabled = Bool(entry, null, entry.Value);
            try { KhoRegistry.SetWriteEnabled(entry.Key, enabled); }
            catch (ArgumentException e)
            {
                throw new InvalidOperationException($"Configuration {entry.Path}: {e.Message}", e);
            }
        }
    }

    static void Set(IConfigurationSection section, string key, Action set)
    {
        try { set(); }
        catch (ArgumentException e) { throw new InvalidOperationException($"Configuration {Path(section, key)}: {e.Message}", e); }
    }

    static TimeSpan Duration(IConfigurationSection section, string key, string value, bool infinite = true)
    {
        if (infinite && value == "infinite") return System.Threading.Timeout.InfiniteTimeSpan;
        if (TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out TimeSpan t) && t > TimeSpan.Zero) return t;
        throw new InvalidOperationException($"Configuration {Path(section, key)} must be a positive duration such as 00:10:00{(infinite ? ", or 'infinite'," : ",")} not '{value}'.");
    }

    static bool Bool(IConfigurationSection section, string? key, string? value)
    {
        if (bool.TryParse(value, out bool b)) return b;
        throw new InvalidOperationException($"Configuration {Path(section, key)} must be true or false, not '{value}'.");
    }

    static int Int(IConfigurationSection section, string key, string value)
    {
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int i)) return i;
        throw new InvalidOperationException($"Configuration {Path(section, key)} must be a signal number, not '{value}'.");
    }

    static string Path(IConfigurationSection section, string? key) => key is null ? section.Path : $"{section.Path}:{key}";
}
