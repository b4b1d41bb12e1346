using System.Diagnostics;

namespace DocExchange.Signing.Validation;

/// <summary>
/// Revocation status from every source: OCSP responses first (RFC 6960), then CRLs (RFC 5280) when no OCSP
/// response is usable; when neither offline source answers and an <see cref="OnlineRevocationClient"/> is given,
/// the certificate's OCSP responder, then its CRL distribution point. The reasons no source answered are
/// combined, so the report says why.
/// </summary>
internal sealed class RevocationChecker(OcspResponseSet ocsp, CrlSet crls, OnlineRevocationClient? online = null)
{
    private readonly Dictionary<string, RevocationStatus> _fetched = [];
    private long _onlineSince;

    /// <summary>Offline sources only.</summary>
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

    /// <summary>Offline sources, then the online ones (each certificate fetched once per validation).</summary>
    public async Task<RevocationStatus> CheckAsync(X509Certificate2 certificate, X509Certificate2 issuer, DateTimeOffset time, DateTimeOffset? proofOfExistence, CancellationToken cancellationToken)
    {
        var offline = Check(certificate, issuer, time, proofOfExistence);
        if (offline.Found || online is null)
        {
            return offline;
        }
        var key = certificate.Thumbprint + "|" + proofOfExistence?.ToUnixTimeSeconds();
        if (_fetched.TryGetValue(key, out var cached))
        {
            return cached;
        }
        var problems = new List<string>();
        var status = offline;
        // One checker per validation: all its online fetches share OnlineRevocationClient.TotalTimeout.
        if (_onlineSince == 0)
        {
            _onlineSince = Stopwatch.GetTimestamp();
        }
        if (await online.FetchOcspAsync(certificate, issuer, problems, Remaining(online), cancellationToken).ConfigureAwait(false) is { } response)
        {
            status = new OcspResponseSet([response], problems).Check(certificate, issuer, time, proofOfExistence);
            if (!status.Found)
            {
                problems.Add("Online: " + status.Problem);
            }
        }
        if (!status.Found && await online.FetchCrlAsync(certificate, problems, Remaining(online), cancellationToken).ConfigureAwait(false) is { } crl)
        {
            status = new CrlSet([crl], problems).Check(certificate, issuer, time, proofOfExistence);
            if (!status.Found)
            {
                problems.Add("Online: " + status.Problem);
            }
        }
        if (!status.Found)
        {
            var why = problems.Count == 0 ? " The certificate names no OCSP responder or CRL distribution point." : " " + string.Join(" ", problems);
            status = offline with { Problem = offline.Problem + why };
        }
        _fetched[key] = status;
        return status;
    }

    private TimeSpan Remaining(OnlineRevocationClient client) => client.TotalTimeout - Stopwatch.GetElapsedTime(_onlineSince);
}
