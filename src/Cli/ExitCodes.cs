namespace KhoGen.Cli;

/// <summary>The tool's exit codes (SPEC, "The khogen tool"; docs/cli.md).</summary>
static class ExitCodes
{
    /// <summary>Compatible, valid, unchanged, or done.</summary>
    public const int Ok = 0;

    /// <summary>The answer is no: not compatible, corrupt, or changed.</summary>
    public const int No = 1;

    /// <summary>The question could not be asked: a missing or unreadable file, not a catalog, a bad flag.</summary>
    public const int BadInput = 2;

    /// <summary>A bug in the tool (never the answer to a question).</summary>
    public const int InternalError = 3;
}
