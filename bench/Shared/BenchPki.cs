using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DocExchange.Signing.Pki;

namespace DocExchange.Bench;

/// <summary>
/// A throwaway PKI for the benchmarks, made with the signing library's PKI builder: one ECDSA P-256 root that
/// issues the TLS server certificate, the agencies' mutual-TLS client certificates, an operator certificate and an
/// RSA-2048 personal signer, plus an empty CRL so that validation checks revocation as it would in production.
/// </summary>
public sealed class BenchPki : IDisposable
{
    public const string Password = "docexchange-bench";

    private BenchPki(CertificateAuthority root, X509Certificate2 signer, byte[] crl)
    {
        Root = root;
        Signer = signer;
        Crl = crl;
    }

    public CertificateAuthority Root { get; }

    /// <summary>The competent person's RSA-2048 signing certificate, with its key.</summary>
    public X509Certificate2 Signer { get; }

    /// <summary>DER CRL of the root, listing nothing.</summary>
    public byte[] Crl { get; }

    /// <summary>The root alone, without its key.</summary>
    public X509Certificate2 RootCertificate => X509CertificateLoader.LoadCertificate(Root.Certificate.RawData);

    public static BenchPki Create()
    {
        var root = CertificateAuthority.CreateRoot(Name("DocExchange Bench Root CA"), PkiKeyAlgorithm.EcdsaP256);
        var signer = Reload(root.Issue(CertificateProfile.PersonalSigner, new CertificateSpec(Name("Nguyễn Văn Đo"))
        {
            KeyAlgorithm = PkiKeyAlgorithm.Rsa2048,
            AgencyCode = "000.00.00.G01",
        }));
        var crl = root.CreateCrl([], nextUpdate: DateTimeOffset.UtcNow.AddDays(30));
        return new BenchPki(root, signer, crl);
    }

    public X509Certificate2 IssueServer() => Reload(Root.Issue(CertificateProfile.TlsServer, new CertificateSpec(Name("localhost"))
    {
        DnsNames = ["localhost"],
        IpAddresses = [IPAddress.Loopback],
    }));

    public X509Certificate2 IssueAgencyClient(string agencyCode) =>
        Reload(Root.Issue(CertificateProfile.AgencyClient, new CertificateSpec(Name(agencyCode)) { AgencyCode = agencyCode }));

    /// <summary>A client certificate for a role (operator, auditor): the builder binds only agency codes, so this one is made here.</summary>
    public X509Certificate2 IssueRoleClient(string role)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(Name("Bench " + role), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri("urn:docexchange:role:" + role));
        request.CertificateExtensions.Add(san.Build());
        var now = DateTimeOffset.UtcNow;
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var issued = request.Create(Root.Certificate, now.AddHours(-1), now.AddDays(30), serial);
        return Reload(issued.CopyWithPrivateKey(key));
    }

    /// <summary>Round-trips through PKCS #12 so the key is usable by TLS on every platform.</summary>
    private static X509Certificate2 Reload(X509Certificate2 certificate)
    {
        using (certificate)
        {
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12, Password), Password, X509KeyStorageFlags.Exportable);
        }
    }

    public static X500DistinguishedName Name(string commonName)
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCountryOrRegion("VN");
        builder.AddOrganizationName("DocExchange Bench");
        builder.AddCommonName(commonName);
        return builder.Build();
    }

    public void Dispose()
    {
        Signer.Dispose();
        Root.Dispose();
    }
}
