namespace DocExchange.Signing.Validation;

/// <summary>
/// Revocation status from every offline source: OCSP responses first (RFC 6960), then CRLs (RFC 5280) when no
/// OCSP response is usable. The reasons no source answered are combined, so the report says why.
/// </summary>
internal sealed class RevocationChecker(OcspResponseSet ocsp, CrlSet crls)
{
    public RevocationStatus Check(X509Certificate2 certificate, X509Certificate2 issuer, DateTimeOffset time, DateTimeOffset? proofOfExistence)
    {
        var fromOcsp = ocsp.Check(certificate, issuer, time, proofOfExistence);
        if (fromOcsp.Found)
        {
            return fromOcsp;
        }
        var fromCrl = crls.Check(certificate, issuer, time, proofOfExistence);
        if (fromCrl.Found || ocsp.Count == 0)
        {
            return fromCrl;
        }
        return fromCrl with { Problem = $"{fromCrl.Problem} {fromOcsp.Problem}" };
    }
}
