using System.CommandLine;
using System.Globalization;
using DocExchange.Cli.Hosting;
using DocExchange.Cli.Signatures;
using DocExchange.Signing.Pades;
using DocExchange.Signing.Pdf;
using Spectre.Console;

namespace DocExchange.Cli.Commands.Clerk;

/// <summary>
/// <c>dx fields IN.pdf</c>: the signature fields of a PDF, signed or empty, with their page and rectangle, so that
/// <c>dx sign --field NAME</c> can sign into a box prepared for the signer.
/// </summary>
public static class FieldsCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var input = InputPdf.Argument("The PDF whose signature fields to list.");
        var command = new Command("fields", "List the signature fields of a PDF: the empty ones can be signed with 'dx sign --field NAME'.") { input };
        DxAction.Set(command, globals, (context, ct) => RunAsync(context, context.Get(input)!, ct));
        return command;
    }

    private static async Task<ExitCode> RunAsync(CommandContext context, FileInfo input, CancellationToken ct)
    {
        IReadOnlyList<PdfSignatureFieldInfo> fields;
        await using (var pdf = new FileStream(input.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true))
        {
            try
            {
                fields = PdfSignatureFields.List(pdf, ct);
            }
            catch (PdfFormatException e)
            {
                throw DxException.Rejected($"{input.FullName} is not a PDF that can be read: {e.Message}");
            }
        }
        var views = fields.Select(f => new FieldView(f.Name, f.IsSigned ? "signed" : "empty", f.Page, f.Rect)).ToList();
        if (context.Output.Json)
        {
            context.Output.WriteJson(views);
            return ExitCode.Ok;
        }
        if (views.Count == 0)
        {
            context.Output.Console.WriteLine("No signature fields: 'dx sign' adds one.");
            return ExitCode.Ok;
        }
        var table = new Table().AddColumns("Field", "State", "Page", "Rectangle (x,y,w,h)");
        foreach (var view in views)
        {
            table.AddRow(
                Markup.Escape(view.Name),
                view.State,
                view.Page?.ToString(CultureInfo.InvariantCulture) ?? "-",
                view.Rect is null ? "invisible" : string.Join(",", view.Rect.Select(v => v.ToString("0.##", CultureInfo.InvariantCulture))));
        }
        context.Output.Console.Write(table);
        var empty = views.Where(v => v.State == "empty").Select(v => v.Name).ToList();
        if (empty.Count > 0)
        {
            context.Output.Console.WriteLine($"Sign an empty one with: dx sign {input.Name} --field \"{empty[0]}\" --cert signer.pfx -o OUT.pdf");
        }
        return ExitCode.Ok;
    }

    private sealed record FieldView(string Name, string State, int? Page, IReadOnlyList<double>? Rect);
}
