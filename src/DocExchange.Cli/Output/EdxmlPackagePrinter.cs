using DocExchange.Cli.Output.Views;
using Spectre.Console;

namespace DocExchange.Cli.Output;

/// <summary>An edXML package for people: the header or status as a grid, the attachments as a table, the signature verdict.</summary>
public static class EdxmlPackagePrinter
{
    public static void Show(CliOutput output, EdxmlPackageView view)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(view);
        var fields = new Grid().AddColumn().AddColumn();
        Row(fields, "File", view.File);
        Row(fields, "Format", $"{view.Format} {view.Kind} package");
        if (view.Header is { } h)
        {
            Row(fields, "From", h.From);
            Row(fields, "To", string.Join(", ", h.To));
            Row(fields, "Document id", h.DocumentId);
            Row(fields, "Number", h.Code);
            Row(fields, "Subject", h.Subject);
            Row(fields, "Type", h.Type);
            Row(fields, "Promulgated", h.PromulgationDate);
            Row(fields, "Due", h.DueDate);
            Row(fields, "Priority", h.Priority.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Row(fields, "Signer", h.Signer);
            Row(fields, "Business", h.Business);
            Row(fields, "Route", $"{h.TraceHops} hop(s)");
        }
        if (view.Status is { } s)
        {
            Row(fields, "Document id", s.DocumentId);
            Row(fields, "Reported by", s.From);
            Row(fields, "Status", s.Code);
            Row(fields, "Description", s.Description);
            Row(fields, "Time", s.Timestamp.ToString("yyyy-MM-dd HH:mm:ss zzz", System.Globalization.CultureInfo.InvariantCulture));
        }
        output.Console.Write(fields);
        if (view.Attachments.Count > 0)
        {
            var table = new Table().AddColumns("Content id", "Name", "Type", "Size", "SHA-256");
            foreach (var a in view.Attachments)
            {
                table.AddRow(TerminalText.Markup(a.ContentId), TerminalText.Markup(a.Name), TerminalText.Markup(a.ContentType),
                    a.Size.ToString(System.Globalization.CultureInfo.InvariantCulture), a.Sha256);
            }
            output.Console.Write(table);
        }
        else
        {
            output.Console.WriteLine("No attachments.");
        }
        switch (view.Signature.Result)
        {
            case "valid":
                output.Success($"Envelope signature valid, by {view.Signature.Signer} ({view.Signature.Thumbprint}){(view.Signature.CoversManifest ? ", covering the header and the manifest" : ", covering the header")}; check that this certificate is trusted for the sender.");
                break;
            case "invalid":
                output.Failure($"Envelope signature invalid: {view.Signature.Reason}");
                break;
            default:
                output.Console.WriteLine("The envelope is not signed.");
                break;
        }
    }

    private static void Row(Grid grid, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value)) grid.AddRow(new Markup($"[bold]{name}[/]"), new Markup(TerminalText.Markup(value)));
    }
}
