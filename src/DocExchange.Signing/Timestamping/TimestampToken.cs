using DocExchange.Signing.Cms;
using DocExchange.Signing.Pki;
using Org.BouncyCastle.Asn1;

namespace DocExchange.Signing.Timestamping;

/// <summary>A decoded RFC 3161 TimeStampToken and checks of its own integrity.</summary>
public sealed class TimestampToken
{
    private TimestampToken(CmsSignedData signedData, TstInfo info)
    {
        SignedData = signedData;
        Info = info;
    }

    public CmsSignedData SignedData { get; }

    public TstInfo Info { get; }

    public DateTimeOffset GenerationTime => Info.GenerationTime;

    /// <summary>Decodes a token; throws <see cref="CryptographicException"/> when it is not a TimeStampToken.</summary>
    public static TimestampToken Decode(ReadOnlyMemory<byte> encoded) => From(CmsSignedData.Decode(encoded));

    /// <summary>Decodes a token already parsed, such as a signature-time-stamp attribute value.</summary>
    internal static TimestampToken Decode(Asn1Encodable token) => From(CmsSignedData.Decode(token));

    private static TimestampToken From(CmsSignedData signedData)
    {
        if (signedData.ContentType != Oids.TstInfo || signedData.Content is null)
        {
            throw new CryptographicException("The token does not encapsulate a TSTInfo.");
        }
        return new TimestampToken(signedData, TstInfo.Decode(signedData.Content));
    }

    /// <summary>Whether the token's message imprint is the hash of <paramref name="data"/>.</summary>
    public bool MatchesData(ReadOnlySpan<byte> data)
    {
        var hash = Oids.DigestFromOid(Info.ImprintAlgorithmOid);
        if (hash is null || hash == HashAlgorithmName.MD5)
        {
            return false;
        }
        return EssSigningCertificate.Hash(hash.Value, data).AsSpan().SequenceEqual(Info.ImprintValue);
    }

    /// <summary>
    /// Verifies the token's own signature: TSA certificate present and identified by ESS signing-certificate(-v2),
    /// with a critical timeStamping EKU (RFC 3161 §2.3); contentType and messageDigest attributes; signature value.
    /// </summary>
    /// <returns>The TSA certificate, or an error describing the first failed check.</returns>
    public (X509Certificate2? Certificate, string? Error) VerifySignature(IEnumerable<X509Certificate2>? extraCertificates = null)
    {
        var signer = SignedData.Signer;
        var certificate = SignedData.FindSignerCertificate(extraCertificates);
        if (certificate is null)
        {
            return (null, "the TSA certificate is not in the token");
        }
        if (signer.SignedAttributesForVerification is null)
        {
            return (certificate, "the token has no signed attributes");
        }
        var digest = Oids.DigestFromOid(signer.DigestAlgorithmOid);
        if (digest is null || digest == HashAlgorithmName.MD5)
        {
            return (certificate, $"unsupported digest {signer.DigestAlgorithmOid}");
        }
        var contentType = signer.GetSignedAttribute(Oids.ContentType);
        if (contentType.Count != 1 || contentType[0] is not DerObjectIdentifier { Id: Oids.TstInfo })
        {
            return (certificate, "the contentType attribute is not id-ct-TSTInfo");
        }
        var messageDigest = signer.GetSignedAttribute(Oids.MessageDigest);
        var expected = EssSigningCertificate.Hash(digest.Value, SignedData.Content);
        if (messageDigest.Count != 1 || messageDigest[0] is not Asn1OctetString value || !value.GetOctets().AsSpan().SequenceEqual(expected))
        {
            return (certificate, "the messageDigest attribute does not match the TSTInfo");
        }
        var ess = signer.GetSignedAttribute(Oids.SigningCertificateV2) is { Count: 1 } v2
            ? EssSigningCertificate.ReadFirst(v2[0], v2: true)
            : signer.GetSignedAttribute(Oids.SigningCertificate) is { Count: 1 } v1 ? EssSigningCertificate.ReadFirst(v1[0], v2: false) : null;
        if (ess is not { } id || !EssSigningCertificate.Hash(id.Hash, certificate.RawData).AsSpan().SequenceEqual(id.CertHash))
        {
            return (certificate, "the ESS signing-certificate attribute is missing or does not match the TSA certificate");
        }
        var eku = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().SingleOrDefault();
        if (eku is not { Critical: true } || ExtendedKeyUsages.Of(eku) is not [{ Value: Oids.TimeStamping }])
        {
            return (certificate, "the TSA certificate lacks the single critical timeStamping EKU");
        }
        var valid = SignatureAlgorithms.Verify(certificate, signer.SignatureAlgorithm, digest.Value, signer.SignedAttributesForVerification, signer.Signature);
        return valid switch
        {
            true => (certificate, null),
            false => (certificate, "the token's signature value is invalid"),
            null => (certificate, $"unsupported signature algorithm {signer.SignatureAlgorithmOid}"),
        };
    }
}
