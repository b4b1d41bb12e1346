namespace DocExchange.Signing.Ltv;

/// <summary>
/// Validation data to embed in the document security store (/DSS) when extending to B-LT: certificates
/// (issuers up to the trust anchor) and revocation data. Only the items relevant to the document's
/// signatures and time-stamps are embedded.
/// </summary>
public sealed record LongTermValidationData
{
    /// <summary>CA certificates that complete the chains of the signers and time-stamping authorities.</summary>
    public IReadOnlyList<X509Certificate2> Certificates { get; init; } = [];

    /// <summary>DER (or PEM) CRLs.</summary>
    public IReadOnlyList<byte[]> Crls { get; init; } = [];

    /// <summary>DER OCSP responses, embedded as given.</summary>
    public IReadOnlyList<byte[]> OcspResponses { get; init; } = [];
}
