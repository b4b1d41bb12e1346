using DocExchange.Signing.Validation;

namespace DocExchange.Signing.Timestamping;

/// <summary>Outcome of <see cref="TimestampTokenVerifier.Verify"/>: when valid, the proven time and the TSA certificate.</summary>
/// <param name="Authority">The TSA's certificate: an instance shared across the process; do not dispose it.</param>
public sealed record TimestampTokenVerification(bool IsValid, DateTimeOffset? GenerationTime, X509Certificate2? Authority, string? Error);

/// <summary>
/// Verifies an RFC 3161 TimeStampToken over some data against given TSA trust anchors: the message imprint is the
/// hash of the data, the token's signature verifies (RFC 3161 §2.4.2, ESS signing certificate, timeStamping EKU), and
/// the TSA certificate chains to one of the anchors and was valid at the token's time.
/// </summary>
public static class TimestampTokenVerifier
{
    public static TimestampTokenVerification Verify(ReadOnlyMemory<byte> token, ReadOnlySpan<byte> data, IReadOnlyCollection<X509Certificate2> trustAnchors)
    {
        ArgumentNullException.ThrowIfNull(trustAnchors);
        TimestampToken decoded;
        try
        {
            decoded = TimestampToken.Decode(token);
        }
        catch (CryptographicException e)
        {
            return Invalid($"the token is not an RFC 3161 TimeStampToken ({e.Message})");
        }
        if (!decoded.MatchesData(data))
        {
            return Invalid("the token's message imprint is not the hash of the checked data: it was issued for other data, or the data was altered");
        }
        var (certificate, error) = decoded.VerifySignature();
        if (certificate is null || error is not null)
        {
            return Invalid($"the token's signature does not verify: {error}");
        }
        if (trustAnchors.Count == 0)
        {
            return Invalid("no TSA trust anchor was given");
        }
        var policy = new X509ChainPolicy
        {
            RevocationMode = X509RevocationMode.NoCheck,
            DisableCertificateDownloads = true,
            // The TSA certificate must have been valid when it issued the token, not necessarily today.
            VerificationTime = decoded.GenerationTime.UtcDateTime,
        };
        policy.ExtraStore.AddRange(decoded.SignedData.Certificates.ToArray());
        policy.ApplicationPolicy.Add(new Oid(Oids.TimeStamping));
        var built = AnchoredPath.Build(certificate, trustAnchors, policy);
        if (built.Problems != X509ChainStatusFlags.NoError)
        {
            return new TimestampTokenVerification(false, null, certificate,
                $"the TSA certificate '{certificate.Subject}' does not chain to a trusted TSA root at {decoded.GenerationTime:O}: {built.Describe(built.Problems)}");
        }
        return new TimestampTokenVerification(true, decoded.GenerationTime, certificate, null);
    }

    private static TimestampTokenVerification Invalid(string error) => new(false, null, null, error);
}
