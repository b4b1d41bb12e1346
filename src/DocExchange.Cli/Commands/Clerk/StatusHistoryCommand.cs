using System.CommandLine;
using DocExchange.Cli.Hosting;
using DocExchange.Cli.Output;
using DocExchange.Cli.Output.Views;
using DocExchange.Cli.Validation;

namespace DocExchange.Cli.Commands.Clerk;

/// <summary><c>dx status history DOCID [--recipient CODE]</c>: every status of a document, per recipient, oldest first.</summary>
public static class StatusHistoryCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var documentId = DocumentIds.Validated(new Argument<string>("docid") { Description = "The document id." });
        var recipient = AgencyCodes.Validated(new Option<string?>("--recipient") { Description = "Only this recipient's statuses.", HelpName = "CODE" });
        var command = new Command("history", "Show every status posted about a document.") { documentId, recipient };
        DxAction.Set(command, globals, async (context, cancellationToken) =>
        {
            string id = context.Get(documentId)!;
            await using var client = await context.ConnectAsync(cancellationToken).ConfigureAwait(false);
            var statuses = await client.GetStatusHistoryAsync(id, context.Get(recipient), cancellationToken).ConfigureAwait(false);
            StatusTable.Write(context.Output, statuses.Select(StatusView.From).ToList(), $"No status has been posted for {id} yet.");
            return ExitCode.Ok;
        });
        return command;
    }
}
