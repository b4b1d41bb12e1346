namespace DocExchange.Signing.Cms;

/// <summary>How the signature value is computed.</summary>
public enum PadesSignatureScheme
{
    /// <summary>RSA PKCS #1 v1.5 (RFC 8017 §8.2).</summary>
    RsaPkcs1,
    /// <summary>RSASSA-PSS with MGF1 over the same hash and a salt as long as the hash (RFC 4056).</summary>
    RsaPss,
    /// <summary>ECDSA, signature as a DER SEQUENCE of r and s (RFC 5753).</summary>
    Ecdsa,
}
