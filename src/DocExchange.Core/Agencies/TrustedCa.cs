using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DocExchange.Core.Errors;
using DocExchange.Core.Storage;

namespace DocExchange.Core.Agencies;

/// <summary>A CA certificate trusted to issue certificates for an agency.</summary>
/// <param name="Der">The DER-encoded X.509 certificate.</param>
/// <param name="Sha256">SHA-256 of <paramref name="Der"/>; identifies the CA within the agency.</param>
/// <param name="Subject">The certificate's subject distinguished name.</param>
/// <param name="NotAfter">End of the certificate's validity.</param>
public sealed record TrustedCa(byte[] Der, Sha256Digest Sha256, string Subject, DateTimeOffset NotAfter)
{
    public bool Equals(TrustedCa? other) =>
        other is not null && Sha256 == other.Sha256 && Subject == other.Subject && NotAfter == other.NotAfter && Der.AsSpan().SequenceEqual(other.Der);

    public override int GetHashCode() => Sha256.GetHashCode();

    /// <summary>Reads a DER certificate; InvalidArgument unless it is a well-formed CA certificate (RFC 5280 §4.2.1.9).</summary>
    public static TrustedCa FromDer(ReadOnlySpan<byte> der)
    {
        if (der.IsEmpty) throw ExchangeException.InvalidArgument("the CA certificate is empty: supply a DER-encoded X.509 certificate");
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadCertificate(der);
        }
        catch (CryptographicException e)
        {
            throw ExchangeException.InvalidArgument($"the CA certificate is not a DER-encoded X.509 certificate: {e.Message}");
        }
        using (certificate)
        {
            var constraints = certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault();
            if (constraints is not { CertificateAuthority: true })
                throw ExchangeException.InvalidArgument(
                    $"certificate '{certificate.Subject}' is not a CA certificate (its basic constraints do not say cA=TRUE): supply the issuing CA's certificate");
            var bytes = certificate.RawData;
            return new TrustedCa(bytes, Sha256Digest.FromBytes(SHA256.HashData(bytes)), certificate.Subject,
                new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero));
        }
    }
}
