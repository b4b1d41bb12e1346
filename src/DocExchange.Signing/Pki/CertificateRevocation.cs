namespace DocExchange.Signing.Pki;

/// <summary>One entry of a CRL to build.</summary>
public sealed record CertificateRevocation(X509Certificate2 Certificate, DateTimeOffset RevokedAt, X509RevocationReason? Reason = null);
