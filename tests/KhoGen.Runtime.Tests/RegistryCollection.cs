namespace KhoGen.Runtime.Tests;

/// <summary>
/// Tests that switch format versions off in the process-wide <see cref="KhoRegistry"/>, or that
/// rely on the default write version of a format such a test switches: they run alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RegistryCollection
{
    public const string Name = "KhoRegistry write switches";
}
