namespace DocExchange.EdXml;

/// <summary>Dialect choices of <see cref="Writing.EdXmlPackageWriter"/>; unconfirmed forms are chosen here, not guessed.</summary>
public sealed record EdXmlWriterOptions
{
    /// <summary>Zip each attachment (one entry, named as the attachment) before base64.</summary>
    public bool ZipAttachments { get; init; }

    /// <summary>The spelling of the business block's element names: QCVN 102:2016 samples write <c>Bussiness</c>.</summary>
    public string BusinessSpelling { get; init; } = "Bussiness";

    /// <summary>Whether an attachment's ContentId is written <c>cid:{id}</c> as in the manifest (true) or bare.</summary>
    public bool AttachmentContentIdWithCid { get; init; } = true;

    /// <summary>Characters of base64 per line in ContentTransferEncoded (a multiple of 4; 76 as in MIME).</summary>
    public int Base64LineLength { get; init; } = 76;

    /// <summary>Where zipped attachments are staged; the system temp folder when null.</summary>
    public string? TempDirectory { get; init; }
}
