using System.IO.Compression;
using System.Text;
using System.Xml;
using DocExchange.EdXml.Model;
using DocExchange.EdXml.Signatures;

namespace DocExchange.EdXml.Writing;

/// <summary>
/// Writes edXML packages (QCVN 102:2016): the envelope built and, when a signer is given, signed in memory (it is
/// small), then the attachments streamed from their sources and base64-encoded on the fly, line by line.
/// </summary>
public static class EdXmlPackageWriter
{
    public static async Task WriteDocumentAsync(
        Stream output,
        EdXmlMessageHeader header,
        IReadOnlyList<EdXmlOutgoingAttachment> attachments,
        EdXmlWriterOptions options,
        EdXmlEnvelopeSigner? signer,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(attachments);
        HeaderRules.Check(header, attachments.Select(a => a.Reference).ToList());
        var envelope = EnvelopeWriter.ForDocument(header, attachments.Select(a => a.Reference).ToList(), options);
        signer?.Sign(envelope);
        await WriteAsync(output, envelope, attachments, options, cancellationToken).ConfigureAwait(false);
    }

    public static async Task WriteStatusAsync(Stream output, EdXmlStatus status, EdXmlWriterOptions options, EdXmlEnvelopeSigner? signer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(status);
        HeaderRules.Check(status);
        var envelope = EnvelopeWriter.ForStatus(status, options);
        signer?.Sign(envelope);
        await WriteAsync(output, envelope, [], options, cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteAsync(Stream output, XmlDocument envelope, IReadOnlyList<EdXmlOutgoingAttachment> attachments, EdXmlWriterOptions options, CancellationToken ct)
    {
        if (options.Base64LineLength <= 0 || options.Base64LineLength % 4 != 0)
            throw new ArgumentException("Base64LineLength must be a positive multiple of 4.", nameof(options));
        var settings = new XmlWriterSettings
        {
            Async = true,
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            Indent = false,
            NewLineHandling = NewLineHandling.None,
            CloseOutput = false,
        };
        var xml = XmlWriter.Create(output, settings);
        await using (xml.ConfigureAwait(false))
        {
            await xml.WriteStartDocumentAsync().ConfigureAwait(false);
            await xml.WriteStartElementAsync(EdXmlNames.Prefix, EdXmlNames.Root, EdXmlNames.Namespace).ConfigureAwait(false);
            await xml.WriteAttributeStringAsync("xmlns", EdXmlNames.Prefix, null, EdXmlNames.Namespace).ConfigureAwait(false);
            await xml.WriteRawAsync(Serialize(envelope)).ConfigureAwait(false);
            if (attachments.Count > 0)
            {
                await xml.WriteStartElementAsync(EdXmlNames.Prefix, EdXmlNames.AttachmentEncoded, EdXmlNames.Namespace).ConfigureAwait(false);
                foreach (var attachment in attachments)
                {
                    ct.ThrowIfCancellationRequested();
                    await xml.WriteStartElementAsync(EdXmlNames.Prefix, "Attachment", EdXmlNames.Namespace).ConfigureAwait(false);
                    var id = (options.AttachmentContentIdWithCid ? EdXmlNames.CidPrefix : string.Empty) + attachment.Reference.ContentId;
                    await xml.WriteElementStringAsync(EdXmlNames.Prefix, "ContentId", EdXmlNames.Namespace, id).ConfigureAwait(false);
                    await xml.WriteStartElementAsync(EdXmlNames.Prefix, "ContentTransferEncoded", EdXmlNames.Namespace).ConfigureAwait(false);
                    await WriteContentAsync(xml, attachment, options, ct).ConfigureAwait(false);
                    await xml.WriteEndElementAsync().ConfigureAwait(false);
                    await xml.WriteEndElementAsync().ConfigureAwait(false);
                }
                await xml.WriteEndElementAsync().ConfigureAwait(false);
            }
            await xml.WriteEndElementAsync().ConfigureAwait(false);
            await xml.WriteEndDocumentAsync().ConfigureAwait(false);
            await xml.FlushAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The envelope as text, with carriage returns and tabs in values kept as character references.</summary>
    private static string Serialize(XmlDocument envelope)
    {
        var text = new StringBuilder();
        using (var writer = XmlWriter.Create(text, new XmlWriterSettings { OmitXmlDeclaration = true, Indent = false, NewLineHandling = NewLineHandling.Entitize }))
        {
            envelope.DocumentElement!.WriteTo(writer);
        }
        return text.ToString();
    }

    private static async Task WriteContentAsync(XmlWriter xml, EdXmlOutgoingAttachment attachment, EdXmlWriterOptions options, CancellationToken ct)
    {
        string? staged = null;
        try
        {
            var source = await attachment.OpenAsync(ct).ConfigureAwait(false);
            if (options.ZipAttachments)
            {
                await using (source.ConfigureAwait(false))
                {
                    staged = await ZipAsync(source, attachment.Reference.AttachmentName, options, ct).ConfigureAwait(false);
                }
                source = new FileStream(staged, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
            }
            await using (source.ConfigureAwait(false))
            {
                await Base64Lines.WriteAsync(xml, source, options.Base64LineLength, ct).ConfigureAwait(false);
            }
        }
        finally
        {
            if (staged is not null) File.Delete(staged);
        }
    }

    private static async Task<string> ZipAsync(Stream source, string entryName, EdXmlWriterOptions options, CancellationToken ct)
    {
        var path = Path.Combine(options.TempDirectory ?? Path.GetTempPath(), $"edxml-{Guid.NewGuid():N}.zip");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, useAsync: true);
        var archive = await ZipArchive.CreateAsync(file, ZipArchiveMode.Create, leaveOpen: false, entryNameEncoding: Encoding.UTF8, ct).ConfigureAwait(false);
        await using (archive.ConfigureAwait(false))
        {
            var entry = archive.CreateEntry(entryName, CompressionLevel.Optimal);
            var target = await entry.OpenAsync(ct).ConfigureAwait(false);
            await using (target.ConfigureAwait(false))
            {
                await source.CopyToAsync(target, ct).ConfigureAwait(false);
            }
        }
        return path;
    }
}
