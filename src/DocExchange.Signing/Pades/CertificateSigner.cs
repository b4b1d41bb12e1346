using DocExchange.Signing.Cms;

namespace DocExchange.Signing.Pades;

/// <summary>Signs with the private key of an <see cref="X509Certificate2"/> (RSA or ECDSA).</summary>
public sealed class CertificateSigner : IPadesSigner
{
    public CertificateSigner(X509Certificate2 certificate, IEnumerable<X509Certificate2>? chain = null, bool useRsaPss = false)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!certificate.HasPrivateKey)
        {
            throw new ArgumentException($"The certificate '{certificate.Subject}' has no private key; use the two-step PdfSigner.PrepareAsync/EmbedAsync with an external signer.", nameof(certificate));
        }
        Certificate = certificate;
        Chain = [.. chain ?? []];
        Scheme = SignatureAlgorithms.DefaultScheme(certificate, useRsaPss);
    }

    public X509Certificate2 Certificate { get; }

    public IReadOnlyList<X509Certificate2> Chain { get; }

    public PadesSignatureScheme Scheme { get; }

    public Task<byte[]> SignAsync(ReadOnlyMemory<byte> data, HashAlgorithmName hashAlgorithm, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(SignatureAlgorithms.Sign(Certificate, Scheme, hashAlgorithm, data.Span));
    }
}
