using System.CommandLine;
using DocExchange.Cli.Hosting;
using DocExchange.Cli.Output;
using DocExchange.Cli.Validation;
using DocExchange.Client;
using DocExchange.Core.Files;
using Spectre.Console;

namespace DocExchange.Cli.Commands.Clerk;

/// <summary>
/// <c>dx edxml export DOCID -o FILE</c>: writes a sent or received document as an edXML package (signed by the sending
/// agency's seal when the server holds it); <c>--statuses -o DIR</c> writes its statuses as edXML status packages.
/// </summary>
public static class EdxmlExportCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var documentId = DocumentIds.Validated(new Argument<string>("docid") { Description = "The document id, e.g. \"000.00.00.G22,2026/11/21,7816/VPCP-TTĐT\"." });
        var output = new Option<string>("--out", "-o")
        {
            Description = "The package file to write (replaced); with --statuses, the folder for the status packages.",
            HelpName = "FILE|DIR",
            Required = true,
        };
        var statuses = new Option<bool>("--statuses") { Description = "Export the document's statuses (one package each) instead of the document.", Arity = ArgumentArity.Zero };
        var command = new Command("export", "Write a document, or its statuses, as edXML packages.") { documentId, output, statuses };
        DxAction.Set(command, globals, async (context, cancellationToken) =>
        {
            string id = context.Get(documentId)!;
            string target = Path.GetFullPath(context.Get(output)!);
            await using var client = await context.ConnectAsync(cancellationToken).ConfigureAwait(false);
            var written = context.Get(statuses)
                ? await ExportStatusesAsync(client, id, target, cancellationToken).ConfigureAwait(false)
                : [await ExportDocumentAsync(context.Output, client, id, target, cancellationToken).ConfigureAwait(false)];
            if (context.Output.Json)
            {
                context.Output.WriteJson(new EdxmlExportView(id, written));
                return ExitCode.Ok;
            }
            context.Output.Success(written.Count == 0 ? $"Document {id} has no status yet: nothing written." : $"Wrote {written.Count} edXML package(s) of {id}.");
            foreach (var path in written)
            {
                context.Output.Console.WriteLine(TerminalText.Plain(path));
            }
            return ExitCode.Ok;
        });
        return command;
    }

    /// <summary>Into a temporary file beside the target, moved into place once complete: a failed export leaves no partial package.</summary>
    private static async Task<string> ExportDocumentAsync(CliOutput output, DocExchangeClient client, string id, string target, CancellationToken cancellationToken)
    {
        if (Directory.Exists(target))
        {
            throw DxException.Usage($"--out: '{target}' is a folder; give the package's file name.");
        }
        var temporary = Path.Combine(Path.GetDirectoryName(target)!, $".dx-edxml-{Guid.NewGuid():N}.partial");
        try
        {
            var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, useAsync: true);
            await using (file.ConfigureAwait(false))
            {
                await TransferDisplay.RunAsync(output, "received", _ => Path.GetFileName(target), async progress =>
                {
                    await client.FetchPackageAsync(id, file, progress, cancellationToken).ConfigureAwait(false);
                    return true;
                }).ConfigureAwait(false);
            }
            File.Move(temporary, target, overwrite: true);
            return target;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static async Task<IReadOnlyList<string>> ExportStatusesAsync(DocExchangeClient client, string id, string folder, CancellationToken cancellationToken)
    {
        if (File.Exists(folder))
        {
            throw DxException.Usage($"--out: '{folder}' is a file; with --statuses give a folder.");
        }
        var packages = await client.FetchStatusPackagesAsync(id, cancellationToken: cancellationToken).ConfigureAwait(false);
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        foreach (var package in packages)
        {
            var path = SafeFileName.PathInside(folder, StatusPackageFileNames.Of(package.Sequence, package.Recipient));
            await File.WriteAllBytesAsync(path, package.Package.ToByteArray(), cancellationToken).ConfigureAwait(false);
            written.Add(path);
        }
        return written;
    }

    private sealed record EdxmlExportView(string DocumentId, IReadOnlyList<string> Files);
}
