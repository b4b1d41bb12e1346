using DocExchange.Signing.Ltv;
using DocExchange.Signing.Pades;
using DocExchange.Signing.Pki;
using DocExchange.Signing.Tests.Infrastructure;
using DocExchange.Signing.Validation;

namespace DocExchange.Signing.Tests.Ltv;

/// <summary>OCSP responses (RFC 6960) from the DSS or the caller: evaluated before CRLs, and only when authorised, matching and current.</summary>
public sealed class OcspValidationTests
{
    private static SamplePki Pki => SharedPki.WithRsaSigners;

    private static ValidationOptions WithoutCrls(params byte[][] ocspResponses) => new()
    {
        TrustAnchors = [Pki.Root.Certificate],
        OcspResponses = ocspResponses,
        RevocationPolicy = RevocationPolicy.Require,
    };

    private static async Task<byte[]> ExtendWithOcspAsync(byte[] signed)
    {
        using var input = new MemoryStream(signed, writable: false);
        using var output = new MemoryStream();
        var data = new LongTermValidationData
        {
            Certificates = Pki.AgencyChain,
            OcspResponses = [
                Pki.AgencyOcsp.CreateResponse(Pki.PersonalSigner),
                Pki.AgencyOcsp.CreateResponse(Pki.RevokedSigner),
                Pki.AgencyOcsp.CreateResponse(Pki.TimestampAuthority),
                Pki.RootOcsp.CreateResponse(Pki.AgencyCa.Certificate),
            ],
        };
        await PadesExtender.ExtendAsync(input, output, PadesLevel.BaselineLT, SignedPdfs.Tsa(Pki), data, CancellationToken.None);
        return output.ToArray();
    }

    [Fact]
    public async Task A_B_LT_signature_whose_DSS_holds_only_good_OCSP_responses_passes_without_any_CRL()
    {
        var signed = await SignedPdfs.SignAsync(TestPdfs.Classic(), Pki.PersonalSigner, Pki.AgencyChain, new PdfSignatureOptions { TimestampAuthority = SignedPdfs.Tsa(Pki) });
        var withoutRevocationData = Assert.Single((await Validate.PdfAsync(signed, WithoutCrls())).Signatures);
        Assert.Equal(SubIndication.TryLater, withoutRevocationData.SubIndication);

        var report = await Validate.PdfAsync(await ExtendWithOcspAsync(signed), WithoutCrls());

        var signature = Assert.Single(report.Signatures);
        Assert.True(signature.Indication == Indication.TotalPassed, string.Join("; ", signature.Errors));
        Assert.Equal(PadesLevel.BaselineLT, signature.Level);
        Assert.DoesNotContain(signature.Warnings, w => w.Contains("Revocation", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_revoked_OCSP_response_in_the_DSS_makes_the_signature_REVOKED()
    {
        var signed = await SignedPdfs.SignAsync(TestPdfs.Classic(), Pki.RevokedSigner, Pki.AgencyChain, new PdfSignatureOptions { TimestampAuthority = SignedPdfs.Tsa(Pki) });

        var signature = Assert.Single((await Validate.PdfAsync(await ExtendWithOcspAsync(signed), WithoutCrls())).Signatures);

        Assert.Equal(Indication.TotalFailed, signature.Indication);
        Assert.Equal(SubIndication.Revoked, signature.SubIndication);
    }

    [Fact]
    public async Task An_OCSP_response_signed_by_an_unauthorised_key_is_not_used_and_CRLs_still_decide()
    {
        using var foreignRoot = CertificateAuthority.CreateRoot(new X500DistinguishedName("CN=Unrelated Root"), PkiKeyAlgorithm.EcdsaP256);
        using var foreignResponder = foreignRoot.Issue(CertificateProfile.OcspResponder, new CertificateSpec(new X500DistinguishedName("CN=Unrelated OCSP")));
        var forgedByForeignResponder = new OcspResponder(Pki.AgencyCa.Certificate, foreignResponder, []).CreateResponse(Pki.PersonalSigner);
        // Issued by the right CA, but not authorised for OCSP signing (no id-kp-OCSPSigning).
        var forgedBySibling = new OcspResponder(Pki.AgencyCa.Certificate, Pki.OrganisationSeal, []).CreateResponse(Pki.PersonalSigner);
        var signed = await SignedPdfs.SignAsync(TestPdfs.Classic(), Pki.PersonalSigner, Pki.AgencyChain);
        var agencyCaGood = Pki.RootOcsp.CreateResponse(Pki.AgencyCa.Certificate);

        foreach (var forged in new[] { forgedByForeignResponder, forgedBySibling })
        {
            var signature = Assert.Single((await Validate.PdfAsync(signed, WithoutCrls(forged, agencyCaGood))).Signatures);
            Assert.Equal(Indication.Indeterminate, signature.Indication);
            Assert.Equal(SubIndication.TryLater, signature.SubIndication);
            Assert.Contains(signature.Errors, e => e.Contains("authoris", StringComparison.Ordinal));

            var withCrls = Assert.Single((await Validate.PdfAsync(signed, WithoutCrls(forged, agencyCaGood) with { Crls = [Pki.AgencyCaCrl] })).Signatures);
            Assert.True(withCrls.Indication == Indication.TotalPassed, string.Join("; ", withCrls.Errors));
        }
    }

    [Fact]
    public async Task A_stale_OCSP_response_is_treated_as_a_stale_CRL_is()
    {
        var signed = await SignedPdfs.SignAsync(TestPdfs.Classic(), Pki.PersonalSigner, Pki.AgencyChain);
        var now = DateTimeOffset.UtcNow;
        var staleOcsp = Pki.AgencyOcsp.CreateResponse(Pki.PersonalSigner, now.AddDays(-10), now.AddDays(-3));
        var staleCrl = Pki.AgencyCa.CreateCrl([], now.AddDays(-10), now.AddDays(-3));
        var agencyCaGood = Pki.RootOcsp.CreateResponse(Pki.AgencyCa.Certificate);

        var withStaleOcsp = Assert.Single((await Validate.PdfAsync(signed, WithoutCrls(staleOcsp, agencyCaGood))).Signatures);
        var withStaleCrl = Assert.Single((await Validate.PdfAsync(signed, WithoutCrls(agencyCaGood) with { Crls = [staleCrl] })).Signatures);

        Assert.Equal((Indication.Indeterminate, SubIndication.TryLater), (withStaleOcsp.Indication, withStaleOcsp.SubIndication));
        Assert.Equal((withStaleCrl.Indication, withStaleCrl.SubIndication), (withStaleOcsp.Indication, withStaleOcsp.SubIndication));
        Assert.Contains(withStaleOcsp.Errors, e => e.Contains("OCSP response", StringComparison.Ordinal) && e.Contains("not current", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OCSP_is_consulted_before_CRLs_so_a_revoked_answer_wins_over_a_CRL_that_does_not_list_the_certificate()
    {
        // The revoked signer is absent from this (stale-free, empty) CRL, but the OCSP response says revoked: OCSP is consulted first.
        var emptyCrl = Pki.AgencyCa.CreateCrl([]);
        var signed = await SignedPdfs.SignAsync(TestPdfs.Classic(), Pki.RevokedSigner, Pki.AgencyChain);
        var options = WithoutCrls(Pki.AgencyOcsp.CreateResponse(Pki.RevokedSigner), Pki.RootOcsp.CreateResponse(Pki.AgencyCa.Certificate)) with { Crls = [emptyCrl] };

        var signature = Assert.Single((await Validate.PdfAsync(signed, options)).Signatures);

        Assert.Equal(Indication.Indeterminate, signature.Indication);
        Assert.Equal(SubIndication.RevokedNoPoe, signature.SubIndication);
    }

    [Theory]
    [InlineData(false, "good")]
    [InlineData(true, "revoked")]
    public async Task Openssl_verifies_the_test_responders_OCSP_responses(bool revoked, string expected)
    {
        using var directory = new TempDirectory();
        var certificate = revoked ? Pki.RevokedSigner : Pki.PersonalSigner;
        await File.WriteAllBytesAsync(directory.File("response.der"), Pki.AgencyOcsp.CreateResponse(certificate));
        await PkiFiles.WriteCertificatePemAsync(directory.File("root.pem"), Pki.Root.Certificate, CancellationToken.None);
        await PkiFiles.WriteCertificatePemAsync(directory.File("agency.pem"), Pki.AgencyCa.Certificate, CancellationToken.None);
        await PkiFiles.WriteCertificatePemAsync(directory.File("cert.pem"), certificate, CancellationToken.None);
        await File.WriteAllTextAsync(directory.File("chain.pem"), await File.ReadAllTextAsync(directory.File("agency.pem")) + await File.ReadAllTextAsync(directory.File("root.pem")));

        var result = await ExternalTool.RunCheckedAsync("openssl", "ocsp", "-respin", directory.File("response.der"), "-CAfile", directory.File("chain.pem"),
            "-issuer", directory.File("agency.pem"), "-cert", directory.File("cert.pem"));

        Assert.Contains("Response verify OK", result.All);
        Assert.Contains($"cert.pem: {expected}", result.All);
    }
}
