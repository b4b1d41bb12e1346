using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DocExchange.Signing.Pki;
using DocExchange.Testing.Pki;

namespace DocExchange.Cli.Tests;

/// <summary>
/// A generated test PKI on disk (root, agency CA, their CRLs, signers of every purpose as PKCS #12), for dx commands
/// that read certificate files. Its root is not the sample root, so nothing of certs-sample/ is trusted by accident.
/// </summary>
public sealed class TestPkiFiles : IAsyncLifetime
{
    public const string Password = "test-pki";

    private readonly TempDirectory _directory = new();
    private SamplePki _pki = null!;

    public string Root => File("root-ca.pem");
    public string RootCrl => File("root-ca.crl");
    public string AgencyCaCrl => File("agency-ca.crl");
    public string Signer => File("signer.pfx");
    public string RevokedSigner => File("revoked-signer.pfx");
    public string TlsServer => File("server.pfx");
    public string ClientOnly => File("client-000.00.00.G12.pfx");
    public string KeyEnciphermentOnly => File("key-encipherment-only.pfx");

    public string SignerSubject => _pki.PersonalSigner.Subject;

    public string File(string name) => _directory.File(name);

    public async Task InitializeAsync()
    {
        _pki = SamplePki.Create(new SamplePkiOptions { SignerKeyAlgorithm = PkiKeyAlgorithm.EcdsaP256 });
        await _pki.WriteToAsync(_directory.Path, Password, CancellationToken.None);
        using var keyEncipherment = IssueKeyEnciphermentOnly(_pki.AgencyCa.Certificate);
        await PkiFiles.WritePfxAsync(KeyEnciphermentOnly, keyEncipherment, _pki.AgencyChain, Password, CancellationToken.None);
    }

    public Task DisposeAsync()
    {
        _pki.Dispose();
        _directory.Dispose();
        return Task.CompletedTask;
    }

    // A key usage of keyEncipherment alone (RFC 5280 §4.2.1.3): the certificate may not sign documents.
    private static X509Certificate2 IssueKeyEnciphermentOnly(X509Certificate2 ca)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Key encipherment only, O=Test, C=VN", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.4")], false));
        using var caKey = ca.GetECDsaPrivateKey()!;
        var now = DateTimeOffset.UtcNow;
        using var issued = request.Create(ca.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), now.AddMinutes(-5), now.AddDays(30), [9, 8, 7, 6, 5, 4, 3, 2]);
        return issued.CopyWithPrivateKey(key);
    }
}
