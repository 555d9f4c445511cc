using System;
using System.CommandLine;
using System.CommandLine.Help;
using System.IO;
using System.Linq;
using KhoGen.Cli.Commands;

namespace KhoGen.Cli;

/// <summary>The <c>khogen</c> command line: its commands, and one way of failing for all of them.</summary>
static class Khogen
{
    public static RootCommand Create()
    {
        var root = new RootCommand(
            "khogen: checks whether builds of a service can hand their state to each other (upgrade and rollback), " +
            "from their KhoGen catalogs, and inspects handover images. Assemblies are read, never run.");
        root.Subcommands.Add(CatalogCommand.Create());
        root.Subcommands.Add(CheckCommand.Create());
        root.Subcommands.Add(MatrixCommand.Create());
        root.Subcommands.Add(DiffCommand.Create());
        root.Subcommands.Add(InspectCommand.Create());
        root.Subcommands.Add(BaselineCommand.Create());
        return root;
    }

    /// <summary>Parses and runs; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ParseResult result = Create().Parse(args);
        // --help answers even when the rest of the line is incomplete or wrong.
        if (result.Errors.Count > 0 && result.Action is not HelpAction)
        {
            string command = CommandName(result.CommandResult.Command);
            string errors = string.Join(" ", result.Errors.Select(e => e.Message).Distinct());
            Fail(stderr, $"{errors} (see '{command} --help')");
            return ExitCodes.BadInput;
        }
        return result.Invoke(new InvocationConfiguration
        {
            Output = stdout,
            Error = stderr,
            EnableDefaultExceptionHandler = false,
        });
    }

    static string CommandName(Command command) => command is RootCommand ? "khogen" : "khogen " + command.Name;

    /// <summary>Runs a command's body, turning bad input into one line on stderr and exit 2.</summary>
    public static void SetAction(Command command, Func<ParseResult, Io, int> body)
    {
        command.SetAction(parse =>
        {
            var io = new Io(parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            try
            {
                return body(parse, io);
            }
            catch (BadInputException e)
            {
                Fail(io.Error, e.Message);
                return ExitCodes.BadInput;
            }
            catch (KhoFormatException e)
            {
                Fail(io.Error, e.Message);
                return ExitCodes.BadInput;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Fail(io.Error, e.Message);
                return ExitCodes.BadInput;
            }
            catch (Exception e)
            {
                Fail(io.Error, $"internal error ({e.GetType().Name}): {e.Message}");
                return ExitCodes.InternalError;
            }
        });
    }

    /// <summary>Writes <c>khogen: error: …</c> as one line.</summary>
    public static void Fail(TextWriter stderr, string message)
    {
        string oneLine = string.Join(" ", message.Split(new[] { '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim()));
        // Bytes quoted from a binary file must not reach the terminal as control characters.
        oneLine = string.Concat(oneLine.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
        stderr.WriteLine("khogen: error: " + oneLine);
    }
}

/// <summary>Where a command writes.</summary>
sealed record Io(TextWriter Out, TextWriter Error);
