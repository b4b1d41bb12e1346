using System.CommandLine;
using DocExchange.Cli.Hosting;
using DocExchange.Cli.Output;
using DocExchange.Cli.Output.Views;
using DocExchange.Cli.Validation;
using DocExchange.Client;
using DocExchange.Protocol.V1;
using Spectre.Console;

namespace DocExchange.Cli.Commands.Clerk;

/// <summary>
/// <c>dx send FILE --to CODE[,CODE…] --number N --notation X --subject "…" […]</c>: sends the signed PDF (and its
/// attachments) as the caller's agency, shows the upload, and prints the document id the server assigned.
/// </summary>
public static class SendCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var file = ExistingFile.Required(new Argument<FileInfo>("file") { Description = "The main document: the signed PDF." });
        var to = AgencyCodes.ValidatedList(new Option<string[]>("--to")
        {
            Description = "Recipient agency codes, comma-separated or repeated, e.g. 000.00.00.H41,000.00.00.G12.",
            HelpName = "CODE[,CODE…]",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
        });
        var number = new Option<string>("--number") { Description = "The document number (số), e.g. 7816.", HelpName = "N", Required = true };
        var notation = new Option<string>("--notation") { Description = "The notation (ký hiệu), e.g. VPCP-TTĐT.", HelpName = "X", Required = true };
        var subject = new Option<string>("--subject") { Description = "The subject (trích yếu).", HelpName = "TEXT", Required = true };
        var type = new Option<string?>("--type") { Description = "The document type name, e.g. \"Công văn\".", HelpName = "NAME" };
        var typeCode = new Option<int>("--type-code") { Description = "The edXML document type code that goes with --type.", HelpName = "N", DefaultValueFactory = _ => 1 };
        var attach = ExistingFile.Required(new Option<FileInfo[]>("--attach")
        {
            Description = "An attachment (repeat for several).",
            HelpName = "FILE",
            AllowMultipleArgumentsPerToken = true,
        });
        var priority = new Option<Priority?>("--priority")
        {
            Description = $"The priority: {PriorityText.Help}.",
            HelpName = "PRIORITY",
            CustomParser = result => PriorityText.Parse(result),
        };
        var due = new Option<DateOnly?>("--due") { Description = "The date by which the recipients must handle it (yyyy/MM/dd).", HelpName = "DATE", CustomParser = DateText.Parse };
        var date = new Option<DateOnly?>("--date")
        {
            Description = "The promulgation date (yyyy/MM/dd), part of the document id; default: today.",
            HelpName = "DATE",
            CustomParser = DateText.Parse,
        };
        var place = new Option<string?>("--place") { Description = "The promulgation place, e.g. Hà Nội (with --date).", HelpName = "PLACE" };
        var signer = new Option<string?>("--signer") { Description = "Who signed it: full name.", HelpName = "NAME" };
        var position = new Option<string?>("--position") { Description = "The signer's position, e.g. Bộ trưởng (with --signer).", HelpName = "TEXT" };
        var replaces = DocumentIds.Validated(new Option<string?>("--replaces") { Description = "The id of a document you sent that this one replaces.", HelpName = "DOCID" });
        var messageId = new Option<string?>("--message-id")
        {
            Description = "Idempotency key: sending again with the same id returns the first result instead of a second document.",
            HelpName = "ID",
        };

        var command = new Command("send", "Send a signed PDF (and attachments) to one or more agencies.")
        {
            file, to, number, notation, subject, type, typeCode, attach, priority, due, date, place, signer, position, replaces, messageId,
        };
        DxAction.Set(command, globals, async (context, cancellationToken) =>
        {
            var metadata = new DocumentMetadataBuilder()
                .To([.. AgencyCodes.SplitList(context.Get(to))])
                .Code(context.Get(number) ?? "", context.Get(notation) ?? "")
                .Subject(context.Get(subject) ?? "");
            if (context.Get(type) is { } typeName)
            {
                metadata.Type(context.Get(typeCode), typeName);
            }
            if (context.Get(priority) is { } chosenPriority)
            {
                metadata.Priority(chosenPriority);
            }
            if (context.Get(due) is { } dueDate)
            {
                metadata.DueDate(dueDate);
            }
            if (context.Get(date) is { } promulgated)
            {
                metadata.Promulgation(context.Get(place), promulgated);
            }
            else if (context.Get(place) is not null)
            {
                throw DxException.Usage("--place goes with --date (the promulgation date and place).");
            }
            if (context.Get(signer) is { } signerName)
            {
                metadata.Signer(signerName, context.Get(position));
            }
            if (context.Get(replaces) is { } replaced)
            {
                metadata.Replaces(replaced);
            }

            var main = context.Get(file)!;
            var document = new OutgoingDocumentBuilder(metadata).MainDocument(main.FullName);
            var names = new Dictionary<string, string> { [OutgoingDocumentBuilder.MainPartId] = main.Name };
            foreach (var attachment in context.Get(attach) ?? [])
            {
                string partId = $"att-{names.Count}";
                document.Attach(attachment.FullName, partId: partId);
                names[partId] = attachment.Name;
            }
            if (context.Get(messageId) is { } id)
            {
                document.WithMessageId(id);
            }

            await using var client = await context.ConnectAsync(cancellationToken).ConfigureAwait(false);
            var sent = await TransferDisplay.RunAsync(context.Output, "sent", part => names.GetValueOrDefault(part, part),
                progress => client.SendAsync(document, progress, cancellationToken)).ConfigureAwait(false);
            Show(context.Output, SendView.From(sent, document.MessageId));
            return ExitCode.Ok;
        });
        return command;
    }

    /// <summary>The outcome of a send, as <c>dx send</c> and <c>dx edxml import</c> show it.</summary>
    internal static void Show(CliOutput output, SendView sent)
    {
        if (output.Json)
        {
            output.WriteJson(sent);
            return;
        }
        output.Success(sent.Duplicate
            ? $"Already sent with message id {sent.MessageId}: the server returned the first result."
            : $"Sent to {string.Join(", ", sent.Recipients)}.");
        var table = new Table().HideHeaders().AddColumns("", "");
        table.AddRow("Document id", TerminalText.Markup(sent.DocumentId));
        table.AddRow("Accepted at", ProtoText.Show(sent.AcceptedAt));
        table.AddRow("Message id", TerminalText.Markup(sent.MessageId));
        foreach (var part in sent.Parts)
        {
            table.AddRow(TerminalText.Markup(part.PartId), TerminalText.Markup($"{part.FileName}, {ProtoText.Size(part.Size)}, SHA-256 {part.Sha256}"));
        }
        table.AddRow("Signatures", sent.Signatures.Count == 0
            ? "[yellow]none[/] (the main PDF is not signed)"
            : TerminalText.Markup(string.Join("; ", sent.Signatures.Select(s => $"{s.FieldName}: {s.Indication}{(s.Signer is null ? "" : $" ({s.Signer})")}"))));
        output.Console.Write(table);
        // The id alone on the last line, for people to copy.
        output.Console.WriteLine(TerminalText.Plain(sent.DocumentId));
    }

    internal sealed record SendView(
        string DocumentId,
        string MessageId,
        bool Duplicate,
        DateTimeOffset? AcceptedAt,
        IReadOnlyList<string> Recipients,
        IReadOnlyList<PartView> Parts,
        IReadOnlyList<SignatureView> Signatures)
    {
        public static SendView From(SendResponse sent, string messageId) => new(
            sent.DocumentId,
            messageId,
            sent.Duplicate,
            ProtoText.Time(sent.AcceptedAt),
            sent.Recipients.ToList(),
            sent.Parts.Select(PartView.From).ToList(),
            SignatureView.From(sent.Validation));
    }
}
