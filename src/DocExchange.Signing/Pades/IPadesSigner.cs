using DocExchange.Signing.Cms;

namespace DocExchange.Signing.Pades;

/// <summary>
/// Produces the signature value over PAdES signed attributes. Implement it for a smart card, an HSM or a
/// remote clerk's device; <see cref="CertificateSigner"/> signs with a local private key.
/// </summary>
public interface IPadesSigner
{
    /// <summary>The signer's certificate (the public part is enough).</summary>
    X509Certificate2 Certificate { get; }

    /// <summary>Certificates to embed besides the signer's (intermediate CAs), nearest first.</summary>
    IReadOnlyList<X509Certificate2> Chain { get; }

    PadesSignatureScheme Scheme { get; }

    /// <summary>Signs <paramref name="data"/> (the DER signed attributes) with the given hash; ECDSA values are DER.</summary>
    Task<byte[]> SignAsync(ReadOnlyMemory<byte> data, HashAlgorithmName hashAlgorithm, CancellationToken cancellationToken);
}
