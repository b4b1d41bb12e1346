using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ess;
using Org.BouncyCastle.Asn1.X509;

namespace DocExchange.Signing.Cms;

/// <summary>ESS signing-certificate-v2 (RFC 5035) and v1 (RFC 2634 §5.4) attribute values, in BouncyCastle's types.</summary>
internal static class EssSigningCertificate
{
    public static SigningCertificateV2 CreateV2(X509Certificate2 certificate, HashAlgorithmName hash)
    {
        var issuerSerial = new IssuerSerial(
            new GeneralNames(new GeneralName(X509Name.GetInstance(certificate.IssuerName.RawData))),
            new DerInteger(certificate.SerialNumberBytes.ToArray()));
        var certHash = Hash(hash, certificate.RawData);
        // The DEFAULT id-sha256 is omitted in DER, which BouncyCastle does when no algorithm is given.
        var id = hash == HashAlgorithmName.SHA256
            ? new EssCertIDv2(certHash, issuerSerial)
            : new EssCertIDv2(SignatureAlgorithms.DigestAlgorithm(hash), certHash, issuerSerial);
        return new SigningCertificateV2(id);
    }

    /// <summary>The first certificate identifier of a v2 or v1 value: hash algorithm and hash; null when unreadable.</summary>
    public static (HashAlgorithmName Hash, byte[] CertHash)? ReadFirst(Asn1Encodable value, bool v2)
    {
        try
        {
            if (!v2)
            {
                return (HashAlgorithmName.SHA1, SigningCertificate.GetInstance(value).GetCerts()[0].GetCertHash());
            }
            var id = SigningCertificateV2.GetInstance(value).GetCerts()[0];
            var hash = Oids.DigestFromOid(id.HashAlgorithm.Algorithm.Id);
            return hash == HashAlgorithmName.SHA256 || hash == HashAlgorithmName.SHA384 || hash == HashAlgorithmName.SHA512 || hash == HashAlgorithmName.SHA1
                ? (hash.Value, id.GetCertHash())
                : null;
        }
        catch (Exception e) when (CmsSignedData.IsMalformedInput(e))
        {
            return null;
        }
    }

    public static byte[] Hash(HashAlgorithmName hash, ReadOnlySpan<byte> data) => hash.Name switch
    {
        "SHA256" => SHA256.HashData(data),
        "SHA384" => SHA384.HashData(data),
        "SHA512" => SHA512.HashData(data),
        "SHA1" => SHA1.HashData(data),
        _ => throw new NotSupportedException($"Unsupported digest {hash.Name}."),
    };
}
