using System.Text.Json;
using Spectre.Console;

namespace DocExchange.Cli.Output;

/// <summary>
/// Where a command writes: tables and verdicts for people (Spectre.Console) or JSON for scripts on standard
/// output, and one-line errors on standard error. Commands check <see cref="Json"/> and write one or the other.
/// </summary>
public sealed class CliOutput
{
    // Redirected output (logs, pipes, tests) gets wide lines so that messages are not wrapped mid-sentence.
    private const int RedirectedWidth = 200;

    private readonly TextWriter _stdout;
    private readonly TextWriter _stderr;

    public CliOutput(TextWriter stdout, TextWriter stderr, bool json, bool verbose)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        _stdout = stdout;
        _stderr = stderr;
        Json = json;
        Verbose = verbose;
        bool redirected = IsRedirected(stdout);
        IsTerminal = !redirected;
        Console = CreateConsole(stdout, redirected);
    }

    /// <summary>Standard output is a terminal (not a pipe, file or test): live progress bars are welcome.</summary>
    public bool IsTerminal { get; }

    /// <summary>True when <c>--json</c> was given: write with <see cref="WriteJson{T}"/> only.</summary>
    public bool Json { get; }

    public bool Verbose { get; }

    /// <summary>Standard output for people: tables, colours, ✓ and ✗.</summary>
    public IAnsiConsole Console { get; }

    public void WriteJson<T>(T value)
    {
        _stdout.WriteLine(JsonSerializer.Serialize(value, DxJson.Options));
        _stdout.Flush();
    }

    /// <summary>One compact JSON object on its own line (JSON Lines), for commands that stream results until stopped.</summary>
    public void WriteJsonLine<T>(T value)
    {
        _stdout.WriteLine(JsonSerializer.Serialize(value, DxJson.Compact));
        _stdout.Flush();
    }

    /// <summary>Text written as is to standard output (scripts, files meant for other programs).</summary>
    public void WriteRaw(string text)
    {
        _stdout.WriteLine(text);
        _stdout.Flush();
    }

    /// <summary>One line on standard error, prefixed with <c>dx: error:</c>. Messages often quote what others wrote: they are made inert (<see cref="TerminalText"/>).</summary>
    public void Error(string message)
    {
        _stderr.WriteLine($"dx: error: {TerminalText.Plain(message)}");
        _stderr.Flush();
    }

    /// <summary>One line on standard error, prefixed with <c>dx: warning:</c>: something went wrong that dx works around.</summary>
    public void Warning(string message)
    {
        _stderr.WriteLine($"dx: warning: {TerminalText.Plain(message)}");
        _stderr.Flush();
    }

    /// <summary>A line on standard error, only with <c>--verbose</c>.</summary>
    public void Detail(string message)
    {
        if (Verbose)
        {
            // Several lines (a stack trace): each made inert, the line breaks kept.
            _stderr.WriteLine(string.Join(Environment.NewLine, message.Split('\n').Select(line => TerminalText.Plain(line.TrimEnd('\r')))));
            _stderr.Flush();
        }
    }

    /// <summary>A ✓ line for people (nothing in JSON mode).</summary>
    public void Success(string message)
    {
        if (!Json)
        {
            Console.MarkupLineInterpolated($"[green]✓[/] {TerminalText.Plain(message)}");
        }
    }

    /// <summary>A ✗ line for people (nothing in JSON mode).</summary>
    public void Failure(string message)
    {
        if (!Json)
        {
            Console.MarkupLineInterpolated($"[red]✗[/] {TerminalText.Plain(message)}");
        }
    }

    private static bool IsRedirected(TextWriter stdout) =>
        !ReferenceEquals(stdout, System.Console.Out) || System.Console.IsOutputRedirected;

    private static IAnsiConsole CreateConsole(TextWriter stdout, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
        });
        if (redirected)
        {
            console.Profile.Width = RedirectedWidth;
            console.Profile.Capabilities.Unicode = stdout.Encoding.WebName == "utf-8";
        }
        return console;
    }
}
