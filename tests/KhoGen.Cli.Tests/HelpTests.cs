using System.Threading.Tasks;

namespace KhoGen.Cli.Tests;

public sealed class HelpTests : ToolTests
{
    public HelpTests(ToolFixture tool) : base(tool) { }

    [Theory]
    [InlineData("catalog", "<assembly>", "-o, --output <FILE>")]
    [InlineData("check", "<from> <to>", "--require-rollback")]
    [InlineData("check", "<from> <to>", "--source-root <FOLDER>")]
    [InlineData("matrix", "<catalog>...", "--format <text|json|markdown|sarif|github>")]
    [InlineData("diff", "<old> <new>", "--format <text|json|markdown|sarif|github>")]
    [InlineData("inspect", "<image>", "--format <text|json|markdown>")]
    [InlineData("baseline", "<build>", "--dir <DIR>")]
    public async Task Every_command_has_help(string command, string usage, string option)
    {
        foreach (string flag in new[] { "--help", "-h" })
        {
            var result = await Tool.Run(command, flag);
            AssertExit(result, 0);
            AssertContains(result, "Usage:", $"khogen {command} {usage}", option, "Exit 0");
        }
    }

    [Fact]
    public async Task The_root_help_lists_the_commands()
    {
        var result = await Tool.Run("--help");
        AssertExit(result, 0);
        AssertContains(result, "khogen [command] [options]", "catalog <assembly>", "check <from> <to>", "matrix <catalog>", "diff <old> <new>", "inspect <image>", "baseline <build>");
    }

    [Fact]
    public async Task Help_answers_even_when_arguments_are_missing_or_wrong()
    {
        AssertExit(await Tool.Run("check", "--help", "--bogus"), 0);
    }

    [Fact]
    public async Task Version()
    {
        var result = await Tool.Run("--version");
        AssertExit(result, 0);
        Assert.StartsWith(Tool.PackageVersion, result.Stdout.Trim());
    }

    [Fact]
    public async Task Installed_as_the_dotnet_tool_KhoGen_Cli_with_command_khogen()
    {
        var list = await ProcessRunner.RunAsync(ProcessRunner.Dotnet(), new[] { "tool", "list", "--tool-path", Tool.ToolPath }, Tool.Root, System.TimeSpan.FromMinutes(1));
        AssertExit(list, 0);
        Assert.Matches(@"(?im)^khogen\.cli\s+" + System.Text.RegularExpressions.Regex.Escape(Tool.PackageVersion) + @"\s+khogen\s*$", list.Stdout);
    }
}
