namespace DocExchange.Signing;

/// <summary>Object identifiers used across signing, timestamping and validation.</summary>
internal static class Oids
{
    // RFC 5652
    public const string Data = "1.2.840.113549.1.7.1";
    public const string ContentType = "1.2.840.113549.1.9.3";
    public const string MessageDigest = "1.2.840.113549.1.9.4";
    public const string SigningTime = "1.2.840.113549.1.9.5";

    // RFC 5035 (ESS signing-certificate-v2), RFC 2634 (v1), RFC 3161
    public const string SigningCertificateV2 = "1.2.840.113549.1.9.16.2.47";
    public const string SigningCertificate = "1.2.840.113549.1.9.16.2.12";
    public const string SignatureTimeStampToken = "1.2.840.113549.1.9.16.2.14";
    public const string TstInfo = "1.2.840.113549.1.9.16.1.4";

    // Digests
    public const string Sha1 = "1.3.14.3.2.26";
    public const string Sha256 = "2.16.840.1.101.3.4.2.1";
    public const string Sha384 = "2.16.840.1.101.3.4.2.2";
    public const string Sha512 = "2.16.840.1.101.3.4.2.3";
    public const string Md5 = "1.2.840.113549.2.5";

    // Signatures
    public const string RsaEncryption = "1.2.840.113549.1.1.1";
    public const string Sha1WithRsa = "1.2.840.113549.1.1.5";
    public const string Sha256WithRsa = "1.2.840.113549.1.1.11";
    public const string Sha384WithRsa = "1.2.840.113549.1.1.12";
    public const string Sha512WithRsa = "1.2.840.113549.1.1.13";
    public const string RsaPss = "1.2.840.113549.1.1.10";
    public const string EcPublicKey = "1.2.840.10045.2.1";
    public const string EcdsaWithSha1 = "1.2.840.10045.4.1";
    public const string EcdsaWithSha256 = "1.2.840.10045.4.3.2";
    public const string EcdsaWithSha384 = "1.2.840.10045.4.3.3";
    public const string EcdsaWithSha512 = "1.2.840.10045.4.3.4";

    // X.509 extensions and key purposes
    public const string SubjectAltName = "2.5.29.17";
    public const string KeyUsage = "2.5.29.15";
    public const string ExtendedKeyUsage = "2.5.29.37";
    public const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    public const string ClientAuth = "1.3.6.1.5.5.7.3.2";
    public const string EmailProtection = "1.3.6.1.5.5.7.3.4";
    public const string TimeStamping = "1.3.6.1.5.5.7.3.8";
    public const string OcspSigning = "1.3.6.1.5.5.7.3.9";

    // RFC 6960: id-pkix-ocsp-nocheck (§4.2.2.2.1), id-ad-ocsp in the authority information access (RFC 5280 §4.2.2.1)
    public const string OcspNoCheck = "1.3.6.1.5.5.7.48.1.5";
    public const string AuthorityInfoAccess = "1.3.6.1.5.5.7.1.1";
    public const string AccessMethodOcsp = "1.3.6.1.5.5.7.48.1";
    public const string QcStatements = "1.3.6.1.5.5.7.1.3";

    // ETSI EN 319 412-5 QcType: electronic signature (natural person) or seal (legal person).
    public const string QcType = "0.4.0.1862.1.6";
    public const string QcTypeESign = "0.4.0.1862.1.6.1";
    public const string QcTypeESeal = "0.4.0.1862.1.6.2";

    public static string DigestOid(HashAlgorithmName hash) => hash.Name switch
    {
        "SHA256" => Sha256,
        "SHA384" => Sha384,
        "SHA512" => Sha512,
        _ => throw new NotSupportedException($"Digest algorithm {hash.Name} is not supported; use SHA-256, SHA-384 or SHA-512."),
    };

    public static HashAlgorithmName? DigestFromOid(string oid) => oid switch
    {
        Sha256 => HashAlgorithmName.SHA256,
        Sha384 => HashAlgorithmName.SHA384,
        Sha512 => HashAlgorithmName.SHA512,
        Sha1 => HashAlgorithmName.SHA1,
        Md5 => HashAlgorithmName.MD5,
        _ => null,
    };

    public static string DigestDisplayName(string oid) => oid switch
    {
        Sha256 => "SHA-256",
        Sha384 => "SHA-384",
        Sha512 => "SHA-512",
        Sha1 => "SHA-1",
        Md5 => "MD5",
        _ => oid,
    };
}
