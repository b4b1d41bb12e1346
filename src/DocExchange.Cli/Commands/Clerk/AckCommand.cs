using System.CommandLine;
using DocExchange.Cli.Hosting;
using DocExchange.Cli.Output.Views;
using DocExchange.Cli.Validation;

namespace DocExchange.Cli.Commands.Clerk;

/// <summary><c>dx ack DOCID</c>: acknowledges a delivery with status 01 (đã đến); until then it is delivered again.</summary>
public static class AckCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var documentId = DocumentIds.Validated(new Argument<string>("docid") { Description = "The document id, as delivered." });
        var command = new Command("ack", "Acknowledge a delivered document (status 01, arrived): it leaves the list of unacknowledged deliveries.")
        {
            documentId,
        };
        DxAction.Set(command, globals, async (context, cancellationToken) =>
        {
            await using var client = await context.ConnectAsync(cancellationToken).ConfigureAwait(false);
            var status = await client.AcknowledgeAsync(context.Get(documentId)!, cancellationToken: cancellationToken).ConfigureAwait(false);
            StatusPostCommand.Show(context.Output, StatusView.From(status));
            return ExitCode.Ok;
        });
        return command;
    }
}
