using BcBasicOcspResp = Org.BouncyCastle.Ocsp.BasicOcspResp;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;
using BcCertificateId = Org.BouncyCastle.Ocsp.CertificateID;
using BcCertificateParser = Org.BouncyCastle.X509.X509CertificateParser;
using BcOcspResp = Org.BouncyCastle.Ocsp.OcspResp;
using BcRespId = Org.BouncyCastle.Ocsp.RespID;
using BcRevokedStatus = Org.BouncyCastle.Ocsp.RevokedStatus;

namespace DocExchange.Signing.Validation;

/// <summary>
/// A set of DER OCSP responses (RFC 6960), evaluated offline with BouncyCastle: a response counts only when it is
/// signed by the certificate's issuer or by a responder that issuer authorised (id-kp-OCSPSigning), its CertID
/// names the certificate, and it is current at the validation time (or issued after the proof of existence).
/// </summary>
public sealed class OcspResponseSet
{
    /// <summary>How long a response without nextUpdate stays current (RFC 6960 §4.2.2.1 leaves it to local policy).</summary>
    public static readonly TimeSpan MaxAgeWithoutNextUpdate = TimeSpan.FromDays(1);

    private readonly List<BcBasicOcspResp> _responses = [];

    /// <param name="encoded">DER OCSPResponse structures.</param>
    /// <param name="problems">Receives a message for every response that cannot be read or was not successful (and is ignored).</param>
    public OcspResponseSet(IEnumerable<byte[]> encoded, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        ArgumentNullException.ThrowIfNull(problems);
        foreach (var der in encoded)
        {
            try
            {
                var response = new BcOcspResp(der);
                if (response.Status != 0)
                {
                    problems.Add($"An OCSP response with status {response.Status} (not successful) was ignored.");
                    continue;
                }
                if (response.GetResponseObject() is BcBasicOcspResp basic)
                {
                    _responses.Add(basic);
                }
                else
                {
                    problems.Add("An OCSP response that is not a basic response was ignored.");
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                problems.Add($"A supplied OCSP response could not be read and was ignored: {e.Message}");
            }
        }
    }

    public int Count => _responses.Count;

    /// <summary>The status of <paramref name="certificate"/> from a usable response, with the same time rules as <see cref="CrlSet.Check"/>.</summary>
    public RevocationStatus Check(X509Certificate2 certificate, X509Certificate2 issuer, DateTimeOffset time, DateTimeOffset? proofOfExistence = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(issuer);
        if (_responses.Count == 0)
        {
            return NotFound($"No OCSP response for '{certificate.Subject}' was supplied.");
        }
        if (!ExplicitCurveGuard.HasNamedCurveOrNoCurve(issuer))
        {
            return NotFound($"The CA certificate '{issuer.Subject}' uses explicit EC parameters, which are not accepted.");
        }
        BcCertificate bcIssuer;
        try
        {
            bcIssuer = new BcCertificateParser().ReadCertificate(issuer.RawData);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return NotFound($"The certificate of '{issuer.Subject}' cannot be read: {e.Message}");
        }
        var serial = new Org.BouncyCastle.Math.BigInteger(1, certificate.SerialNumberBytes.ToArray());
        string? problem = null;
        (RevocationStatus Status, DateTimeOffset ThisUpdate)? current = null;
        (RevocationStatus Status, DateTimeOffset ThisUpdate)? late = null;
        foreach (var response in _responses)
        {
            var matches = response.Responses.Where(r => Names(r.GetCertID(), bcIssuer, serial)).ToList();
            if (matches.Count == 0)
            {
                continue;
            }
            if (Authorize(response, bcIssuer) is { } refusal)
            {
                problem = refusal;
                continue;
            }
            foreach (var single in matches)
            {
                var thisUpdate = Utc(single.ThisUpdate);
                var nextUpdate = single.NextUpdate is { } next ? Utc(next) : thisUpdate + MaxAgeWithoutNextUpdate;
                var status = single.GetCertStatus() switch
                {
                    null => new RevocationStatus(true, false, null, null, Source: "OCSP"),
                    BcRevokedStatus revoked => new RevocationStatus(true, true, Utc(revoked.RevocationTime), null, Source: "OCSP"),
                    _ => null, // RFC 6960 §2.2: unknown: the responder does not know the certificate
                };
                if (status is null)
                {
                    problem = $"The OCSP responder does not know '{certificate.Subject}' (status unknown).";
                    continue;
                }
                if (thisUpdate > time + RevocationStatus.AllowedClockSkew || nextUpdate < time)
                {
                    problem = $"The OCSP response for '{certificate.Subject}' ({thisUpdate:u} to {nextUpdate:u}) is not current at {time:u}.";
                    if (proofOfExistence is { } poe && thisUpdate >= poe && thisUpdate <= time && (late is null || thisUpdate > late.Value.ThisUpdate))
                    {
                        late = (status with { IssuedAt = thisUpdate }, thisUpdate);
                    }
                    continue;
                }
                if (current is null || thisUpdate > current.Value.ThisUpdate)
                {
                    current = (status, thisUpdate);
                }
            }
        }
        return current?.Status ?? late?.Status ?? NotFound(problem ?? $"No OCSP response for '{certificate.Subject}' was supplied.");
    }

    private static RevocationStatus NotFound(string problem) => new(false, false, null, problem, Source: "OCSP");

    // RFC 6960 §4.1.1: CertID = hash of the issuer's name and key, and the serial number.
    private static bool Names(BcCertificateId id, BcCertificate issuer, Org.BouncyCastle.Math.BigInteger serial)
    {
        try
        {
            return id.SerialNumber.Equals(serial) && id.MatchesIssuer(issuer);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return false; // an unknown hash algorithm
        }
    }

    /// <summary>RFC 6960 §4.2.2.2: the issuing CA itself, or a responder it issued with id-kp-OCSPSigning. Null when authorised.</summary>
    private static string? Authorize(BcBasicOcspResp response, BcCertificate issuer)
    {
        var responderId = response.ResponderId;
        var candidates = new List<BcCertificate> { issuer };
        candidates.AddRange(response.GetCerts() ?? []);
        foreach (var candidate in candidates)
        {
            if (!ExplicitCurveGuard.HasNamedCurveOrNoCurve(X509CertificateLoader.LoadCertificate(candidate.GetEncoded())))
            {
                continue;
            }
            if (!responderId.Equals(new BcRespId(candidate.SubjectDN)) && !responderId.Equals(new BcRespId(candidate.GetPublicKey())))
            {
                continue;
            }
            var isIssuer = candidate.Equals(issuer);
            if (!isIssuer)
            {
                if (!candidate.IssuerDN.Equivalent(issuer.SubjectDN, inOrder: true) || !SignedBy(candidate, issuer))
                {
                    continue; // same name or key, but not issued by this CA
                }
                if (candidate.GetExtendedKeyUsage()?.Any(oid => oid.Id == Oids.OcspSigning) != true)
                {
                    return $"The OCSP response is signed by '{candidate.SubjectDN}', which its CA did not authorise for OCSP signing (no id-kp-OCSPSigning).";
                }
                if (!candidate.IsValid(response.ProducedAt))
                {
                    return $"The OCSP responder certificate '{candidate.SubjectDN}' was not valid when the response was produced.";
                }
            }
            try
            {
                if (response.Verify(candidate.GetPublicKey()))
                {
                    return null;
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return $"The OCSP response's signature cannot be checked: {e.Message}";
            }
            return "The OCSP response's signature does not verify.";
        }
        return $"The OCSP response is signed by a responder that neither is the CA '{issuer.SubjectDN}' nor was authorised by it.";
    }

    private static bool SignedBy(BcCertificate certificate, BcCertificate issuer)
    {
        try
        {
            certificate.Verify(issuer.GetPublicKey());
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return false;
        }
    }

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
