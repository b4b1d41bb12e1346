using System.Diagnostics;

namespace DocExchange.Cli.Tests;

public sealed class CompletionTests : IDisposable
{
    private readonly TempDirectory _home = new();
    private readonly DxRunner _dx;

    public CompletionTests()
    {
        _dx = new DxRunner(_home.File("dx.json"));
    }

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task Suggest_directive_completes_subcommands_from_the_command_line_and_cursor()
    {
        const string line = "dx audit ";

        var result = await _dx.RunAsync($"[suggest:{line.Length}]", line);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("verify", result.Stdout.Split('\n'));
    }

    [Fact]
    public async Task Suggest_directive_after_a_flag_offers_commands_not_a_flag_value()
    {
        const string line = "dx --json ";

        var result = await _dx.RunAsync($"[suggest:{line.Length}]", line);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("audit", result.Stdout.Split('\n'));
        Assert.DoesNotContain("True", result.Stdout.Split('\n'));
    }

    [Fact]
    public async Task Bash_completion_script_completes_through_dx()
    {
        var script = await _dx.RunAsync("completion", "bash");
        Assert.True(script.ExitCode == 0, script.ToString());
        string scriptPath = _home.File("dx-completion.bash");
        await File.WriteAllTextAsync(scriptPath, script.Stdout);

        // bash calls the completion function as it would on Tab after "dx audit verify --exp".
        string driver = $"""
            dx() {"{"} dotnet '{DxRunner.DllPath}' "$@"; {"}"}
            complete() {"{"} builtin complete "$@"; {"}"}
            source '{scriptPath}'
            COMP_LINE='dx audit verify --exp'
            COMP_POINT=${"{"}#COMP_LINE{"}"}
            COMP_WORDS=(dx audit verify --exp)
            COMP_CWORD=3
            _dx_complete
            printf '%s\n' "${"{"}COMPREPLY[@]{"}"}"
            """;
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(driver);
        start.Environment["DX_CONFIG"] = _dx.ConfigPath;
        using var bash = Process.Start(start)!;
        string output = await bash.StandardOutput.ReadToEndAsync();
        string errors = await bash.StandardError.ReadToEndAsync();
        await bash.WaitForExitAsync();

        Assert.True(bash.ExitCode == 0, errors);
        Assert.Equal(["--export"], output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Zsh_completion_script_registers_a_completion_for_dx()
    {
        var result = await _dx.RunAsync("completion", "zsh");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("#compdef dx", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("[suggest:", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Completion_for_an_unsupported_shell_is_a_usage_error()
    {
        var result = await _dx.RunAsync("completion", "fish");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("fish", result.Stderr, StringComparison.Ordinal);
    }
}
