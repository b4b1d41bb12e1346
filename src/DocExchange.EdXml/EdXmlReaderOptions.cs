namespace DocExchange.EdXml;

/// <summary>
/// Limits and dialect choices of <see cref="Reading.EdXmlPackageReader"/>. Every limit is refused with an
/// <see cref="EdXmlException"/> of kind <see cref="EdXmlErrorKind.LimitExceeded"/> naming it.
/// </summary>
public sealed record EdXmlReaderOptions
{
    /// <summary>Element nesting depth in the whole package.</summary>
    public int MaxDepth { get; init; } = 32;

    /// <summary>Elements in the whole package (envelope and attachments).</summary>
    public int MaxElements { get; init; } = 20_000;

    /// <summary>Characters of one text field outside the attachments (Subject, Content, …).</summary>
    public int MaxTextLength { get; init; } = 256 * 1024;

    /// <summary>Characters of the envelope (header and manifest) as a whole.</summary>
    public long MaxEnvelopeCharacters { get; init; } = 8L * 1024 * 1024;

    /// <summary>Characters of the whole package, attachments included (XmlReaderSettings.MaxCharactersInDocument).</summary>
    public long MaxDocumentCharacters { get; init; } = 8L * 1024 * 1024 * 1024;

    /// <summary>Attachments in one package.</summary>
    public int MaxAttachments { get; init; } = 1_000;

    /// <summary>Decoded bytes of one attachment (after unzipping, when attachments are zipped).</summary>
    public long MaxAttachmentBytes { get; init; } = 4L * 1024 * 1024 * 1024;

    /// <summary>Characters of one line of base64 in ContentTransferEncoded. Lines are streamed, never held whole.</summary>
    public long MaxBase64LineLength { get; init; } = 1L << 32;

    /// <summary>Whether producers zip each attachment before base64 (unconfirmed in QCVN 102:2016; see docs/EDXML.md).</summary>
    public bool AttachmentsZipped { get; init; }

    /// <summary>Largest ratio of unzipped to zipped size of a zipped attachment (zip bombs).</summary>
    public int MaxCompressionRatio { get; init; } = 200;

    /// <summary>The spelling of the business block's element names: QCVN 102:2016 samples write <c>Bussiness</c>.</summary>
    public string BusinessSpelling { get; init; } = "Bussiness";

    /// <summary>Whether the older <c>http://www.go.vn/eDoc</c> <c>EdXMLEnvelope</c> is read (when it maps without loss).</summary>
    public bool AcceptLegacyEnvelope { get; init; } = true;

    /// <summary>Where decoded attachments are written while the package is in use; the system temp folder when null.</summary>
    public string? TempDirectory { get; init; }
}
