namespace DocExchange.Signing.Validation;

/// <summary>How to treat certificates for which no CRL is supplied.</summary>
public enum RevocationPolicy
{
    /// <summary>Missing or stale CRLs make the signature INDETERMINATE/TRY_LATER.</summary>
    Require,
    /// <summary>Check CRLs that are supplied; otherwise only warn.</summary>
    BestEffort,
    /// <summary>Do not check revocation at all.</summary>
    Skip,
}

/// <summary>What validation trusts and knows: anchors, intermediates, CRLs and the validation time.</summary>
public sealed record ValidationOptions
{
    /// <summary>Root certificates trusted for signatures and timestamps.</summary>
    public IReadOnlyList<X509Certificate2> TrustAnchors { get; init; } = [];

    /// <summary>Intermediate certificates to help build chains (besides those in the CMS).</summary>
    public IReadOnlyList<X509Certificate2> ExtraCertificates { get; init; } = [];

    /// <summary>DER (or PEM) CRLs, used offline.</summary>
    public IReadOnlyList<byte[]> Crls { get; init; } = [];

    public RevocationPolicy RevocationPolicy { get; init; } = RevocationPolicy.Require;

    /// <summary>Validation time; now when null.</summary>
    public DateTimeOffset? ValidationTime { get; init; }
}
