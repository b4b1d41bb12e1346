using DocExchange.Core.Text;

namespace DocExchange.Cli.Output;

/// <summary>
/// Text that dx shows but did not write itself (a sender's subject or file names, a signer's name, a server message),
/// made inert first: no escape sequence, control character or bidirectional override reaches the terminal, and no
/// line break can forge a line of dx's own (<see cref="UntrustedText"/>).
/// </summary>
public static class TerminalText
{
    /// <summary>For a plain line: <paramref name="text"/> on one line, inert.</summary>
    public static string Plain(string? text) => UntrustedText.Printable(text);

    /// <summary>For Spectre.Console markup (a table cell, a task name): <paramref name="text"/> inert, and its '[' and ']' escaped.</summary>
    public static string Markup(string? text) => Spectre.Console.Markup.Escape(UntrustedText.Printable(text));
}
