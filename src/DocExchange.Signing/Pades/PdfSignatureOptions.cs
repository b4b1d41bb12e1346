using DocExchange.Signing.Appearance;
using DocExchange.Signing.Timestamping;

namespace DocExchange.Signing.Pades;

/// <summary>How to sign a PDF.</summary>
public sealed record PdfSignatureOptions
{
    /// <summary>Name of the signature field to create; "SignatureN" when null.</summary>
    public string? FieldName { get; init; }

    /// <summary>1-based page the (invisible) widget belongs to; 0 means the last page.</summary>
    public int Page { get; init; } = 1;

    public string? Reason { get; init; }

    public string? Location { get; init; }

    public string? ContactInfo { get; init; }

    /// <summary>/Name of the signature dictionary; the one-shot signer uses the certificate's common name.</summary>
    public string? SignerName { get; init; }

    /// <summary>The claimed signing time written to /M; now when null.</summary>
    public DateTimeOffset? SigningTime { get; init; }

    public HashAlgorithmName DigestAlgorithm { get; init; } = HashAlgorithmName.SHA256;

    /// <summary>Bytes reserved for the CMS in /Contents; 0 picks a size from the certificates (one-shot) or 16 KiB.</summary>
    public int ContentsCapacity { get; init; }

    /// <summary>A visible signature on <see cref="Page"/>; invisible when null.</summary>
    public PdfSignatureAppearance? Appearance { get; init; }

    /// <summary>
    /// When set, this is a certification signature (DocMDP, ISO 32000-1 §12.8.2.2) allowing only the given changes
    /// after it; it must be the document's first signature. Null: an approval signature.
    /// </summary>
    public CertificationLevel? Certification { get; init; }

    /// <summary>When set, adds a signature timestamp (PAdES B-T); otherwise the level is B-B.</summary>
    public ITimestampAuthority? TimestampAuthority { get; init; }
}
