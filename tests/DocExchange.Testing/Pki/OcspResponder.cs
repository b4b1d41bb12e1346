using BcBasicOcspRespGenerator = Org.BouncyCastle.Ocsp.BasicOcspRespGenerator;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;
using BcCertificateId = Org.BouncyCastle.Ocsp.CertificateID;
using BcCertificateParser = Org.BouncyCastle.X509.X509CertificateParser;
using BcCertificateStatus = Org.BouncyCastle.Ocsp.CertificateStatus;
using BcOcspReq = Org.BouncyCastle.Ocsp.OcspReq;
using BcOcspRespGenerator = Org.BouncyCastle.Ocsp.OCSPRespGenerator;
using BcRespId = Org.BouncyCastle.Ocsp.RespID;
using BcRevokedStatus = Org.BouncyCastle.Ocsp.RevokedStatus;
using BcUnknownStatus = Org.BouncyCastle.Ocsp.UnknownStatus;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DocExchange.Signing.Pki;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Oiw;
using Org.BouncyCastle.Asn1.X509;

namespace DocExchange.Testing.Pki;

/// <summary>
/// An OCSP responder (RFC 6960) for the certificates of one CA: signs basic responses with the CA's own key or
/// with a delegated responder certificate (<see cref="CertificateProfile.OcspResponder"/>) that CA issued.
/// For tests and the sample PKI, not a production responder.
/// </summary>
public sealed class OcspResponder
{
    // RFC 5019 §2.1.1: lightweight responders are only required to understand SHA-1 CertIDs.
    private static readonly AlgorithmIdentifier Sha1 = new(OiwObjectIdentifiers.IdSha1, DerNull.Instance);

    private readonly BcCertificate _issuer;
    private readonly BcCertificate _signer;
    private readonly Org.BouncyCastle.Crypto.AsymmetricKeyParameter _signerKey;
    private readonly string _signatureAlgorithm;
    private readonly Dictionary<Org.BouncyCastle.Math.BigInteger, CertificateRevocation> _revoked = [];
    private readonly TimeProvider _time;

    /// <param name="issuer">The CA whose certificates this responder answers for.</param>
    /// <param name="signer">The certificate (with private key) that signs the responses: the CA itself or its delegated responder.</param>
    /// <param name="revocations">Certificates to answer "revoked" for; every other serial of the CA is "good".</param>
    public OcspResponder(X509Certificate2 issuer, X509Certificate2 signer, IEnumerable<CertificateRevocation> revocations, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(revocations);
        var parser = new BcCertificateParser();
        _issuer = parser.ReadCertificate(issuer.RawData);
        _signer = parser.ReadCertificate(signer.RawData);
        AsymmetricAlgorithm key = (AsymmetricAlgorithm?)signer.GetECDsaPrivateKey() ?? signer.GetRSAPrivateKey()
            ?? throw new ArgumentException($"The responder certificate '{signer.Subject}' has no ECDSA or RSA private key.", nameof(signer));
        using (key)
        {
            _signerKey = Org.BouncyCastle.Security.PrivateKeyFactory.CreateKey(key.ExportPkcs8PrivateKey());
            _signatureAlgorithm = key is ECDsa { KeySize: > 256 } ? "SHA384WITHECDSA" : key is ECDsa ? "SHA256WITHECDSA" : "SHA256WITHRSA";
        }
        foreach (var revocation in revocations)
        {
            _revoked[new Org.BouncyCastle.Math.BigInteger(1, revocation.Certificate.SerialNumberBytes.ToArray())] = revocation;
        }
        _time = time ?? TimeProvider.System;
    }

    /// <summary>How long a response stays current (nextUpdate − thisUpdate).</summary>
    public TimeSpan Validity { get; init; } = TimeSpan.FromDays(1);

    /// <summary>A DER OCSPResponse for one certificate of the CA.</summary>
    /// <param name="thisUpdate">Defaults to now; set it (with <paramref name="nextUpdate"/>) to make a stale response.</param>
    public byte[] CreateResponse(X509Certificate2 certificate, DateTimeOffset? thisUpdate = null, DateTimeOffset? nextUpdate = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var serial = new Org.BouncyCastle.Math.BigInteger(1, certificate.SerialNumberBytes.ToArray());
        return Sign([new BcCertificateId(Sha1, _issuer, serial)], thisUpdate, nextUpdate);
    }

    /// <summary>Answers a DER OCSPRequest (RFC 6960 §4.1), as an HTTP responder does (§A.1).</summary>
    public byte[] Respond(byte[] request)
    {
        ArgumentNullException.ThrowIfNull(request);
        BcOcspReq parsed;
        try
        {
            parsed = new BcOcspReq(request);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new BcOcspRespGenerator().Generate(BcOcspRespGenerator.MalformedRequest, null).GetEncoded();
        }
        return Sign([.. parsed.GetRequestList().Select(r => r.GetCertID())], null, null);
    }

    private byte[] Sign(IReadOnlyList<BcCertificateId> ids, DateTimeOffset? thisUpdate, DateTimeOffset? nextUpdate)
    {
        var now = _time.GetUtcNow();
        var from = thisUpdate ?? now;
        var to = nextUpdate ?? from + Validity;
        var generator = new BcBasicOcspRespGenerator(new BcRespId(_signer.SubjectDN));
        foreach (var id in ids)
        {
            BcCertificateStatus? status = !id.MatchesIssuer(_issuer) ? new BcUnknownStatus()
                : _revoked.TryGetValue(id.SerialNumber, out var revocation) ? new BcRevokedStatus(revocation.RevokedAt.UtcDateTime, (int)(revocation.Reason ?? X509RevocationReason.Unspecified))
                : BcCertificateStatus.Good;
            generator.AddResponse(id, status, from.UtcDateTime, to.UtcDateTime, null);
        }
        var chain = _signer.Equals(_issuer) ? Array.Empty<BcCertificate>() : [_signer];
        var basic = generator.Generate(new Org.BouncyCastle.Crypto.Operators.Asn1SignatureFactory(_signatureAlgorithm, _signerKey), chain, now.UtcDateTime);
        return new BcOcspRespGenerator().Generate(BcOcspRespGenerator.Successful, basic).GetEncoded();
    }
}
