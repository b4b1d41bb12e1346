using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Oiw;
using Org.BouncyCastle.Asn1.X509;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;
using BcCertificateId = Org.BouncyCastle.Ocsp.CertificateID;

namespace DocExchange.Signing.Validation;

/// <summary>The OCSP CertID of a certificate, named by its issuer and serial number.</summary>
internal static class OcspCertificateIds
{
    // RFC 5019 §2.1.1: lightweight responders are only required to understand SHA-1 CertIDs.
    private static readonly AlgorithmIdentifier Sha1 = new(OiwObjectIdentifiers.IdSha1, DerNull.Instance);

    public static BcCertificateId For(BcCertificate issuer, Org.BouncyCastle.Math.BigInteger serial) => new(Sha1, issuer, serial);
}
