using System.CommandLine;
using DocExchange.Cli.Hosting;
using DocExchange.Cli.Output;
using DocExchange.Cli.Output.Views;
using DocExchange.Cli.Validation;
using DocExchange.Protocol.V1;

namespace DocExchange.Cli.Commands.Clerk;

/// <summary><c>dx status post DOCID CODE [--description …]</c>: a recipient reports how it handles a document.</summary>
public static class StatusPostCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var documentId = DocumentIds.Validated(new Argument<string>("docid") { Description = "The document id, as delivered." });
        var code = new Argument<ProcessingStatusCode>("code")
        {
            Description = $"The edXML status: {StatusCodes.Help}.",
            CustomParser = StatusCodes.Parse,
        };
        var description = new Option<string?>("--description", "-d") { Description = "Free text; the reason, for 02.", HelpName = "TEXT" };
        var staff = new Option<string?>("--staff") { Description = "Who handles the document.", HelpName = "NAME" };
        var department = new Option<string?>("--department") { Description = "The department handling the document.", HelpName = "NAME" };
        var command = new Command("post", "Post a status about a document delivered to your agency (01 arrived, 03 accepted, 06 done…).")
        {
            documentId, code, description, staff, department,
        };
        DxAction.Set(command, globals, async (context, cancellationToken) =>
        {
            var status = context.Get(code);
            string? text = context.Get(description);
            if (status == ProcessingStatusCode.Rejected && string.IsNullOrWhiteSpace(text))
            {
                throw DxException.Usage("status 02 (rejected) needs the reason: add --description \"…\".");
            }
            StaffInfo? who = context.Get(staff) is null && context.Get(department) is null
                ? null
                : new StaffInfo { Staff = context.Get(staff) ?? "", Department = context.Get(department) ?? "" };
            await using var client = await context.ConnectAsync(cancellationToken).ConfigureAwait(false);
            var posted = await client.PostStatusAsync(context.Get(documentId)!, status, text, who, cancellationToken: cancellationToken).ConfigureAwait(false);
            Show(context.Output, StatusView.From(posted));
            return ExitCode.Ok;
        });
        return command;
    }

    internal static void Show(CliOutput output, StatusView status)
    {
        if (output.Json)
        {
            output.WriteJson(status);
            return;
        }
        output.Success($"Posted {status.Code} ({status.Status}) for {status.DocumentId}; the sender sees it now.");
    }
}
