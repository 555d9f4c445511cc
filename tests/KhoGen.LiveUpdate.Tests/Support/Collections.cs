namespace KhoGen.LiveUpdate.Tests.Support;

/// <summary>
/// Tests that switch writing of a version off (<see cref="KhoRegistry.SetWriteEnabled"/>, process-wide)
/// or negotiate over formats whose switches others turn: run alone, never alongside other tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RegistryCollection
{
    public const string Name = "registry write switches";
}

/// <summary>
/// Tests that listen to the process-wide meter and activity source <c>KhoGen</c>: run alone, so
/// that what they observe comes from their own live updates only.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "telemetry listeners";
}
