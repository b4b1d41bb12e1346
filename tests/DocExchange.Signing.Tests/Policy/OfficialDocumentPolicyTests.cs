using DocExchange.Signing.Pades;
using DocExchange.Signing.Pki;
using DocExchange.Signing.Policy;
using DocExchange.Signing.Tests.Infrastructure;
using DocExchange.Signing.Validation;

namespace DocExchange.Signing.Tests.Policy;

/// <summary>Nghị định 30/2020 Art. 5 on real signed PDFs: the competent person's signature and the sending agency's seal.</summary>
public sealed class OfficialDocumentPolicyTests
{
    private const string Sender = "000.00.00.G12"; // the sample PKI's agency
    private static readonly Lazy<X509Certificate2> OtherAgencySeal = new(() => SharedPki.WithRsaSigners.AgencyCa.Issue(CertificateProfile.OrganisationSeal,
        new CertificateSpec(new X500DistinguishedName("CN=UBND tỉnh Nghệ An, O=UBND tỉnh Nghệ An, C=VN")) { KeyAlgorithm = PkiKeyAlgorithm.Rsa2048, AgencyCode = "000.00.00.H41" }));

    private static async Task<ValidationReport> SignAndValidateAsync(params X509Certificate2[] signers)
    {
        var pki = SharedPki.WithRsaSigners;
        var pdf = TestPdfs.Classic();
        foreach (var signer in signers)
        {
            pdf = await SignedPdfs.SignAsync(pdf, signer, pki.AgencyChain, new PdfSignatureOptions { TimestampAuthority = SignedPdfs.Tsa(pki) });
        }
        return await Validate.PdfAsync(pdf, Validate.TrustingSample(pki));
    }

    [Fact]
    public async Task A_personal_signature_and_the_senders_seal_satisfy_the_required_policy()
    {
        var pki = SharedPki.WithRsaSigners;
        var report = await SignAndValidateAsync(pki.PersonalSigner, pki.OrganisationSeal);

        var result = OfficialDocumentPolicy.Evaluate(report, Sender, SignaturePolicyMode.Required);

        Assert.True(result.Satisfied, string.Join("; ", result.Reasons));
        Assert.Empty(result.Reasons);
        Assert.Equal(OfficialDocumentPolicy.RequiredName, result.Policy);
    }

    [Fact]
    public async Task The_seal_of_another_agency_does_not_satisfy_the_required_policy()
    {
        var report = await SignAndValidateAsync(SharedPki.WithRsaSigners.PersonalSigner, OtherAgencySeal.Value);

        var result = OfficialDocumentPolicy.Evaluate(report, Sender, SignaturePolicyMode.Required);

        Assert.False(result.Satisfied);
        var reason = Assert.Single(result.Reasons);
        Assert.Contains("not that of the sending agency 000.00.00.G12", reason);
        Assert.Contains("000.00.00.H41", reason);
    }

    [Fact]
    public async Task A_personal_signature_alone_does_not_satisfy_the_required_policy()
    {
        var report = await SignAndValidateAsync(SharedPki.WithRsaSigners.PersonalSigner);

        var result = OfficialDocumentPolicy.Evaluate(report, Sender, SignaturePolicyMode.Required);

        Assert.False(result.Satisfied);
        Assert.Contains("No agency signature", Assert.Single(result.Reasons));
    }

    [Fact]
    public async Task A_personal_signature_alone_satisfies_the_personal_only_policy()
    {
        var report = await SignAndValidateAsync(SharedPki.WithRsaSigners.PersonalSigner);

        var result = OfficialDocumentPolicy.Evaluate(report, Sender, SignaturePolicyMode.PersonalOnly);

        Assert.True(result.Satisfied, string.Join("; ", result.Reasons));
    }

    [Fact]
    public async Task A_seal_alone_does_not_satisfy_the_personal_only_policy()
    {
        var report = await SignAndValidateAsync(SharedPki.WithRsaSigners.OrganisationSeal);

        var result = OfficialDocumentPolicy.Evaluate(report, Sender, SignaturePolicyMode.PersonalOnly);

        Assert.False(result.Satisfied);
        Assert.Contains("No personal signature", Assert.Single(result.Reasons));
    }

    [Fact]
    public async Task A_revoked_personal_signer_does_not_satisfy_the_required_policy()
    {
        var pki = SharedPki.WithRsaSigners;
        var report = await SignAndValidateAsync(pki.RevokedSigner, pki.OrganisationSeal);

        var result = OfficialDocumentPolicy.Evaluate(report, Sender, SignaturePolicyMode.Required);

        Assert.False(result.Satisfied);
        Assert.Contains(result.Reasons, r => r.Contains("No personal signature is valid", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unsigned_document_satisfies_the_policy_when_it_is_off()
    {
        var report = new ValidationReport([], DateTimeOffset.UtcNow, 1, new byte[32]);

        var result = OfficialDocumentPolicy.Evaluate(report, Sender, SignaturePolicyMode.Off);

        Assert.True(result.Satisfied);
        Assert.Equal("off", result.Policy);
    }
}
