using System.CommandLine;
using DocExchange.Cli.Hosting;
using DocExchange.Cli.Output;
using DocExchange.Cli.Output.Views;
using DocExchange.Cli.Validation;
using Spectre.Console;

namespace DocExchange.Cli.Commands.Clerk;

/// <summary>
/// <c>dx status watch [--document DOCID] [--after SEQ]</c>: the statuses recipients post about the caller's sent
/// documents, past ones first, then each as it comes, until Ctrl+C. With <c>--json</c>, one JSON object per line.
/// </summary>
public static class StatusWatchCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var document = DocumentIds.Validated(new Option<string?>("--document") { Description = "Only this document's statuses.", HelpName = "DOCID" });
        var after = new Option<long>("--after") { Description = "Only statuses after this sequence number.", HelpName = "SEQ" };
        var command = new Command("watch", "Follow the statuses of the documents you sent, until Ctrl+C.") { document, after };
        DxAction.Set(command, globals, async (context, cancellationToken) =>
        {
            await using var client = await context.ConnectAsync(cancellationToken, endless: true).ConfigureAwait(false);
            if (!context.Output.Json)
            {
                context.Output.Console.WriteLine("Watching statuses; Ctrl+C to stop.");
            }
            try
            {
                await foreach (var status in client.WatchStatusesAsync(context.Get(after), context.Get(document), cancellationToken).ConfigureAwait(false))
                {
                    var view = StatusView.From(status);
                    if (context.Output.Json)
                    {
                        context.Output.WriteJsonLine(view);
                    }
                    else
                    {
                        context.Output.Console.WriteLine(StatusTable.Line(view));
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C ends the watch; nothing went wrong.
            }
            return ExitCode.Ok;
        });
        return command;
    }
}
