using System;

namespace KhoGen.Cli;

/// <summary>Input the tool cannot work with; the message is the one line the user sees (exit 2).</summary>
sealed class BadInputException : Exception
{
    public BadInputException(string message) : base(message) { }
}
