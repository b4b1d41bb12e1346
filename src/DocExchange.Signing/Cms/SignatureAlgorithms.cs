using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;

namespace DocExchange.Signing.Cms;

/// <summary>AlgorithmIdentifiers for CMS signatures, and signing/verification by OID.</summary>
internal static class SignatureAlgorithms
{
    public static PadesSignatureScheme DefaultScheme(X509Certificate2 certificate, bool preferRsaPss = false)
    {
        if (certificate.GetKeyAlgorithm() == Oids.EcPublicKey)
        {
            return PadesSignatureScheme.Ecdsa;
        }
        if (certificate.GetKeyAlgorithm() == Oids.RsaEncryption)
        {
            return preferRsaPss ? PadesSignatureScheme.RsaPss : PadesSignatureScheme.RsaPkcs1;
        }
        throw new NotSupportedException($"The key algorithm {certificate.GetKeyAlgorithm()} of '{certificate.Subject}' is not supported; use RSA or ECDSA.");
    }

    /// <summary>A digest AlgorithmIdentifier, parameters absent (RFC 5754 §2).</summary>
    public static AlgorithmIdentifier DigestAlgorithm(HashAlgorithmName hash) => new(new DerObjectIdentifier(Oids.DigestOid(hash)));

    public static AlgorithmIdentifier SignatureAlgorithm(PadesSignatureScheme scheme, HashAlgorithmName hash) => scheme switch
    {
        // RFC 4055 §5: parameters are NULL.
        PadesSignatureScheme.RsaPkcs1 => new AlgorithmIdentifier(new DerObjectIdentifier(hash.Name switch
        {
            "SHA256" => Oids.Sha256WithRsa,
            "SHA384" => Oids.Sha384WithRsa,
            "SHA512" => Oids.Sha512WithRsa,
            _ => throw new NotSupportedException($"Unsupported digest {hash.Name}."),
        }), DerNull.Instance),
        // RFC 4055 §3.1 RSASSA-PSS-params with MGF1 over the same hash and saltLength = hash length.
        PadesSignatureScheme.RsaPss => new AlgorithmIdentifier(PkcsObjectIdentifiers.IdRsassaPss, new RsassaPssParameters(
            DigestAlgorithm(hash),
            new AlgorithmIdentifier(PkcsObjectIdentifiers.IdMgf1, DigestAlgorithm(hash)),
            DerInteger.ValueOf(HashLength(hash)),
            RsassaPssParameters.DefaultTrailerField)),
        PadesSignatureScheme.Ecdsa => new AlgorithmIdentifier(new DerObjectIdentifier(hash.Name switch
        {
            "SHA256" => Oids.EcdsaWithSha256,
            "SHA384" => Oids.EcdsaWithSha384,
            "SHA512" => Oids.EcdsaWithSha512,
            _ => throw new NotSupportedException($"Unsupported digest {hash.Name}."),
        })),
        _ => throw new ArgumentOutOfRangeException(nameof(scheme)),
    };

    public static int HashLength(HashAlgorithmName hash) => hash.Name switch
    {
        "SHA256" => 32,
        "SHA384" => 48,
        "SHA512" => 64,
        "SHA1" => 20,
        "MD5" => 16,
        _ => throw new NotSupportedException($"Unsupported digest {hash.Name}."),
    };

    public static byte[] Sign(X509Certificate2 certificate, PadesSignatureScheme scheme, HashAlgorithmName hash, ReadOnlySpan<byte> data)
    {
        switch (scheme)
        {
            case PadesSignatureScheme.RsaPkcs1:
            case PadesSignatureScheme.RsaPss:
                using (var rsa = certificate.GetRSAPrivateKey() ?? throw new InvalidOperationException($"'{certificate.Subject}' has no RSA private key."))
                {
                    return rsa.SignData(data, hash, scheme == PadesSignatureScheme.RsaPss ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1);
                }
            case PadesSignatureScheme.Ecdsa:
                using (var ecdsa = certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException($"'{certificate.Subject}' has no ECDSA private key."))
                {
                    return ecdsa.SignData(data, hash, DSASignatureFormat.Rfc3279DerSequence);
                }
            default:
                throw new ArgumentOutOfRangeException(nameof(scheme));
        }
    }

    /// <summary>Describes a CMS signatureAlgorithm for reports, e.g. "RSASSA-PSS with SHA-256".</summary>
    public static string Describe(string oid, HashAlgorithmName? hash) => oid switch
    {
        Oids.RsaEncryption => $"RSA PKCS#1 v1.5 with {HashDisplay(hash)}",
        Oids.Sha256WithRsa => "RSA PKCS#1 v1.5 with SHA-256",
        Oids.Sha384WithRsa => "RSA PKCS#1 v1.5 with SHA-384",
        Oids.Sha512WithRsa => "RSA PKCS#1 v1.5 with SHA-512",
        Oids.Sha1WithRsa => "RSA PKCS#1 v1.5 with SHA-1",
        Oids.RsaPss => $"RSASSA-PSS with {HashDisplay(hash)}",
        Oids.EcdsaWithSha256 => "ECDSA with SHA-256",
        Oids.EcdsaWithSha384 => "ECDSA with SHA-384",
        Oids.EcdsaWithSha512 => "ECDSA with SHA-512",
        Oids.EcdsaWithSha1 => "ECDSA with SHA-1",
        Oids.EcPublicKey => $"ECDSA with {HashDisplay(hash)}",
        _ => oid,
    };

    private static string HashDisplay(HashAlgorithmName? hash) => hash is { } h ? h.Name!.Replace("SHA", "SHA-", StringComparison.Ordinal) : "?";

    /// <summary>Verifies <paramref name="signature"/> over <paramref name="data"/>.</summary>
    /// <returns>True or false; null when the algorithm is not supported.</returns>
    public static bool? Verify(X509Certificate2 certificate, AlgorithmIdentifier signatureAlgorithm, HashAlgorithmName digest, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        var signatureOid = signatureAlgorithm.Algorithm.Id;
        HashAlgorithmName hash;
        RSASignaturePadding? padding = null;
        switch (signatureOid)
        {
            case Oids.RsaEncryption:
                hash = digest;
                padding = RSASignaturePadding.Pkcs1;
                break;
            case Oids.Sha256WithRsa or Oids.Sha384WithRsa or Oids.Sha512WithRsa or Oids.Sha1WithRsa:
                hash = signatureOid switch
                {
                    Oids.Sha256WithRsa => HashAlgorithmName.SHA256,
                    Oids.Sha384WithRsa => HashAlgorithmName.SHA384,
                    Oids.Sha512WithRsa => HashAlgorithmName.SHA512,
                    _ => HashAlgorithmName.SHA1,
                };
                padding = RSASignaturePadding.Pkcs1;
                break;
            case Oids.RsaPss:
                if (ReadPssHash(signatureAlgorithm.Parameters) is not { } pssHash)
                {
                    return null;
                }
                hash = pssHash;
                padding = RSASignaturePadding.Pss;
                break;
            case Oids.EcdsaWithSha256:
                hash = HashAlgorithmName.SHA256;
                break;
            case Oids.EcdsaWithSha384:
                hash = HashAlgorithmName.SHA384;
                break;
            case Oids.EcdsaWithSha512:
                hash = HashAlgorithmName.SHA512;
                break;
            case Oids.EcdsaWithSha1:
                hash = HashAlgorithmName.SHA1;
                break;
            case Oids.EcPublicKey:
                hash = digest;
                break;
            default:
                return null;
        }
        try
        {
            if (padding is not null)
            {
                using var rsa = certificate.GetRSAPublicKey();
                return rsa?.VerifyData(data, signature, hash, padding);
            }
            using var ecdsa = certificate.GetECDsaPublicKey();
            return ecdsa?.VerifyData(data, signature, hash, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    // Supports the profile .NET can verify: MGF1 over the same hash, salt length = hash length, trailer field 1.
    private static HashAlgorithmName? ReadPssHash(Asn1Encodable? parameters)
    {
        if (parameters is null)
        {
            return null;
        }
        try
        {
            var pss = RsassaPssParameters.GetInstance(parameters);
            var hash = Oids.DigestFromOid(pss.HashAlgorithm.Algorithm.Id);
            if (hash is null || !pss.MaskGenAlgorithm.Algorithm.Equals(PkcsObjectIdentifiers.IdMgf1) || !pss.TrailerField.HasValue(1))
            {
                return null;
            }
            var mgfHash = Oids.DigestFromOid(AlgorithmIdentifier.GetInstance(pss.MaskGenAlgorithm.Parameters).Algorithm.Id);
            return mgfHash == hash && pss.SaltLength.HasValue(HashLength(hash.Value)) ? hash : null;
        }
        catch (Exception e) when (CmsSignedData.IsMalformedInput(e))
        {
            return null;
        }
    }
}
