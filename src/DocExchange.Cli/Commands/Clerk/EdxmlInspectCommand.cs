using System.CommandLine;
using System.Security.Cryptography;
using DocExchange.Cli.Hosting;
using DocExchange.Cli.Output;
using DocExchange.Cli.Output.Views;
using DocExchange.Cli.Validation;
using DocExchange.EdXml;
using DocExchange.EdXml.Reading;
using DocExchange.EdXml.Signatures;

namespace DocExchange.Cli.Commands.Clerk;

/// <summary>
/// <c>dx edxml inspect FILE</c>: reads an edXML package offline and shows its header (or status), its attachments and
/// the result of its envelope signature. Exit 0 when the package reads and its signature is valid or absent, 1 when
/// the package is refused or its signature is invalid.
/// </summary>
public static class EdxmlInspectCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var file = ExistingFile.Required(new Argument<FileInfo>("file") { Description = "The edXML package." });
        var zipped = new Option<bool>("--zipped")
        {
            Description = "The producer zips each attachment before base64 (not confirmed by QCVN 102:2016; see docs/EDXML.md).",
            Arity = ArgumentArity.Zero,
        };
        var command = new Command("inspect", "Show an edXML package: its header or status, its attachments and its envelope signature.") { file, zipped };
        DxAction.Set(command, globals, (context, ct) => RunAsync(context.Output, context.Get(file)!, context.Get(zipped), ct));
        return command;
    }

    private static async Task<ExitCode> RunAsync(CliOutput output, FileInfo file, bool zipped, CancellationToken ct)
    {
        var input = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
        await using (input.ConfigureAwait(false))
        {
            EdXml.Model.EdXmlPackage package;
            try
            {
                package = await EdXmlPackageReader.ReadAsync(input, new EdXmlReaderOptions { AttachmentsZipped = zipped }, ct).ConfigureAwait(false);
            }
            catch (EdXmlException e)
            {
                throw DxException.Rejected($"{file.FullName} is refused as an edXML package: {e.Message}");
            }
            await using (package.ConfigureAwait(false))
            {
                var attachments = new List<EdxmlAttachmentView>();
                foreach (var attachment in package.Attachments)
                {
                    var content = attachment.OpenRead();
                    await using (content.ConfigureAwait(false))
                    {
                        var sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(content, ct).ConfigureAwait(false));
                        attachments.Add(EdxmlAttachmentView.From(attachment, sha256));
                    }
                }
                var view = EdxmlPackageView.From(file.FullName, package, attachments);
                if (output.Json) output.WriteJson(view);
                else EdxmlPackagePrinter.Show(output, view);
                return package.Signature.Status == EdXmlSignatureStatus.Invalid ? ExitCode.Rejected : ExitCode.Ok;
            }
        }
    }
}
