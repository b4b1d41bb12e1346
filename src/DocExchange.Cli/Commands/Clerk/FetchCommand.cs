using System.CommandLine;
using System.Security.Cryptography;
using DocExchange.Cli.Hosting;
using DocExchange.Cli.Output;
using DocExchange.Cli.Output.Views;
using DocExchange.Cli.Validation;
using DocExchange.Core.Files;
using DocExchange.Protocol.V1;
using Spectre.Console;

namespace DocExchange.Cli.Commands.Clerk;

/// <summary>
/// <c>dx fetch DOCID [--out DIR|FILE] [--part ID]</c>: downloads a delivered (or sent) document, every part into a
/// folder, or one part into a file. The client library checks each part's size and SHA-256 as it arrives; dx then
/// hashes the written file again and shows the result.
/// </summary>
public static class FetchCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var documentId = DocumentIds.Validated(new Argument<string>("docid") { Description = "The document id, e.g. \"000.00.00.G22,2026/11/21,7816/VPCP-TTĐT\"." });
        var output = new Option<string?>("--out", "-o")
        {
            Description = "Folder for every part (default: the current folder, created if needed); with --part, a file name may be given instead.",
            HelpName = "DIR|FILE",
        };
        var part = new Option<string?>("--part") { Description = "Fetch only this part (e.g. main, att-1).", HelpName = "ID" };
        var command = new Command("fetch", "Download a document's PDF and attachments, checked against their SHA-256.") { documentId, output, part };
        DxAction.Set(command, globals, async (context, cancellationToken) =>
        {
            string id = context.Get(documentId)!;
            string? target = context.Get(output);
            string? partId = context.Get(part);
            await using var client = await context.ConnectAsync(cancellationToken).ConfigureAwait(false);

            FetchHeader header;
            List<(PartInfo Part, string Path)> files;
            if (partId is null)
            {
                string folder = Path.GetFullPath(target ?? ".");
                if (File.Exists(folder))
                {
                    throw DxException.Usage($"--out: '{folder}' is a file; without --part every part is written into a folder.");
                }
                var fetched = await TransferDisplay.RunAsync(context.Output, "received", p => p,
                    progress => client.FetchAllAsync(id, folder, progress, cancellationToken)).ConfigureAwait(false);
                header = fetched.Header;
                files = header.Parts.Select(p => (p, fetched.Files[p.PartId])).ToList();
            }
            else
            {
                (header, string path) = await FetchPartAsync(context, client, id, partId, target, cancellationToken).ConfigureAwait(false);
                files = [(header.Parts.First(p => p.PartId == partId), path)];
            }

            var results = new List<FetchedFileView>();
            foreach (var (info, path) in files)
            {
                results.Add(await CheckAsync(info, path, cancellationToken).ConfigureAwait(false));
            }
            Show(context.Output, new FetchView(id, header.Header?.Subject, results, SignatureView.From(header.Validation)));
            return results.All(r => r.Verified) ? ExitCode.Ok : ExitCode.Rejected;
        });
        return command;
    }

    private static async Task<(FetchHeader, string)> FetchPartAsync(
        CommandContext context, Client.DocExchangeClient client, string id, string partId, string? target, CancellationToken cancellationToken)
    {
        string full = Path.GetFullPath(target ?? ".");
        bool intoFolder = target is null || Directory.Exists(full) || target.EndsWith('/') || target.EndsWith(Path.DirectorySeparatorChar);
        if (!intoFolder)
        {
            var header = await TransferDisplay.RunAsync(context.Output, "received", p => Path.GetFileName(full),
                progress => client.FetchAsync(id, full, partId, progress, cancellationToken)).ConfigureAwait(false);
            return (header, full);
        }
        // The part's own file name is known only from the header: fetch beside it, then give it that name. A folder
        // created here is removed again if the fetch is refused or fails.
        using var folder = OutputFolder.Create(full);
        string temporary = Path.Combine(folder.Path, $".dx-fetch-{Guid.NewGuid():N}.partial");
        try
        {
            var header = await TransferDisplay.RunAsync(context.Output, "received", p => p,
                progress => client.FetchAsync(id, temporary, partId, progress, cancellationToken)).ConfigureAwait(false);
            int index = header.Parts.ToList().FindIndex(p => p.PartId == partId);
            string path = SafeFileName.PathInside(folder.Path, PartFileNames.Of(header.Parts[index].FileName, partId, index + 1));
            File.Move(temporary, path, overwrite: true);
            folder.Keep();
            return (header, path);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Hashes the written file: the proof shown to the clerk is taken from the disk, not from memory.</summary>
    private static async Task<FetchedFileView> CheckAsync(PartInfo part, string path, CancellationToken cancellationToken)
    {
        byte[] actual;
        long size;
        await using (var stream = File.OpenRead(path))
        {
            size = stream.Length;
            actual = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        }
        string? expected = ProtoText.Hex(part.Sha256);
        bool verified = expected is not null && expected == Convert.ToHexStringLower(actual) && size == part.Size;
        return new FetchedFileView(part.PartId, part.FileName, path, size, Convert.ToHexStringLower(actual), expected, verified);
    }

    private static void Show(CliOutput output, FetchView fetched)
    {
        if (output.Json)
        {
            output.WriteJson(fetched);
            return;
        }
        foreach (var file in fetched.Files)
        {
            if (file.Verified)
            {
                output.Success($"{file.Path} ({ProtoText.Size(file.Size)}): SHA-256 {file.Sha256} matches the sender's.");
            }
            else
            {
                output.Failure($"{file.Path}: SHA-256 {file.Sha256} does not match the sender's {file.ExpectedSha256 ?? "(none given)"}.");
            }
        }
        output.Console.WriteLine(fetched.Signatures.Count == 0
            ? "The main PDF carries no signature."
            : TerminalText.Plain("Signatures: " + string.Join("; ", fetched.Signatures.Select(s => $"{s.FieldName}: {s.Indication}{(s.Signer is null ? "" : $" ({s.Signer})")}"))));
    }

    private sealed record FetchView(string DocumentId, string? Subject, IReadOnlyList<FetchedFileView> Files, IReadOnlyList<SignatureView> Signatures);

    private sealed record FetchedFileView(string PartId, string FileName, string Path, long Size, string Sha256, string? ExpectedSha256, bool Verified);
}
