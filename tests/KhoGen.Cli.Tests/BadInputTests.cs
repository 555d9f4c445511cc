using System.IO;
using System.Text;
using System.Threading.Tasks;

namespace KhoGen.Cli.Tests;

/// <summary>Every way of asking a question the tool cannot answer: one line on stderr, exit 2.</summary>
public sealed class BadInputTests : ToolTests
{
    public BadInputTests(ToolFixture tool) : base(tool) { }

    [Theory]
    [InlineData("catalog")]
    [InlineData("check")]
    [InlineData("matrix")]
    [InlineData("diff")]
    [InlineData("baseline")]
    public async Task A_missing_file(string command)
    {
        string missing = Path.Combine(Tool.Root, "missing.kho.json");
        string[] args = command switch
        {
            "catalog" or "baseline" => new[] { command, missing },
            _ => new[] { command, Tool.AppV1, missing },
        };
        AssertBadInput(await Tool.Run(args), "missing.kho.json: no such file");
    }

    [Fact]
    public async Task Malformed_json()
    {
        string file = WriteFile("malformed.kho.json", "{ \"schema\": \"khogen-catalog/1\", \"assembly\": ");
        AssertBadInput(await Tool.Run("check", file, Tool.AppV1), "malformed.kho.json: not valid JSON at line 1");
    }

    [Fact]
    public async Task Json_that_is_not_a_catalog()
    {
        string file = WriteFile("package.json", "{ \"name\": \"left-pad\", \"version\": \"1.3.0\" }");
        AssertBadInput(await Tool.Run("diff", file, Tool.AppV1), "package.json: not a KhoGen catalog", "missing \"schema\"");
    }

    [Fact]
    public async Task A_catalog_whose_layout_does_not_match_its_fingerprint()
    {
        string edited = EmbeddedCatalog(Tool.AppV1).Replace("{ \"name\": \"StartedAt\", \"type\": \"i64\" }", "{ \"name\": \"StartedAt\", \"type\": \"u64\" }");
        AssertBadInput(await Tool.Run("check", WriteFile("edited.kho.json", edited), Tool.AppV1), "the fingerprint of session-v1 does not match its members");
    }

    [Fact]
    public async Task An_unknown_schema_version()
    {
        string file = WriteFile("future.kho.json", EmbeddedCatalog(Tool.AppV1).Replace("khogen-catalog/1", "khogen-catalog/2"));
        AssertBadInput(await Tool.Run("matrix", file, Tool.AppV1), "unknown schema \"khogen-catalog/2\"", "reads \"khogen-catalog/1\"");
    }

    [Fact]
    public async Task A_file_that_is_not_a_dotnet_assembly()
    {
        // Starts like a PE file but is not one.
        string fake = WriteFile("Fake.dll", Encoding.ASCII.GetBytes("MZ this is not a portable executable"));
        AssertBadInput(await Tool.Run("catalog", fake), "Fake.dll: not a .NET assembly");

        // Binary, but not even a PE file.
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.Length; i++) binary[i] = (byte)i;
        string other = WriteFile("Other.dll", binary);
        var result = await Tool.Run("check", other, Tool.AppV1);
        AssertBadInput(result, "Other.dll: neither a KhoGen catalog (JSON) nor a .NET assembly");
        Assert.DoesNotContain('\u0001', result.Stderr);
    }

    [Fact]
    public async Task An_assembly_without_a_catalog()
    {
        AssertBadInput(await Tool.Run("catalog", Tool.RuntimeBesideApp), "KhoGen.dll: the assembly", "carries no KhoGen catalog");
        AssertBadInput(await Tool.Run("baseline", Tool.RuntimeBesideApp), "carries no KhoGen catalog");
    }

    [Fact]
    public async Task A_folder_instead_of_a_file()
    {
        AssertBadInput(await Tool.Run("check", Tool.AppV1, Tool.NewFolder("folder")), "is a directory");
    }

    [Theory]
    [InlineData("check", "--bogus")]
    [InlineData("matrix", "--require-rollback")]
    [InlineData("diff", "-x")]
    [InlineData("catalog", "--format")]
    public async Task Unknown_flags(string command, string flag)
    {
        string[] args = command switch
        {
            "catalog" => new[] { command, Tool.AppV1, flag, "json" },
            _ => new[] { command, Tool.AppV1, Tool.AppV2, flag },
        };
        AssertBadInput(await Tool.Run(args), $"Unrecognized command or argument '{flag}'", "--help'");
    }

    [Fact]
    public async Task An_unknown_output_format()
    {
        AssertBadInput(await Tool.Run("check", Tool.AppV1, Tool.AppV2, "--format", "xml"), "'xml'", "text", "json", "markdown");
    }

    [Fact]
    public async Task Missing_arguments_and_commands()
    {
        AssertBadInput(await Tool.Run("check", Tool.AppV1), "Required argument 'to' missing");
        AssertBadInput(await Tool.Run("frobnicate"), "Unrecognized command or argument 'frobnicate'");
        AssertBadInput(await Tool.Run(), "Required command was not provided", "see 'khogen --help'");
        AssertBadInput(await Tool.Run("diff", Tool.AppV1, Tool.AppV2, Tool.AppV3), "Unrecognized command or argument");
    }
}
