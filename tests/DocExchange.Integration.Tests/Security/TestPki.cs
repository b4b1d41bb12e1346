using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DocExchange.Signing.Pki;

namespace DocExchange.Integration.Tests.Security;

/// <summary>
/// A client-certificate PKI generated per test: a CA the server trusts (beside the sample root), one it does not, a
/// CRL folder the server reads, and client certificates binding agency or role URIs.
/// </summary>
internal sealed class TestPki : IDisposable
{
    private readonly List<CertificateRevocation> _revoked = [];

    public TestPki()
    {
        Directory.CreateDirectory(Folder);
        Directory.CreateDirectory(CrlDirectory);
        File.WriteAllText(ClientCaPemPath,
            File.ReadAllText(RepositoryPaths.SampleCert("root-ca.crt")).TrimEnd() + "\n" + Ca.Certificate.ExportCertificatePem() + "\n");
    }

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "docexchange-pki-" + Guid.NewGuid().ToString("N"));

    public CertificateAuthority Ca { get; } = CertificateAuthority.CreateRoot(new X500DistinguishedName("CN=DocExchange Test Client CA, O=DocExchange Tests, C=VN"));

    /// <summary>A CA the server has never heard of.</summary>
    public CertificateAuthority UntrustedCa { get; } = CertificateAuthority.CreateRoot(new X500DistinguishedName("CN=Untrusted CA, O=Somebody Else, C=VN"));

    public string ClientCaPemPath => Path.Combine(Folder, "client-cas.pem");

    public string CrlDirectory => Path.Combine(Folder, "crls");

    /// <summary>Server arguments: trust this PKI's CA, and check its CRL folder on every call.</summary>
    public string[] ServerArgs =>
    [
        $"--DocExchange:Tls:ClientCaPath={ClientCaPemPath}",
        $"--DocExchange:Tls:ClientCrlDirectory={CrlDirectory}",
        "--DocExchange:Tls:ClientCrlReloadSeconds=0",
    ];

    public const string ClientAuthenticationOid = "1.3.6.1.5.5.7.3.2";

    public X509Certificate2 Agency(string code, CertificateAuthority? issuer = null, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null) =>
        Issue($"urn:docexchange:agency:{code}", $"CN={code}, O=DocExchange Tests, C=VN", issuer, notBefore, notAfter);

    /// <summary>An agency certificate of the trusted CA whose extended key usage is <paramref name="purposeOids"/> only.</summary>
    public X509Certificate2 AgencyForPurposes(string code, params string[] purposeOids) =>
        Issue($"urn:docexchange:agency:{code}", $"CN={code}, O=DocExchange Tests, C=VN", null, null, null, purposeOids);

    /// <summary>A client certificate that binds nothing by itself: no SAN URI (an agency can pin its thumbprint).</summary>
    public X509Certificate2 WithoutSan(string commonName, CertificateAuthority? issuer = null) =>
        Issue(null, $"CN={commonName}, O=DocExchange Tests, C=VN", issuer, null, null);

    /// <summary>A self-signed client certificate claiming agency <paramref name="code"/> in its SAN URI: it chains to nothing trusted.</summary>
    public static X509Certificate2 SelfSignedAgency(string code)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={code}, O=Impostor, C=VN", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri($"urn:docexchange:agency:{code}"));
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ClientAuthenticationOid)], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddYears(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    public X509Certificate2 Role(string role) => Issue($"urn:docexchange:role:{role}", $"CN=Test {role}, O=DocExchange Tests, C=VN", null, null, null);

    /// <summary>Adds <paramref name="certificate"/> to the CA's CRL and (re)writes the CRL file the server reads.</summary>
    public void Revoke(X509Certificate2 certificate)
    {
        _revoked.Add(new CertificateRevocation(certificate, DateTimeOffset.UtcNow.AddMinutes(-1)));
        var crl = Ca.CreateCrl(_revoked);
        // Written beside, then moved in: the server never reads a half-written file.
        var temporary = Path.Combine(Folder, "ca.crl.tmp");
        File.WriteAllBytes(temporary, crl);
        File.Move(temporary, Path.Combine(CrlDirectory, "test-ca.crl"), overwrite: true);
    }

    public void Dispose()
    {
        Ca.Dispose();
        UntrustedCa.Dispose();
        Directory.Delete(Folder, recursive: true);
    }

    private X509Certificate2 Issue(
        string? uri, string subject, CertificateAuthority? issuer, DateTimeOffset? notBefore, DateTimeOffset? notAfter, string[]? purposeOids = null)
    {
        issuer ??= Ca;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        if (uri is not null)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddUri(new Uri(uri));
            request.CertificateExtensions.Add(san.Build());
        }

        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([.. (purposeOids ?? [ClientAuthenticationOid]).Select(oid => new Oid(oid))], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer.Certificate, true, false));
        var from = notBefore ?? DateTimeOffset.UtcNow.AddHours(-1);
        var to = notAfter ?? from.AddYears(1);
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x01); // positive and of full length (RFC 5280 §4.1.2.2)
        using var issued = request.Create(issuer.Certificate, from, to, serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        // Through PKCS#12, so that TLS can use the key on every platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
