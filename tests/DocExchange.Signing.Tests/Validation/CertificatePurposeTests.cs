using DocExchange.Signing.Pki;
using DocExchange.Signing.Tests.Infrastructure;
using DocExchange.Signing.Validation;

namespace DocExchange.Signing.Tests.Validation;

/// <summary>Only certificates meant for signing documents make signatures that pass (key usage and extended key usage).</summary>
public sealed class CertificatePurposeTests
{
    private static readonly SamplePki Pki = SharedPki.WithEcdsaSigners;

    private static async Task<SignatureReport> SignedByAsync(X509Certificate2 certificate, ValidationOptions? options = null)
    {
        var signed = await SignedPdfs.SignAsync(TestPdfs.Classic(), certificate, Pki.AgencyChain);
        return Assert.Single((await Validate.PdfAsync(signed, options ?? Validate.TrustingSample(Pki))).Signatures);
    }

    [Fact]
    public async Task A_tls_server_certificate_signature_is_indeterminate_chain_constraints_failure()
    {
        using var tls = Pki.AgencyCa.Issue(CertificateProfile.TlsServer, new CertificateSpec(new X500DistinguishedName("CN=docexchange.example.gov.vn, O=Test, C=VN")));

        var signature = await SignedByAsync(tls);

        Assert.Equal((Indication.Indeterminate, SubIndication.ChainConstraintsFailure), (signature.Indication, signature.SubIndication));
        Assert.Contains(signature.Errors, e => e.Contains("serverAuth", StringComparison.Ordinal) && e.Contains("does not allow document signing", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_client_authentication_certificate_is_refused_unless_the_policy_lists_its_purpose()
    {
        using var client = Pki.AgencyCa.Issue(CertificateProfile.AgencyClient, new CertificateSpec(new X500DistinguishedName("CN=Client, O=Test, C=VN")));

        var strict = await SignedByAsync(client);
        var relaxed = await SignedByAsync(client, Validate.TrustingSample(Pki) with { AllowedExtendedKeyUsages = ["1.3.6.1.5.5.7.3.2"] });

        Assert.Equal(SubIndication.ChainConstraintsFailure, strict.SubIndication);
        Assert.True(relaxed.Indication == Indication.TotalPassed, string.Join("; ", relaxed.Errors));
    }

    [Fact]
    public async Task A_certificate_whose_key_usage_is_only_key_encipherment_is_refused()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Key encipherment only, O=Test, C=VN", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment, true));
        using var caKey = Pki.AgencyCa.Certificate.GetECDsaPrivateKey()!;
        var now = DateTimeOffset.UtcNow;
        using var issued = request.Create(Pki.AgencyCa.Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), now.AddMinutes(-5), now.AddDays(30), [1, 2, 3, 4, 5, 6, 7, 8]);
        using var withKey = issued.CopyWithPrivateKey(key);

        var signature = await SignedByAsync(withKey, Validate.TrustingSample(Pki) with { RevocationPolicy = RevocationPolicy.Skip });

        Assert.Equal((Indication.Indeterminate, SubIndication.ChainConstraintsFailure), (signature.Indication, signature.SubIndication));
        Assert.Contains(signature.Errors, e => e.Contains("neither digitalSignature nor nonRepudiation", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_sample_signers_with_email_protection_pass()
    {
        var signature = await SignedByAsync(Pki.PersonalSigner);

        Assert.True(signature.Indication == Indication.TotalPassed, string.Join("; ", signature.Errors));
    }
}
