namespace DocExchange.Signing.Timestamping;

/// <summary>Outcome of <see cref="TimestampTokenVerifier.Verify"/>: when valid, the proven time and the TSA certificate.</summary>
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
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trustAnchors.ToArray());
        chain.ChainPolicy.ExtraStore.AddRange(decoded.SignedData.Certificates.ToArray());
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(Oids.TimeStamping));
        // The TSA certificate must have been valid when it issued the token, not necessarily today.
        chain.ChainPolicy.VerificationTime = decoded.GenerationTime.UtcDateTime;
        if (!chain.Build(certificate))
        {
            var details = string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
            return new TimestampTokenVerification(false, null, certificate,
                $"the TSA certificate '{certificate.Subject}' does not chain to a trusted TSA root at {decoded.GenerationTime:O}: {details}");
        }
        return new TimestampTokenVerification(true, decoded.GenerationTime, certificate, null);
    }

    private static TimestampTokenVerification Invalid(string error) => new(false, null, null, error);
}
