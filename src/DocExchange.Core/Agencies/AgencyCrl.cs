using DocExchange.Core.Storage;

namespace DocExchange.Core.Agencies;

/// <summary>
/// A CRL published for an agency. The server reads it and verifies its signature against the trusted CA
/// <paramref name="IssuerCaSha256"/> before the domain sees it (Core does not parse CRLs).
/// </summary>
/// <param name="Der">The DER-encoded CRL.</param>
/// <param name="IssuerCaSha256">The agency's trusted CA whose key signed the CRL.</param>
/// <param name="Issuer">The CRL's issuer distinguished name.</param>
/// <param name="ThisUpdate">When the CRL was issued (RFC 5280 §5.1.2.4).</param>
/// <param name="NextUpdate">When the next CRL is due, if stated (RFC 5280 §5.1.2.5).</param>
/// <param name="RevokedCount">How many certificates it lists as revoked.</param>
public sealed record AgencyCrl(
    byte[] Der,
    Sha256Digest IssuerCaSha256,
    string Issuer,
    DateTimeOffset ThisUpdate,
    DateTimeOffset? NextUpdate,
    long RevokedCount)
{
    public bool Equals(AgencyCrl? other) =>
        other is not null && IssuerCaSha256 == other.IssuerCaSha256 && Issuer == other.Issuer && ThisUpdate == other.ThisUpdate
        && NextUpdate == other.NextUpdate && RevokedCount == other.RevokedCount && Der.AsSpan().SequenceEqual(other.Der);

    public override int GetHashCode() => HashCode.Combine(IssuerCaSha256, ThisUpdate);
}
