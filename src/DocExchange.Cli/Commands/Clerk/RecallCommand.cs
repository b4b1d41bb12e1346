using System.CommandLine;
using DocExchange.Cli.Hosting;
using DocExchange.Cli.Output;
using DocExchange.Cli.Output.Views;
using DocExchange.Cli.Validation;

namespace DocExchange.Cli.Commands.Clerk;

/// <summary>
/// <c>dx recall DOCID --reason …</c>: asks the recipients of a document the caller sent to give it back (status 13,
/// Nghị định 30/2020 Art. 18.4b); they answer 15 (agree) or 16 (refuse).
/// </summary>
public static class RecallCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var documentId = DocumentIds.Validated(new Argument<string>("docid") { Description = "The id of a document you sent." });
        var reason = new Option<string>("--reason") { Description = "Why it is recalled; the recipients see it.", HelpName = "TEXT", Required = true };
        var command = new Command("recall", "Ask the recipients of a document you sent to give it back (13); they answer 15 or 16.") { documentId, reason };
        DxAction.Set(command, globals, async (context, cancellationToken) =>
        {
            string? why = context.Get(reason);
            if (string.IsNullOrWhiteSpace(why))
            {
                throw DxException.Usage("--reason must say why the document is recalled.");
            }
            await using var client = await context.ConnectAsync(cancellationToken).ConfigureAwait(false);
            var requests = await client.RecallAsync(context.Get(documentId)!, why, cancellationToken: cancellationToken).ConfigureAwait(false);
            var views = requests.Select(StatusView.From).ToList();
            if (context.Output.Json)
            {
                context.Output.WriteJson(views);
                return ExitCode.Ok;
            }
            context.Output.Success($"Recall requested from {string.Join(", ", views.Select(v => v.Recipient))}; follow the answers with 'dx status watch'.");
            StatusTable.Write(context.Output, views, "");
            return ExitCode.Ok;
        });
        return command;
    }
}
