using System.Net;
using DocExchange.Signing.Pki;
using DocExchange.Signing.Tests.Infrastructure;

namespace DocExchange.Signing.Tests.Pki;

public sealed class CertificateAuthorityTests
{
    private static SamplePki Pki => SharedPki.WithRsaSigners;

    [Fact]
    public void Signer_certificate_chains_to_the_root_through_the_agency_ca()
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Pki.Root.Certificate);
        chain.ChainPolicy.ExtraStore.Add(Pki.AgencyCa.Certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;

        Assert.True(chain.Build(Pki.PersonalSigner), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
        Assert.Equal(3, chain.ChainElements.Count);
        Assert.Equal(Pki.AgencyCa.Certificate.Thumbprint, chain.ChainElements[1].Certificate.Thumbprint);
    }

    [Theory]
    [InlineData(CertificateProfile.PersonalSigner)]
    [InlineData(CertificateProfile.OrganisationSeal)]
    public void Signer_certificates_have_non_repudiation_and_email_protection(CertificateProfile profile)
    {
        var certificate = profile == CertificateProfile.PersonalSigner ? Pki.PersonalSigner : Pki.OrganisationSeal;
        var keyUsage = certificate.Extensions.OfType<X509KeyUsageExtension>().Single();
        Assert.Equal(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, keyUsage.KeyUsages);
        var eku = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single();
        Assert.Equal(["1.3.6.1.5.5.7.3.4"], eku.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value));
    }

    [Fact]
    public void Agency_code_is_bound_as_a_san_uri()
    {
        Assert.Equal("000.00.00.G12", AgencyCertificateIdentity.FindAgencyCode(Pki.OrganisationSeal));
        Assert.Equal("000.00.00.H41", AgencyCertificateIdentity.FindAgencyCode(Pki.AgencyClients["000.00.00.H41"]));
        Assert.Contains("urn:docexchange:agency:000.00.00.H41", AgencyCertificateIdentity.GetSubjectAlternativeUris(Pki.AgencyClients["000.00.00.H41"]));
        Assert.Null(AgencyCertificateIdentity.FindAgencyCode(Pki.TlsServer));
    }

    [Fact]
    public void Tls_server_certificate_names_localhost_and_loopback()
    {
        var san = Pki.TlsServer.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Contains("localhost", san.EnumerateDnsNames());
        Assert.Contains(IPAddress.Loopback, san.EnumerateIPAddresses());
        var eku = Pki.TlsServer.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single();
        Assert.Equal(["1.3.6.1.5.5.7.3.1"], eku.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value));
    }

    [Fact]
    public void Agency_client_certificate_is_for_client_authentication()
    {
        var eku = Pki.AgencyClients["000.00.00.G12"].Extensions.OfType<X509EnhancedKeyUsageExtension>().Single();
        Assert.Equal(["1.3.6.1.5.5.7.3.2"], eku.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value));
    }

    [Fact]
    public void Tsa_certificate_has_only_a_critical_time_stamping_eku()
    {
        var eku = Pki.TimestampAuthority.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single();
        Assert.True(eku.Critical);
        Assert.Equal(["1.3.6.1.5.5.7.3.8"], eku.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value));
    }

    [Fact]
    public void Expired_signer_is_no_longer_valid()
    {
        Assert.True(Pki.ExpiredSigner.NotAfter.ToUniversalTime() < DateTime.UtcNow);
        Assert.True(Pki.ExpiredSigner.NotBefore.ToUniversalTime() > Pki.AgencyCa.Certificate.NotBefore.ToUniversalTime());
    }

    [Theory]
    [InlineData(PkiKeyAlgorithm.Rsa3072, "RSA", 3072)]
    [InlineData(PkiKeyAlgorithm.EcdsaP256, "ECDSA", 256)]
    [InlineData(PkiKeyAlgorithm.EcdsaP384, "ECDSA", 384)]
    public void Issues_keys_of_the_requested_algorithm(PkiKeyAlgorithm algorithm, string family, int size)
    {
        using var certificate = Pki.AgencyCa.Issue(CertificateProfile.PersonalSigner, new CertificateSpec(new X500DistinguishedName("CN=Key Test")) { KeyAlgorithm = algorithm });
        Assert.True(certificate.HasPrivateKey);
        using AsymmetricAlgorithm key = family == "RSA" ? certificate.GetRSAPublicKey()! : certificate.GetECDsaPublicKey()!;
        Assert.Equal(size, key.KeySize);
    }

    [Fact]
    public async Task Openssl_sees_the_revoked_signer_as_revoked_and_the_personal_signer_as_good()
    {
        using var directory = new TempDirectory();
        await Pki.WriteToAsync(directory.Path, "test-password", CancellationToken.None);
        string[] common = ["verify", "-CAfile", directory.File("root-ca.pem"), "-untrusted", directory.File("agency-ca.pem"),
            "-crl_check", "-CRLfile", directory.File("agency-ca.crl.pem"), "-purpose", "smimesign"];

        var good = await ExternalTool.RunAsync("openssl", [.. common, directory.File("signer.pem")]);
        var revoked = await ExternalTool.RunAsync("openssl", [.. common, directory.File("revoked-signer.pem")]);

        Assert.True(good.ExitCode == 0, good.All);
        Assert.NotEqual(0, revoked.ExitCode);
        Assert.Contains("certificate revoked", revoked.All);
    }

    [Fact]
    public async Task Exported_pfx_and_pem_files_load_back_with_their_keys()
    {
        using var directory = new TempDirectory();
        await Pki.WriteToAsync(directory.Path, "test-password", CancellationToken.None);

        using var fromPfx = X509CertificateLoader.LoadPkcs12FromFile(directory.File("seal.pfx"), "test-password");
        using var fromPem = X509Certificate2.CreateFromPemFile(directory.File("seal.pem"), directory.File("seal.key.pem"));

        Assert.True(fromPfx.HasPrivateKey);
        Assert.True(fromPem.HasPrivateKey);
        Assert.Equal(Pki.OrganisationSeal.Thumbprint, fromPfx.Thumbprint);
        var openssl = await ExternalTool.RunAsync("openssl", ["pkcs12", "-in", directory.File("seal.pfx"), "-passin", "pass:test-password", "-nokeys"]);
        Assert.True(openssl.ExitCode == 0, openssl.All);
        Assert.Contains("BEGIN CERTIFICATE", openssl.StdOut);
    }
}
