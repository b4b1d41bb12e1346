using DocExchange.Cli.Output.Views;
using Spectre.Console;

namespace DocExchange.Cli.Output;

/// <summary>Statuses as a table for people, or as a JSON array.</summary>
public static class StatusTable
{
    public static void Write(CliOutput output, IReadOnlyList<StatusView> statuses, string emptyMessage)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(statuses);
        if (output.Json)
        {
            output.WriteJson(statuses);
            return;
        }
        if (statuses.Count == 0)
        {
            output.Console.WriteLine(emptyMessage);
            return;
        }
        var table = new Table().AddColumns("#", "Recipient", "Status", "Description", "Time");
        foreach (var status in statuses)
        {
            table.AddRow(
                status.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
                TerminalText.Markup(status.Recipient),
                TerminalText.Markup($"{status.Code} {status.Status}"),
                TerminalText.Markup(status.Description ?? ""),
                ProtoText.Show(status.Timestamp));
        }
        output.Console.Write(table);
    }

    /// <summary>One status as a line, for streams: "#12 03 accepted at 000.00.00.H41 (…)".</summary>
    public static string Line(StatusView status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return TerminalText.Plain($"#{status.Sequence} {status.Code} {status.Status} at {status.Recipient} for {status.DocumentId}"
            + (status.Description is { } description ? $": {description}" : "")
            + $" ({ProtoText.Show(status.Timestamp)})");
    }
}
