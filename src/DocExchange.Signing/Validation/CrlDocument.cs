using BcCrl = Org.BouncyCastle.X509.X509Crl;
using BcCrlParser = Org.BouncyCastle.X509.X509CrlParser;
using BcCertificateParser = Org.BouncyCastle.X509.X509CertificateParser;

namespace DocExchange.Signing.Validation;

/// <summary>One DER CRL, read with BouncyCastle like <see cref="CrlSet"/>: its issuer, dates, entries and signature.</summary>
public sealed class CrlDocument
{
    private readonly BcCrl _crl;

    private CrlDocument(BcCrl crl, byte[] der)
    {
        _crl = crl;
        Der = der;
        IssuerName = new X500DistinguishedName(crl.IssuerDN.GetEncoded());
        ThisUpdate = Utc(crl.ThisUpdate);
        NextUpdate = crl.NextUpdate is { } next ? Utc(next) : null;
        RevokedCount = crl.GetRevokedCertificates()?.Count ?? 0;
    }

    public byte[] Der { get; }

    public X500DistinguishedName IssuerName { get; }

    /// <summary>RFC 5280 §5.1.2.4.</summary>
    public DateTimeOffset ThisUpdate { get; }

    /// <summary>RFC 5280 §5.1.2.5; absent in some CRLs.</summary>
    public DateTimeOffset? NextUpdate { get; }

    public long RevokedCount { get; }

    /// <summary>Reads a DER CRL; a <see cref="FormatException"/> says why it cannot be read.</summary>
    public static CrlDocument Read(byte[] der)
    {
        ArgumentNullException.ThrowIfNull(der);
        if (der.Length == 0) throw new FormatException("the CRL is empty");
        try
        {
            var crl = new BcCrlParser().ReadCrl(der) ?? throw new FormatException("no CRL was found in the data");
            return new CrlDocument(crl, der);
        }
        catch (Exception e) when (e is not (OutOfMemoryException or FormatException))
        {
            throw new FormatException($"not a DER-encoded X.509 CRL: {e.Message}", e);
        }
    }

    /// <summary>True when <paramref name="ca"/>'s subject is this CRL's issuer.</summary>
    public bool IsIssuedBy(X509Certificate2 ca)
    {
        ArgumentNullException.ThrowIfNull(ca);
        return IssuerName.RawData.AsSpan().SequenceEqual(ca.SubjectName.RawData);
    }

    /// <summary>True when the CRL's signature verifies with <paramref name="ca"/>'s public key.</summary>
    public bool IsSignedBy(X509Certificate2 ca)
    {
        ArgumentNullException.ThrowIfNull(ca);
        if (!ExplicitCurveGuard.HasNamedCurveOrNoCurve(ca)) return false;
        try
        {
            _crl.Verify(new BcCertificateParser().ReadCertificate(ca.RawData).GetPublicKey());
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return false;
        }
    }

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
