namespace DocExchange.Signing.Validation;

/// <summary>How to treat certificates for which no revocation data is supplied.</summary>
public enum RevocationPolicy
{
    /// <summary>Missing or stale revocation data (OCSP or CRL) make the signature INDETERMINATE/TRY_LATER.</summary>
    Require,
    /// <summary>Check the OCSP responses and CRLs that are supplied; otherwise only warn.</summary>
    BestEffort,
    /// <summary>Do not check revocation at all.</summary>
    Skip,
}

/// <summary>What validation trusts and knows: anchors, intermediates, CRLs, OCSP responses and the validation time.</summary>
public sealed record ValidationOptions
{
    /// <summary>Root certificates trusted for signatures and timestamps.</summary>
    public IReadOnlyList<X509Certificate2> TrustAnchors { get; init; } = [];

    /// <summary>Intermediate certificates to help build chains (besides those in the CMS).</summary>
    public IReadOnlyList<X509Certificate2> ExtraCertificates { get; init; } = [];

    /// <summary>DER (or PEM) CRLs, used offline.</summary>
    public IReadOnlyList<byte[]> Crls { get; init; } = [];

    /// <summary>DER OCSP responses (RFC 6960), used offline and before CRLs.</summary>
    public IReadOnlyList<byte[]> OcspResponses { get; init; } = [];

    /// <summary>
    /// When set, a certificate whose status no supplied or embedded OCSP response or CRL gives is checked online:
    /// its OCSP responder (authority information access), then its CRL distribution point. Null: offline only.
    /// </summary>
    public OnlineRevocationClient? OnlineRevocation { get; init; }

    public RevocationPolicy RevocationPolicy { get; init; } = RevocationPolicy.Require;

    /// <summary>
    /// Extended key usages (dotted OIDs) that let a certificate sign documents when it has that extension at all;
    /// by default emailProtection, documentSigning and anyExtendedKeyUsage (<see cref="SigningCertificatePurpose"/>).
    /// </summary>
    public IReadOnlyList<string> AllowedExtendedKeyUsages { get; init; } = SigningCertificatePurpose.DefaultExtendedKeyUsages;

    /// <summary>Validation time; now when null.</summary>
    public DateTimeOffset? ValidationTime { get; init; }
}
