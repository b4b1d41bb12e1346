using System.Net;

namespace DocExchange.Signing.Pki;

/// <summary>The subject-specific parts of a certificate to issue.</summary>
public sealed record CertificateSpec(X500DistinguishedName Subject)
{
    public PkiKeyAlgorithm KeyAlgorithm { get; init; } = PkiKeyAlgorithm.EcdsaP256;

    /// <summary>Defaults to one hour before now.</summary>
    public DateTimeOffset? NotBefore { get; init; }

    /// <summary>Defaults to two years after <see cref="NotBefore"/>.</summary>
    public DateTimeOffset? NotAfter { get; init; }

    /// <summary>Agency code (QCVN 102 form) bound as SAN URI <c>urn:docexchange:agency:&lt;code&gt;</c>.</summary>
    public string? AgencyCode { get; init; }

    public string? Email { get; init; }

    /// <summary>Further SAN URIs, e.g. <c>urn:docexchange:role:auditor</c> for a role's mutual-TLS certificate.</summary>
    public IReadOnlyList<Uri> Uris { get; init; } = [];

    public IReadOnlyList<string> DnsNames { get; init; } = [];

    public IReadOnlyList<IPAddress> IpAddresses { get; init; } = [];

    /// <summary>The issuer's OCSP responder, written to the authority information access extension (RFC 5280 §4.2.2.1).</summary>
    public Uri? OcspUrl { get; init; }

    /// <summary>Where the issuer's CRL is published, written to the CRL distribution points extension (RFC 5280 §4.2.1.13).</summary>
    public Uri? CrlUrl { get; init; }
}
