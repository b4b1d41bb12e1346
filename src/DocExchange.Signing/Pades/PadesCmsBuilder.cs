using DocExchange.Signing.Cms;
using DocExchange.Signing.Timestamping;
using Org.BouncyCastle.Asn1;

namespace DocExchange.Signing.Pades;

/// <summary>The CMS to embed and, for B-T, the time its signature timestamp proves.</summary>
public sealed record PadesCms(byte[] Encoded, DateTimeOffset? TimestampTime);

/// <summary>
/// Builds the PAdES baseline CMS (ETSI EN 319 142-1, SubFilter ETSI.CAdES.detached) in two steps, so the
/// private key can live elsewhere: <see cref="CreateSignedAttributes"/> gives the bytes to sign,
/// <see cref="BuildAsync"/> assembles the CMS around the signature value (and a signature timestamp for B-T).
/// </summary>
public sealed class PadesCmsBuilder
{
    private readonly X509Certificate2 _certificate;
    private readonly IReadOnlyList<X509Certificate2> _chain;
    private readonly PadesSignatureScheme _scheme;
    private readonly HashAlgorithmName _digest;

    public PadesCmsBuilder(X509Certificate2 signerCertificate, IEnumerable<X509Certificate2> chain, PadesSignatureScheme scheme, HashAlgorithmName digestAlgorithm)
    {
        ArgumentNullException.ThrowIfNull(signerCertificate);
        _ = Oids.DigestOid(digestAlgorithm); // rejects unsupported digests early
        _certificate = signerCertificate;
        _chain = [.. chain];
        _scheme = scheme;
        _digest = digestAlgorithm;
    }

    /// <summary>
    /// The DER SET OF signed attributes to sign: contentType (id-data), messageDigest over the document's byte
    /// ranges, and signing-certificate-v2. No signing-time: PAdES carries the claimed time in /M (EN 319 142-1 §6.3).
    /// </summary>
    public byte[] CreateSignedAttributes(ReadOnlySpan<byte> documentDigest)
    {
        if (documentDigest.Length != SignatureAlgorithms.HashLength(_digest))
        {
            throw new ArgumentException($"The document digest is {documentDigest.Length} bytes; {_digest.Name} needs {SignatureAlgorithms.HashLength(_digest)}.", nameof(documentDigest));
        }
        return CmsSignedDataWriter.EncodeSignedAttributes(
        [
            (Oids.ContentType, new DerObjectIdentifier(Oids.Data)),
            (Oids.MessageDigest, new DerOctetString(documentDigest.ToArray())),
            (Oids.SigningCertificateV2, EssSigningCertificate.CreateV2(_certificate, HashAlgorithmName.SHA256)),
        ]);
    }

    /// <summary>
    /// Assembles the CMS. The signature value is checked against the certificate first, so a wrong key or
    /// tampered attributes fail here rather than in a recipient's validator. With a TSA, adds the
    /// signature-time-stamp unsigned attribute over the signature value (RFC 3161 Appendix A, level B-T).
    /// </summary>
    public async Task<PadesCms> BuildAsync(byte[] signedAttributes, byte[] signatureValue, ITimestampAuthority? timestampAuthority, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signedAttributes);
        ArgumentNullException.ThrowIfNull(signatureValue);
        var valid = SignatureAlgorithms.Verify(_certificate, SignatureAlgorithms.SignatureAlgorithm(_scheme, _digest), _digest, signedAttributes, signatureValue);
        if (valid != true)
        {
            throw new CryptographicException($"The signature value does not verify with '{_certificate.Subject}' over these signed attributes ({_scheme}, {_digest.Name}).");
        }
        var unsigned = new List<(string, Asn1Encodable)>();
        DateTimeOffset? timestampTime = null;
        if (timestampAuthority is not null)
        {
            var imprint = EssSigningCertificate.Hash(HashAlgorithmName.SHA256, signatureValue);
            var token = await timestampAuthority.GetTimestampTokenAsync(imprint, HashAlgorithmName.SHA256, cancellationToken).ConfigureAwait(false);
            var decoded = TimestampToken.Decode(token);
            if (!decoded.MatchesData(signatureValue))
            {
                throw new CryptographicException("The time-stamping authority returned a token for a different message imprint.");
            }
            timestampTime = decoded.GenerationTime;
            unsigned.Add((Oids.SignatureTimeStampToken, Asn1Object.FromByteArray(token)));
        }
        var cms = CmsSignedDataWriter.Write(_digest, Oids.Data, null, _certificate, _chain, signedAttributes, _scheme, signatureValue, unsigned);
        return new PadesCms(cms, timestampTime);
    }
}
