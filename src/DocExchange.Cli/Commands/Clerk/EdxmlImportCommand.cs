using System.CommandLine;
using DocExchange.Cli.Hosting;
using DocExchange.Cli.Output;
using DocExchange.Cli.Output.Views;
using DocExchange.Cli.Validation;
using DocExchange.Client;
using Spectre.Console;

namespace DocExchange.Cli.Commands.Clerk;

/// <summary>
/// <c>dx edxml import FILE [--message-id ID]</c>: sends an edXML package as the caller's agency (the server treats it
/// as <c>dx send</c> would), shows the upload and prints the document id, with the envelope signature's verdict.
/// </summary>
public static class EdxmlImportCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var file = ExistingFile.Required(new Argument<FileInfo>("file") { Description = "The edXML package; its first manifest Reference is the main PDF." });
        var messageId = new Option<string?>("--message-id")
        {
            Description = "Idempotency key (default: derived from the package's SHA-256, so importing the same file again returns the first result).",
            HelpName = "ID",
        };
        var command = new Command("import", "Send an edXML package to the agencies it names (edXML To).") { file, messageId };
        DxAction.Set(command, globals, async (context, cancellationToken) =>
        {
            var package = context.Get(file)!;
            await using var client = await context.ConnectAsync(cancellationToken).ConfigureAwait(false);
            var sent = await TransferDisplay.RunAsync(context.Output, "sent", _ => package.Name,
                progress => client.SendPackageAsync(package.FullName, context.Get(messageId), progress, cancellationToken)).ConfigureAwait(false);
            var view = new EdxmlImportView(SendCommand.SendView.From(sent, context.Get(messageId) ?? "(derived from the package)"),
                EnvelopeSignatureView.From(sent.Validation?.EnvelopeSignature));
            if (context.Output.Json)
            {
                context.Output.WriteJson(view);
                return ExitCode.Ok;
            }
            context.Output.Console.WriteLine(TerminalText.Plain($"Envelope signature: {view.EnvelopeSignature?.Describe() ?? "not checked (a repeat of an earlier import)"}"));
            SendCommand.Show(context.Output, view.Sent);
            return ExitCode.Ok;
        });
        return command;
    }

    private sealed record EdxmlImportView(SendCommand.SendView Sent, EnvelopeSignatureView? EnvelopeSignature);
}
