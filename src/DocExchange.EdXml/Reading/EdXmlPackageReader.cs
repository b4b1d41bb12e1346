using System.Xml;
using DocExchange.EdXml.Model;
using DocExchange.EdXml.Signatures;

namespace DocExchange.EdXml.Reading;

/// <summary>
/// Reads an edXML package from a stream, forward only: the envelope (small) into a DOM within the limits, the
/// attachments decoded from base64 on the fly into temporary files. The XML reader refuses DTDs (and so external
/// entities and entity expansion) and resolves nothing. Every refusal is an <see cref="EdXmlException"/>.
/// </summary>
public static class EdXmlPackageReader
{
    public static async Task<EdXmlPackage> ReadAsync(Stream input, EdXmlReaderOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        var folder = CreatePrivateFolder(options.TempDirectory ?? Path.GetTempPath());
        try
        {
            return await ReadAsync(input, options, folder, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            TryDelete(folder);
            throw;
        }
    }

    public static XmlReaderSettings SecureSettings(EdXmlReaderOptions options) => new()
    {
        Async = true,
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = options.MaxDocumentCharacters,
        MaxCharactersFromEntities = 1024,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = false,
        CheckCharacters = true,
        CloseInput = false,
    };

    private static async Task<EdXmlPackage> ReadAsync(Stream input, EdXmlReaderOptions options, string folder, CancellationToken ct)
    {
        using var reader = XmlReader.Create(input, SecureSettings(options));
        var limits = new ReadLimits(options);
        try
        {
            await reader.MoveToContentAsync().ConfigureAwait(false);
            if (reader.NodeType != XmlNodeType.Element) throw EdXmlException.Missing(EdXmlNames.Root);
            if (reader.NamespaceURI == EdXmlNames.LegacyNamespace && reader.LocalName == EdXmlNames.LegacyEnvelope)
            {
                return await ReadLegacyAsync(reader, limits, folder, ct).ConfigureAwait(false);
            }
            if (reader.NamespaceURI != EdXmlNames.Namespace)
                throw EdXmlException.Invalid(reader.LocalName, $"is in namespace '{reader.NamespaceURI}'; expected {EdXmlNames.Namespace} (or the legacy {EdXmlNames.LegacyNamespace} {EdXmlNames.LegacyEnvelope})");
            if (reader.LocalName != EdXmlNames.Root)
                throw EdXmlException.Invalid(reader.LocalName, $"is not an edXML package: the root element must be {EdXmlNames.Root}");
            limits.Element(reader);
            if (reader.IsEmptyElement) throw EdXmlException.Missing($"{EdXmlNames.Root}/{EdXmlNames.Envelope}");
            await reader.ReadAsync().ConfigureAwait(false);

            ParsedEnvelope? envelope = null;
            var decoded = new Dictionary<string, (string Path, long Length)>(StringComparer.Ordinal);
            var attachmentsSeen = false;
            while (reader.NodeType != XmlNodeType.EndElement)
            {
                if (reader.NodeType == XmlNodeType.Element)
                {
                    var path = $"{EdXmlNames.Root}/{reader.LocalName}";
                    if (reader.NamespaceURI != EdXmlNames.Namespace)
                        throw EdXmlException.Invalid(path, $"is in namespace '{reader.NamespaceURI}'; expected {EdXmlNames.Namespace}");
                    if (reader.LocalName == EdXmlNames.Envelope && envelope is null && !attachmentsSeen)
                    {
                        var element = await EnvelopeLoader.LoadAsync(reader, limits, EdXmlNames.Namespace, ct).ConfigureAwait(false);
                        envelope = new EnvelopeParser(EdXmlNames.Namespace, options.BusinessSpelling).Parse(element, EdXmlNames.Envelope);
                        continue;
                    }
                    if (reader.LocalName == EdXmlNames.AttachmentEncoded && envelope is not null && !attachmentsSeen)
                    {
                        attachmentsSeen = true;
                        await AttachmentDecoder.ReadAllAsync(reader, limits, folder, decoded, ct).ConfigureAwait(false);
                        continue;
                    }
                    throw reader.LocalName is EdXmlNames.Envelope or EdXmlNames.AttachmentEncoded
                        ? EdXmlException.Invalid(path, $"is out of place: a package holds one {EdXmlNames.Envelope} followed by at most one {EdXmlNames.AttachmentEncoded}")
                        : EdXmlException.NotSupported(path, "the element has no place in the edXML mapping (docs/EDXML.md)");
                }
                if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA)
                    throw EdXmlException.Invalid(EdXmlNames.Root, "holds text outside its elements");
                if (!await reader.ReadAsync().ConfigureAwait(false)) break;
            }
            if (envelope is null) throw EdXmlException.Missing($"{EdXmlNames.Root}/{EdXmlNames.Envelope}");
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                // Only whitespace, comments or instructions may follow the root; the reader refuses anything else.
            }
            return Assemble(EdXmlFormat.Qcvn102, envelope, decoded, folder);
        }
        catch (XmlException e)
        {
            throw Malformed(e);
        }
    }

    private static async Task<EdXmlPackage> ReadLegacyAsync(XmlReader reader, ReadLimits limits, string folder, CancellationToken ct)
    {
        if (!limits.Options.AcceptLegacyEnvelope)
            throw EdXmlException.NotSupported(EdXmlNames.LegacyEnvelope, $"the legacy {EdXmlNames.LegacyNamespace} envelope is turned off (AcceptLegacyEnvelope)");
        // The legacy envelope is read when it holds the same header and manifest names in its own namespace; any
        // other element is refused as not supported, naming it. It carries no attachments in this mapping.
        var element = await EnvelopeLoader.LoadAsync(reader, limits, EdXmlNames.LegacyNamespace, ct).ConfigureAwait(false);
        var envelope = new EnvelopeParser(EdXmlNames.LegacyNamespace, limits.Options.BusinessSpelling).Parse(element, EdXmlNames.LegacyEnvelope);
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
        }
        return Assemble(EdXmlFormat.LegacyEdoc, envelope, new Dictionary<string, (string, long)>(), folder);
    }

    private static EdXmlPackage Assemble(EdXmlFormat format, ParsedEnvelope envelope, Dictionary<string, (string Path, long Length)> decoded, string folder)
    {
        var attachments = new List<EdXmlReceivedAttachment>();
        foreach (var reference in envelope.Manifest)
        {
            if (!decoded.Remove(reference.ContentId, out var file))
                throw EdXmlException.Invalid($"{EdXmlNames.Manifest}/Reference/ContentId",
                    $"the manifest names attachment '{reference.ContentId}', which the package does not carry in {EdXmlNames.AttachmentEncoded}");
            attachments.Add(new EdXmlReceivedAttachment(reference, file.Path, file.Length));
        }
        if (decoded.Count > 0)
            throw EdXmlException.Invalid($"{EdXmlNames.AttachmentEncoded}/Attachment/ContentId",
                $"the package carries attachment '{decoded.Keys.First()}', which the manifest does not list");
        var signature = EnvelopeSignatureVerifier.Verify(envelope.Signature, envelope.HeaderElement, envelope.BodyElement);
        return new EdXmlPackage(format, envelope.Header, envelope.Status, attachments, signature, folder);
    }

    private static EdXmlException Malformed(XmlException e)
    {
        var where = e.LineNumber > 0 ? $" (line {e.LineNumber}, position {e.LinePosition})" : string.Empty;
        if (e.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase))
            return new EdXmlException(EdXmlErrorKind.Invalid, $"edXML package refused: it declares a DTD{where}; DTDs and entities are not accepted", "DOCTYPE", innerException: e);
        if (e.Message.Contains("MaxCharactersInDocument", StringComparison.Ordinal) || e.Message.Contains("maximum", StringComparison.OrdinalIgnoreCase))
            return new EdXmlException(EdXmlErrorKind.LimitExceeded, $"edXML limit MaxDocumentCharacters exceeded{where}", null, "MaxDocumentCharacters", e);
        return new EdXmlException(EdXmlErrorKind.Invalid, $"edXML package is not well-formed XML{where}: {e.Message}", innerException: e);
    }

    /// <summary>A folder only this user can read: attachments are not for other accounts on the machine.</summary>
    private static string CreatePrivateFolder(string parent)
    {
        var folder = Path.Combine(parent, $"edxml-{Guid.NewGuid():N}");
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(folder);
        else Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return folder;
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
