using DocExchange.Signing.Pki;
using DocExchange.Signing.Tests.Infrastructure;
using DocExchange.Signing.Validation;

namespace DocExchange.Signing.Tests.Validation;

/// <summary>
/// The default revocation policy is Require (ETSI EN 319 102-1: without revocation data, INDETERMINATE / TRY_LATER), and
/// its message names the certificate, the URLs it gives for revocation data and what the reader can do.
/// </summary>
public sealed class RevocationPolicyTests
{
    private static readonly SamplePki Pki = SharedPki.WithEcdsaSigners;

    [Fact]
    public void The_library_default_is_Require()
    {
        Assert.Equal(RevocationPolicy.Require, new ValidationOptions().RevocationPolicy);
    }

    [Fact]
    public async Task Under_Require_a_signer_without_revocation_data_is_try_later_naming_the_certificate_its_urls_and_the_remedies()
    {
        using var signer = Pki.AgencyCa.Issue(CertificateProfile.PersonalSigner, new CertificateSpec(new X500DistinguishedName("CN=Phạm Văn Chưa Kiểm, O=Test, C=VN"))
        {
            CrlUrl = new Uri("http://crl.example.invalid/agency-ca.crl"),
            OcspUrl = new Uri("http://ocsp.example.invalid/"),
        });
        var signed = await SignedPdfs.SignAsync(TestPdfs.Classic(), signer, Pki.AgencyChain);
        var options = new ValidationOptions { TrustAnchors = [Pki.Root.Certificate], Crls = [Pki.RootCrl] };

        var signature = Assert.Single((await Validate.PdfAsync(signed, options)).Signatures);

        Assert.Equal((Indication.Indeterminate, SubIndication.TryLater), (signature.Indication, signature.SubIndication));
        var error = Assert.Single(signature.Errors);
        Assert.Contains(signer.Subject, error, StringComparison.Ordinal);
        Assert.Contains("http://crl.example.invalid/agency-ca.crl", error, StringComparison.Ordinal);
        Assert.Contains("http://ocsp.example.invalid/", error, StringComparison.Ordinal);
        Assert.Contains("BestEffort revocation policy explicitly", error, StringComparison.Ordinal);
        Assert.Contains("CRL", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Under_BestEffort_the_same_signer_passes_with_a_warning_naming_it()
    {
        var signed = await SignedPdfs.SignAsync(TestPdfs.Classic(), Pki.PersonalSigner, Pki.AgencyChain);
        var options = new ValidationOptions { TrustAnchors = [Pki.Root.Certificate], Crls = [Pki.RootCrl], RevocationPolicy = RevocationPolicy.BestEffort };

        var signature = Assert.Single((await Validate.PdfAsync(signed, options)).Signatures);

        Assert.True(signature.Indication == Indication.TotalPassed, string.Join("; ", signature.Errors));
        Assert.Contains(signature.Warnings, w => w.Contains($"Revocation of '{Pki.PersonalSigner.Subject}' not checked (best-effort revocation policy)", StringComparison.Ordinal)
            && w.Contains("names no CRL distribution point and no OCSP responder", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(RevocationPolicy.Require)]
    [InlineData(RevocationPolicy.BestEffort)]
    public async Task A_revoked_signer_is_refused_under_both_policies(RevocationPolicy policy)
    {
        var signed = await SignedPdfs.SignAsync(TestPdfs.Classic(), Pki.RevokedSigner, Pki.AgencyChain);

        var signature = Assert.Single((await Validate.PdfAsync(signed, Validate.TrustingSample(Pki, policy))).Signatures);

        Assert.Equal((Indication.Indeterminate, SubIndication.RevokedNoPoe), (signature.Indication, signature.SubIndication));
        Assert.False(signature.IsAcceptable);
    }
}
