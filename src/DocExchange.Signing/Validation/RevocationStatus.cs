namespace DocExchange.Signing.Validation;

/// <summary>The revocation status of one certificate, as one source (CRLs or OCSP responses) gives it.</summary>
/// <param name="Found">Whether usable revocation data was found; when false, <paramref name="Problem"/> says why.</param>
/// <param name="IssuedAt">Set when the data is no longer current at the validation time, but was issued after the proof of existence.</param>
/// <param name="Source">"CRL" or "OCSP".</param>
public sealed record RevocationStatus(bool Found, bool Revoked, DateTimeOffset? RevokedAt, string? Problem, DateTimeOffset? IssuedAt = null, string Source = "CRL")
{
    /// <summary>How far a CRL's or OCSP response's thisUpdate may lie after the validation time (clocks differ; data fetched during validation).</summary>
    public static readonly TimeSpan AllowedClockSkew = TimeSpan.FromMinutes(5);
}
