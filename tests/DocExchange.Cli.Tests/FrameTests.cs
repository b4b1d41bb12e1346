namespace DocExchange.Cli.Tests;

public sealed class FrameTests : IDisposable
{
    private readonly TempDirectory _home = new();
    private readonly DxRunner _dx;

    public FrameTests()
    {
        _dx = new DxRunner(_home.File("dx.json"));
    }

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task Help_lists_the_command_groups_and_global_options_with_exit_0()
    {
        var result = await _dx.RunAsync("--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (string expected in new[] { "agency", "audit", "profile", "completion", "--json", "--verbose", "--profile", "--server", "--cert", "--cert-password", "--ca" })
        {
            Assert.Contains(expected, result.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Subcommand_help_describes_its_options()
    {
        var result = await _dx.RunAsync("audit", "verify", "--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (string expected in new[] { "--export", "--checkpoint", "--consistency", "--inclusion", "--key", "--save-checkpoint" })
        {
            Assert.Contains(expected, result.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Unknown_option_is_a_usage_error_with_exit_2()
    {
        var result = await _dx.RunAsync("audit", "verify", "--key", "k.pem", "--no-such-option");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("dx: error: Unrecognized command or argument '--no-such-option'.", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_command_is_a_usage_error_with_exit_2()
    {
        var result = await _dx.RunAsync("frobnicate");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("'frobnicate'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Command_group_without_a_subcommand_shows_its_help_with_exit_2()
    {
        var result = await _dx.RunAsync("audit");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("verify", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Usage:", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_server_address_is_a_usage_error()
    {
        var result = await _dx.RunAsync("profile", "show", "--server", "not a url");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--server: server address 'not a url' is not an absolute http(s) URL", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_system_error_prints_one_line_and_exit_1_and_the_stack_trace_only_with_verbose()
    {
        // A configuration "file" that is a directory cannot be replaced: the file system's refusal, said in one line.
        string directory = _home.File("config-is-a-directory");
        Directory.CreateDirectory(directory);
        var dx = new DxRunner(directory);

        var plain = await dx.RunAsync("profile", "set", "--server", "https://dx.example:5001");
        var verbose = await dx.RunAsync("profile", "set", "--server", "https://dx.example:5001", "--verbose");

        Assert.True(plain.ExitCode == 1, plain.ToString());
        string line = Assert.Single(plain.Stderr.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("dx: error: cannot write or read a file: ", line, StringComparison.Ordinal);
        Assert.True(verbose.ExitCode == 1, verbose.ToString());
        Assert.Contains(" at DocExchange.Cli.", verbose.Stderr, StringComparison.Ordinal);
    }
}
