namespace DocExchange.Signing.Pki;

internal static class PkiKeys
{
    public static AsymmetricAlgorithm Generate(PkiKeyAlgorithm algorithm) => algorithm switch
    {
        PkiKeyAlgorithm.Rsa2048 => RSA.Create(2048),
        PkiKeyAlgorithm.Rsa3072 => RSA.Create(3072),
        PkiKeyAlgorithm.Rsa4096 => RSA.Create(4096),
        PkiKeyAlgorithm.EcdsaP256 => ECDsa.Create(ECCurve.NamedCurves.nistP256),
        PkiKeyAlgorithm.EcdsaP384 => ECDsa.Create(ECCurve.NamedCurves.nistP384),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown key algorithm."),
    };

    public static CertificateRequest CreateRequest(X500DistinguishedName subject, AsymmetricAlgorithm key, HashAlgorithmName hash) => key switch
    {
        RSA rsa => new CertificateRequest(subject, rsa, hash, RSASignaturePadding.Pkcs1),
        ECDsa ecdsa => new CertificateRequest(subject, ecdsa, hash),
        _ => throw new NotSupportedException($"Key type {key.GetType().Name} is not supported."),
    };

    public static X509SignatureGenerator SignatureGenerator(X509Certificate2 issuer)
    {
        if (issuer.GetRSAPrivateKey() is { } rsa)
        {
            return X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1);
        }
        if (issuer.GetECDsaPrivateKey() is { } ecdsa)
        {
            return X509SignatureGenerator.CreateForECDsa(ecdsa);
        }
        throw new InvalidOperationException($"The issuer certificate '{issuer.Subject}' has no usable private key.");
    }

    public static HashAlgorithmName HashFor(X509Certificate2 issuer) =>
        issuer.GetECDsaPublicKey() is { } ec && ec.KeySize > 256 ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256;

    public static X509Certificate2 AttachKey(X509Certificate2 certificate, AsymmetricAlgorithm key)
    {
        using (certificate)
        {
            return key switch
            {
                RSA rsa => certificate.CopyWithPrivateKey(rsa),
                ECDsa ecdsa => certificate.CopyWithPrivateKey(ecdsa),
                _ => throw new NotSupportedException($"Key type {key.GetType().Name} is not supported."),
            };
        }
    }

    public static byte[] NewSerialNumber()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x10); // positive, and no leading zero byte to strip
        return serial;
    }
}
