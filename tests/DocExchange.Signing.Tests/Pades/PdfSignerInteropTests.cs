using DocExchange.Signing.Pades;
using DocExchange.Signing.Pki;
using DocExchange.Signing.Tests.Infrastructure;

namespace DocExchange.Signing.Tests.Pades;

/// <summary>Our signatures judged by independent tools: pdfsig (NSS), qpdf and openssl.</summary>
public sealed class PdfSignerInteropTests
{
    [Fact]
    public async Task Pdfsig_finds_an_rsa_signature_on_a_classic_pdf_valid_and_trusted()
    {
        var pki = SharedPki.WithRsaSigners;
        var signed = await SignedPdfs.SignAsync(TestPdfs.Classic(), pki.PersonalSigner, pki.AgencyChain);

        using var nss = await NssDatabase.CreateAsync(pki);
        var signature = Assert.Single(await Pdfsig.VerifyAsync(signed, nss));

        Assert.Contains("Signature is Valid.", signature);
        Assert.Contains("Certificate is Trusted.", signature);
        Assert.Contains("Total document signed", signature);
        Assert.Contains("ETSI.CAdES.detached", signature);
    }

    [Fact]
    public async Task Pdfsig_finds_an_ecdsa_signature_on_an_xref_stream_pdf_valid_and_trusted()
    {
        var pki = SharedPki.WithEcdsaSigners;
        var original = await TestPdfs.WithXrefStreamAsync(TestPdfs.Classic(pages: 2));
        var signed = await SignedPdfs.SignAsync(original, pki.OrganisationSeal, pki.AgencyChain);

        using var nss = await NssDatabase.CreateAsync(pki);
        var signature = Assert.Single(await Pdfsig.VerifyAsync(signed, nss));

        Assert.Contains("Signature is Valid.", signature);
        Assert.Contains("Certificate is Trusted.", signature);
        Assert.Contains("Total document signed", signature);
    }

    [Fact]
    public async Task Pdfsig_validates_both_signatures_of_a_person_then_seal_document()
    {
        var pki = SharedPki.WithRsaSigners;
        var personal = await SignedPdfs.SignAsync(TestPdfs.Classic(), pki.PersonalSigner, pki.AgencyChain, new PdfSignatureOptions { Reason = "Ký duyệt" });
        var sealedPdf = await SignedPdfs.SignAsync(personal, pki.OrganisationSeal, pki.AgencyChain, new PdfSignatureOptions
        {
            Reason = "Đóng dấu",
            TimestampAuthority = SignedPdfs.Tsa(pki),
        });

        using var nss = await NssDatabase.CreateAsync(pki);
        var signatures = await Pdfsig.VerifyAsync(sealedPdf, nss);

        Assert.Equal(2, signatures.Count);
        Assert.All(signatures, s => Assert.Contains("Signature is Valid.", s));
        Assert.All(signatures, s => Assert.Contains("Certificate is Trusted.", s));
        Assert.Contains("Nguyễn Văn An", signatures[0]);
        Assert.Contains("Not total document signed", signatures[0]);
        Assert.Contains("Total document signed", signatures[1]);
    }

    [Fact]
    public async Task Pdfsig_validates_rsa_pss_and_p384_signatures()
    {
        var pki = SharedPki.WithRsaSigners;
        using var p384 = pki.AgencyCa.Issue(CertificateProfile.PersonalSigner, new CertificateSpec(new X500DistinguishedName("CN=P-384 Signer, O=Test, C=VN")) { KeyAlgorithm = PkiKeyAlgorithm.EcdsaP384 });
        var pss = await SignedPdfs.SignAsync(TestPdfs.Classic(), pki.PersonalSigner, pki.AgencyChain, useRsaPss: true);
        var ec384 = await SignedPdfs.SignAsync(TestPdfs.Classic(), p384, pki.AgencyChain, new PdfSignatureOptions { DigestAlgorithm = HashAlgorithmName.SHA384 });

        using var nss = await NssDatabase.CreateAsync(pki);

        Assert.Contains("Signature is Valid.", Assert.Single(await Pdfsig.VerifyAsync(pss, nss)));
        Assert.Contains("Signature is Valid.", Assert.Single(await Pdfsig.VerifyAsync(ec384, nss)));
    }

    [Fact]
    public async Task Pdfsig_sees_a_revoked_signer_as_revoked_when_the_crl_is_imported()
    {
        var pki = SharedPki.WithRsaSigners;
        var signed = await SignedPdfs.SignAsync(TestPdfs.Classic(), pki.RevokedSigner, pki.AgencyChain);

        using var nss = await NssDatabase.CreateAsync(pki, importCrls: true);

        Assert.Contains("Certificate has been Revoked.", Assert.Single(await Pdfsig.VerifyAsync(signed, nss)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Qpdf_check_finds_no_problem_in_signed_pdfs(bool xrefStream)
    {
        var pki = SharedPki.WithEcdsaSigners;
        var original = xrefStream ? await TestPdfs.WithXrefStreamAsync(TestPdfs.Classic()) : TestPdfs.Classic();
        var once = await SignedPdfs.SignAsync(original, pki.PersonalSigner, pki.AgencyChain);
        var twice = await SignedPdfs.SignAsync(once, pki.OrganisationSeal, pki.AgencyChain);

        using var directory = new TempDirectory();
        await File.WriteAllBytesAsync(directory.File("signed.pdf"), twice);
        var check = await ExternalTool.RunAsync("qpdf", ["--check", directory.File("signed.pdf")]);

        Assert.True(check.ExitCode == 0, check.All);
        Assert.Contains("No syntax or stream encoding errors found", check.All);
        Assert.DoesNotContain("WARNING", check.All);
    }

    [Fact]
    public async Task Openssl_verifies_the_cms_over_the_signed_byte_ranges()
    {
        var pki = SharedPki.WithRsaSigners;
        var signed = await SignedPdfs.SignAsync(TestPdfs.Classic(), pki.OrganisationSeal, pki.AgencyChain, new PdfSignatureOptions { TimestampAuthority = SignedPdfs.Tsa(pki) });
        var (_, cms, content) = SignedPdfs.ExtractLast(signed);

        using var directory = new TempDirectory();
        await File.WriteAllBytesAsync(directory.File("sig.der"), cms);
        await File.WriteAllBytesAsync(directory.File("content.bin"), content);
        await PkiFiles.WriteCertificatePemAsync(directory.File("root.pem"), pki.Root.Certificate, CancellationToken.None);
        var verify = await ExternalTool.RunAsync("openssl", ["cms", "-verify", "-binary", "-inform", "DER", "-in", directory.File("sig.der"),
            "-content", directory.File("content.bin"), "-CAfile", directory.File("root.pem"), "-purpose", "smimesign", "-out", "/dev/null"]);
        var dump = await ExternalTool.RunCheckedAsync("openssl", "cms", "-cmsout", "-print", "-inform", "DER", "-in", directory.File("sig.der"));

        Assert.True(verify.ExitCode == 0, verify.All);
        Assert.Contains("Verification successful", verify.All);
        Assert.Contains("id-smime-aa-signingCertificateV2", dump.StdOut);
        Assert.Contains("id-smime-aa-timeStampToken", dump.StdOut);
        Assert.DoesNotContain("signingTime", dump.StdOut);
    }
}
