using System.CommandLine;
using DocExchange.Cli.Hosting;
using DocExchange.Cli.Output;
using DocExchange.Cli.Output.Views;
using DocExchange.Cli.Validation;
using DocExchange.Client;
using DocExchange.Protocol.V1;
using Spectre.Console;

namespace DocExchange.Cli.Commands.Clerk;

/// <summary><c>dx list sent|received [--since DATE] [--until DATE] [--include-recalled]</c>: the caller's documents, newest first.</summary>
public static class ListCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var command = new Command("list", "List the documents your agency sent or received.");
        command.Add(Listing(globals, "sent", "List the documents your agency sent, newest first, with their latest status.",
            (client, query, ct) => client.ListAllSentAsync(query, ct)));
        command.Add(Listing(globals, "received", "List the documents delivered to your agency, newest first, with your latest status.",
            (client, query, ct) => client.ListAllReceivedAsync(query, ct)));
        return command;
    }

    private static Command Listing(
        GlobalOptions globals, string name, string description, Func<DocExchangeClient, DocumentQuery, CancellationToken, IAsyncEnumerable<DocumentSummary>> list)
    {
        var since = new Option<DateOnly?>("--since") { Description = "Only documents sent on or after this day (yyyy/MM/dd).", HelpName = "DATE", CustomParser = DateText.Parse };
        var until = new Option<DateOnly?>("--until") { Description = "Only documents sent before this day (yyyy/MM/dd).", HelpName = "DATE", CustomParser = DateText.Parse };
        var recalled = new Option<bool>("--include-recalled") { Description = "Include recalled documents.", Arity = ArgumentArity.Zero };
        var command = new Command(name, description) { since, until, recalled };
        DxAction.Set(command, globals, async (context, cancellationToken) =>
        {
            var query = new DocumentQuery(Day(context.Get(since)), Day(context.Get(until)), context.Get(recalled));
            await using var client = await context.ConnectAsync(cancellationToken).ConfigureAwait(false);
            var documents = new List<DocumentSummaryView>();
            await foreach (var summary in list(client, query, cancellationToken).ConfigureAwait(false))
            {
                documents.Add(DocumentSummaryView.From(summary));
            }
            if (context.Output.Json)
            {
                context.Output.WriteJson(documents);
                return ExitCode.Ok;
            }
            if (documents.Count == 0)
            {
                context.Output.Console.WriteLine($"No documents {name}.");
                return ExitCode.Ok;
            }
            // A sent document has a status per recipient: 'dx status history DOCID' shows them.
            bool sent = name == "sent";
            var table = sent
                ? new Table().AddColumns("Document id", "Subject", "Sent", "Recipients")
                : new Table().AddColumns("Document id", "Subject", "Sent", "From", "Your latest status");
            foreach (var document in documents)
            {
                string recalled = document.Recalled ? " (recalled)" : "";
                if (sent)
                {
                    table.AddRow(TerminalText.Markup(document.DocumentId), TerminalText.Markup(document.Subject ?? "") + recalled, ProtoText.Show(document.SentAt),
                        TerminalText.Markup(string.Join(", ", document.Recipients)));
                }
                else
                {
                    table.AddRow(TerminalText.Markup(document.DocumentId), TerminalText.Markup(document.Subject ?? "") + recalled, ProtoText.Show(document.SentAt),
                        TerminalText.Markup(document.DocumentId.Split(',')[0]),
                        TerminalText.Markup(document.LatestStatus is null ? "(none yet)" : $"{document.LatestStatus} {document.LatestStatusName}"));
                }
            }
            context.Output.Console.Write(table);
            return ExitCode.Ok;
        });
        return command;
    }

    private static DateTimeOffset? Day(DateOnly? day) => day is { } d ? new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Local)) : null;
}
