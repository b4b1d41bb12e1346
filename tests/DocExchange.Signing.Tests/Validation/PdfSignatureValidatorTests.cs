using System.Text;
using DocExchange.Signing.Pades;
using DocExchange.Signing.Pki;
using DocExchange.Signing.Tests.Infrastructure;
using DocExchange.Signing.Validation;

namespace DocExchange.Signing.Tests.Validation;

public sealed class PdfSignatureValidatorTests
{
    private static SamplePki Rsa => SharedPki.WithRsaSigners;
    private static SamplePki Ec => SharedPki.WithEcdsaSigners;

    [Fact]
    public async Task A_valid_personal_signature_passes_with_signer_details_and_coverage()
    {
        var signed = await SignedPdfs.SignAsync(TestPdfs.Classic(), Rsa.PersonalSigner, Rsa.AgencyChain);

        var report = await Validate.PdfAsync(signed, Validate.TrustingSample(Rsa));

        var signature = Assert.Single(report.Signatures);
        Assert.True(signature.Indication == Indication.TotalPassed, string.Join("; ", signature.Errors));
        Assert.Equal(SubIndication.None, signature.SubIndication);
        Assert.Equal(SignatureKind.Personal, signature.Kind);
        Assert.Equal(PadesLevel.BaselineB, signature.Level);
        Assert.Equal("Nguyễn Văn An", signature.Signer!.CommonName);
        Assert.Equal("Bộ Tài chính", signature.Signer.Organization);
        Assert.Equal("000.00.00.G12", signature.Signer.AgencyCode);
        Assert.Equal(SHA256.HashData(Rsa.PersonalSigner.RawData), signature.Signer.CertificateSha256);
        Assert.Equal(new SignatureCoverage(signature.Coverage!.ByteRange, 2, true, true), signature.Coverage);
        Assert.Equal(ModificationVerdict.None, signature.ModificationVerdict);
        Assert.Equal("SHA-256", signature.DigestAlgorithm);
        Assert.StartsWith("RSA PKCS#1 v1.5", signature.SignatureAlgorithm);
        Assert.NotNull(signature.ClaimedSigningTime);
        Assert.Null(signature.TimestampTime);
        Assert.Equal(2, report.RevisionCount);
        Assert.Equal(SHA256.HashData(signed), report.DocumentSha256);
    }

    [Fact]
    public async Task A_timestamped_ecdsa_seal_on_an_xref_stream_pdf_reaches_b_t()
    {
        var original = await TestPdfs.WithXrefStreamAsync(TestPdfs.Classic());
        var signed = await SignedPdfs.SignAsync(original, Ec.OrganisationSeal, Ec.AgencyChain, new PdfSignatureOptions { TimestampAuthority = SignedPdfs.Tsa(Ec) });

        var signature = Assert.Single((await Validate.PdfAsync(signed, Validate.TrustingSample(Ec))).Signatures);

        Assert.True(signature.Indication == Indication.TotalPassed, string.Join("; ", signature.Errors.Concat(signature.Warnings)));
        Assert.Equal(PadesLevel.BaselineT, signature.Level);
        Assert.Equal(SignatureKind.Agency, signature.Kind);
        Assert.NotNull(signature.TimestampTime);
        Assert.StartsWith("ECDSA", signature.SignatureAlgorithm);
    }

    [Fact]
    public async Task An_rsa_pss_signature_passes()
    {
        var signed = await SignedPdfs.SignAsync(TestPdfs.Classic(), Rsa.PersonalSigner, Rsa.AgencyChain, useRsaPss: true);

        var signature = Assert.Single((await Validate.PdfAsync(signed, Validate.TrustingSample(Rsa))).Signatures);

        Assert.Equal(Indication.TotalPassed, signature.Indication);
        Assert.StartsWith("RSASSA-PSS", signature.SignatureAlgorithm);
    }

    [Fact]
    public async Task A_byte_changed_inside_the_signed_range_is_a_hash_failure()
    {
        var signed = await SignedPdfs.SignAsync(TestPdfs.Classic(), Rsa.PersonalSigner, Rsa.AgencyChain);
        var at = Encoding.Latin1.GetString(signed).IndexOf("(Hello 1)", StringComparison.Ordinal);
        signed[at + 1] = (byte)'J';

        var signature = Assert.Single((await Validate.PdfAsync(signed, Validate.TrustingSample(Rsa))).Signatures);

        Assert.Equal(Indication.TotalFailed, signature.Indication);
        Assert.Equal(SubIndication.HashFailure, signature.SubIndication);
    }

    [Fact]
    public async Task A_flipped_bit_in_the_signature_value_is_a_crypto_failure()
    {
        var signed = await SignedPdfs.SignAsync(TestPdfs.Classic(), Rsa.PersonalSigner, Rsa.AgencyChain);
        var (range, cms, _) = SignedPdfs.ExtractLast(signed);
        // The RSA-2048 signature value is the last 256 bytes of this CMS (no unsigned attributes).
        var hexOffset = (int)range[1] + 1 + (2 * (cms.Length - 10));
        signed[hexOffset] = (byte)(signed[hexOffset] == (byte)'0' ? '1' : '0');

        var signature = Assert.Single((await Validate.PdfAsync(signed, Validate.TrustingSample(Rsa))).Signatures);

        Assert.Equal(Indication.TotalFailed, signature.Indication);
        Assert.Equal(SubIndication.SigCryptoFailure, signature.SubIndication);
    }

    [Fact]
    public async Task Changing_page_content_after_signing_is_a_disallowed_modification()
    {
        var signed = await SignedPdfs.SignAsync(TestPdfs.Classic(), Rsa.PersonalSigner, Rsa.AgencyChain);
        var tampered = TestPdfs.AppendClassicUpdate(signed, new Dictionary<int, string>
        {
            [5] = "<< /Length 44 >>\nstream\nBT /F1 24 Tf 72 720 Td (Pay 1000000) Tj ET\nendstream",
        });

        var signature = Assert.Single((await Validate.PdfAsync(tampered, Validate.TrustingSample(Rsa))).Signatures);

        Assert.Equal(Indication.TotalPassed, signature.Indication);
        Assert.Equal(ModificationVerdict.Disallowed, signature.ModificationVerdict);
        Assert.False(signature.IsAcceptable);
        Assert.False(signature.Coverage!.IsLastRevision);
        var modification = Assert.Single(signature.Modifications);
        Assert.Equal(3, modification.Revision);
        Assert.False(modification.Allowed);
        Assert.Contains("content of page 1", modification.Description);
    }

    [Fact]
    public async Task Adding_a_page_after_signing_is_a_disallowed_modification()
    {
        var signed = await SignedPdfs.SignAsync(TestPdfs.Classic(), Rsa.PersonalSigner, Rsa.AgencyChain);
        var tampered = TestPdfs.AppendClassicUpdate(signed, new Dictionary<int, string>
        {
            [2] = "<< /Type /Pages /Kids [4 0 R 40 0 R] /Count 2 >>",
            [40] = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 41 0 R >>",
            [41] = "<< /Length 0 >>\nstream\n\nendstream",
        });

        var signature = Assert.Single((await Validate.PdfAsync(tampered, Validate.TrustingSample(Rsa))).Signatures);

        Assert.Equal(ModificationVerdict.Disallowed, signature.ModificationVerdict);
        Assert.Contains(signature.Modifications, m => !m.Allowed && m.Description.Contains("page tree", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Adding_a_non_signature_annotation_after_signing_is_disallowed()
    {
        var signed = await SignedPdfs.SignAsync(TestPdfs.Classic(), Rsa.PersonalSigner, Rsa.AgencyChain);
        var widget = Signing.Pdf.PdfDocument.Open(signed).GetSignatureFields().Single().FieldReference!;
        var tampered = TestPdfs.AppendClassicUpdate(signed, new Dictionary<int, string>
        {
            [4] = $"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R /Annots [{widget} 40 0 R] >>",
            [40] = "<< /Type /Annot /Subtype /FreeText /Rect [72 600 300 650] /Contents (APPROVED) /DA (/Helv 12 Tf 0 g) >>",
        });

        var signature = Assert.Single((await Validate.PdfAsync(tampered, Validate.TrustingSample(Rsa))).Signatures);

        Assert.Equal(ModificationVerdict.Disallowed, signature.ModificationVerdict);
        Assert.Contains(signature.Modifications, m => !m.Allowed && m.Description.Contains("/FreeText", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_second_signature_keeps_the_first_valid_with_allowed_modifications()
    {
        var personal = await SignedPdfs.SignAsync(TestPdfs.Classic(), Rsa.PersonalSigner, Rsa.AgencyChain);
        var both = await SignedPdfs.SignAsync(personal, Rsa.OrganisationSeal, Rsa.AgencyChain, new PdfSignatureOptions { TimestampAuthority = SignedPdfs.Tsa(Rsa) });

        var report = await Validate.PdfAsync(both, Validate.TrustingSample(Rsa));

        Assert.Equal(2, report.Signatures.Count);
        var (first, second) = (report.Signatures[0], report.Signatures[1]);
        Assert.Equal(Indication.TotalPassed, first.Indication);
        Assert.Equal(ModificationVerdict.Allowed, first.ModificationVerdict);
        Assert.True(first.IsAcceptable);
        Assert.False(first.Coverage!.IsLastRevision);
        Assert.All(first.Modifications, m => Assert.True(m.Allowed, m.Description));
        Assert.Contains(first.Modifications, m => m.Description.Contains("Adds signature 'Signature2'", StringComparison.Ordinal));
        Assert.Equal(Indication.TotalPassed, second.Indication);
        Assert.Equal(ModificationVerdict.None, second.ModificationVerdict);
        Assert.Equal((SignatureKind.Personal, SignatureKind.Agency), (first.Kind, second.Kind));
    }

    [Fact]
    public async Task A_second_signature_on_an_xref_stream_pdf_keeps_the_first_allowed()
    {
        var original = await TestPdfs.WithXrefStreamAsync(TestPdfs.Classic());
        var personal = await SignedPdfs.SignAsync(original, Ec.PersonalSigner, Ec.AgencyChain);
        var both = await SignedPdfs.SignAsync(personal, Ec.OrganisationSeal, Ec.AgencyChain);

        var report = await Validate.PdfAsync(both, Validate.TrustingSample(Ec));

        Assert.All(report.Signatures, s => Assert.Equal(Indication.TotalPassed, s.Indication));
        Assert.Equal(ModificationVerdict.Allowed, report.Signatures[0].ModificationVerdict);
    }

    [Fact]
    public async Task An_expired_signer_without_timestamp_is_indeterminate_out_of_bounds()
    {
        var signed = await SignedPdfs.SignAsync(TestPdfs.Classic(), Rsa.ExpiredSigner, Rsa.AgencyChain);

        var signature = Assert.Single((await Validate.PdfAsync(signed, Validate.TrustingSample(Rsa))).Signatures);

        Assert.Equal((Indication.Indeterminate, SubIndication.OutOfBoundsNoPoe), (signature.Indication, signature.SubIndication));
    }

    [Fact]
    public async Task An_expired_signer_timestamped_after_expiry_is_total_failed_expired()
    {
        var signed = await SignedPdfs.SignAsync(TestPdfs.Classic(), Rsa.ExpiredSigner, Rsa.AgencyChain, new PdfSignatureOptions { TimestampAuthority = SignedPdfs.Tsa(Rsa) });

        var signature = Assert.Single((await Validate.PdfAsync(signed, Validate.TrustingSample(Rsa))).Signatures);

        Assert.Equal((Indication.TotalFailed, SubIndication.Expired), (signature.Indication, signature.SubIndication));
    }

    [Fact]
    public async Task A_revoked_signer_timestamped_after_revocation_is_total_failed_revoked()
    {
        var signed = await SignedPdfs.SignAsync(TestPdfs.Classic(), Rsa.RevokedSigner, Rsa.AgencyChain, new PdfSignatureOptions { TimestampAuthority = SignedPdfs.Tsa(Rsa) });

        var signature = Assert.Single((await Validate.PdfAsync(signed, Validate.TrustingSample(Rsa))).Signatures);

        Assert.Equal((Indication.TotalFailed, SubIndication.Revoked), (signature.Indication, signature.SubIndication));
    }

    [Fact]
    public async Task A_revoked_signer_without_timestamp_is_indeterminate_revoked_no_poe()
    {
        var signed = await SignedPdfs.SignAsync(TestPdfs.Classic(), Rsa.RevokedSigner, Rsa.AgencyChain);

        var signature = Assert.Single((await Validate.PdfAsync(signed, Validate.TrustingSample(Rsa))).Signatures);

        Assert.Equal((Indication.Indeterminate, SubIndication.RevokedNoPoe), (signature.Indication, signature.SubIndication));
    }

    [Fact]
    public async Task A_signer_under_an_untrusted_root_has_no_certificate_chain()
    {
        var signed = await SignedPdfs.SignAsync(TestPdfs.Classic(), Rsa.PersonalSigner, Rsa.AgencyChain);
        var options = Validate.TrustingSample(Rsa) with { TrustAnchors = [Ec.Root.Certificate] };

        var signature = Assert.Single((await Validate.PdfAsync(signed, options)).Signatures);

        Assert.Equal((Indication.Indeterminate, SubIndication.NoCertificateChainFound), (signature.Indication, signature.SubIndication));
    }

    [Fact]
    public async Task Without_crls_revocation_is_unknown_so_the_result_is_try_later()
    {
        var signed = await SignedPdfs.SignAsync(TestPdfs.Classic(), Rsa.PersonalSigner, Rsa.AgencyChain);
        var options = Validate.TrustingSample(Rsa) with { Crls = [] };

        var signature = Assert.Single((await Validate.PdfAsync(signed, options)).Signatures);
        var bestEffort = Assert.Single((await Validate.PdfAsync(signed, options with { RevocationPolicy = RevocationPolicy.BestEffort })).Signatures);

        Assert.Equal((Indication.Indeterminate, SubIndication.TryLater), (signature.Indication, signature.SubIndication));
        Assert.Equal(Indication.TotalPassed, bestEffort.Indication);
        Assert.Contains(bestEffort.Warnings, w => w.Contains("Revocation", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_newest_current_crl_decides_whatever_order_the_crls_come_in(bool newestFirst)
    {
        // Both lists are current; only the newer one, issued after the revocation, lists the revoked signer.
        var signed = await SignedPdfs.SignAsync(TestPdfs.Classic(), Rsa.RevokedSigner, Rsa.AgencyChain);
        var older = Rsa.AgencyCa.CreateCrl([], thisUpdate: DateTimeOffset.UtcNow.AddDays(-2), nextUpdate: DateTimeOffset.UtcNow.AddDays(5));
        var newer = Rsa.AgencyCaCrl;
        var options = Validate.TrustingSample(Rsa) with { Crls = newestFirst ? [newer, older, Rsa.RootCrl] : [older, newer, Rsa.RootCrl] };

        var signature = Assert.Single((await Validate.PdfAsync(signed, options)).Signatures);

        Assert.Equal((Indication.Indeterminate, SubIndication.RevokedNoPoe), (signature.Indication, signature.SubIndication));
    }

    [Fact]
    public async Task A_crl_signed_by_another_ca_is_not_believed()
    {
        var signed = await SignedPdfs.SignAsync(TestPdfs.Classic(), Rsa.RevokedSigner, Rsa.AgencyChain);
        // A CRL claiming to come from Rsa's agency CA but signed by Ec's agency CA must not clear the revoked signer.
        var forged = Ec.AgencyCaCrl;
        var options = Validate.TrustingSample(Rsa) with { Crls = [forged, Rsa.RootCrl] };

        var signature = Assert.Single((await Validate.PdfAsync(signed, options)).Signatures);

        Assert.Equal((Indication.Indeterminate, SubIndication.TryLater), (signature.Indication, signature.SubIndication));
    }

    [Fact]
    public async Task A_truncated_cms_in_contents_is_a_format_failure()
    {
        var signed = await SignedPdfs.SignAsync(TestPdfs.Classic(), Rsa.PersonalSigner, Rsa.AgencyChain);
        var (range, cms, _) = SignedPdfs.ExtractLast(signed);
        for (var i = (int)range[1] + 1 + cms.Length; i < (int)range[1] + 1 + (2 * cms.Length); i++)
        {
            signed[i] = (byte)'0';
        }

        var signature = Assert.Single((await Validate.PdfAsync(signed, Validate.TrustingSample(Rsa))).Signatures);

        Assert.Equal((Indication.TotalFailed, SubIndication.FormatFailure), (signature.Indication, signature.SubIndication));
    }

    [Fact]
    public async Task A_byte_range_that_skips_more_than_contents_is_a_format_failure()
    {
        var signed = await SignedPdfs.SignAsync(TestPdfs.Classic(), Rsa.PersonalSigner, Rsa.AgencyChain);
        var text = Encoding.Latin1.GetString(signed);
        var (range, _, _) = SignedPdfs.ExtractLast(signed);
        var original = $"[0 {range[1]} {range[2]} {range[3]}]";
        var widened = $"[0 {range[1] - 2} {range[2]} {range[3]}]".PadRight(original.Length);
        var tampered = Encoding.Latin1.GetBytes(text.Replace(original, widened, StringComparison.Ordinal));

        var signature = Assert.Single((await Validate.PdfAsync(tampered, Validate.TrustingSample(Rsa))).Signatures);

        Assert.Equal((Indication.TotalFailed, SubIndication.FormatFailure), (signature.Indication, signature.SubIndication));
    }

    [Fact]
    public async Task A_pdf_without_signatures_gives_an_empty_report()
    {
        var report = await Validate.PdfAsync(TestPdfs.Classic(), Validate.TrustingSample(Rsa));

        Assert.Empty(report.Signatures);
        Assert.Equal(1, report.RevisionCount);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage garbage garbage garbage garbage")]
    [InlineData("%PDF-1.7\n%%EOF\n")]
    public async Task Garbage_is_a_format_error(string content)
    {
        await Assert.ThrowsAsync<Signing.Pdf.PdfFormatException>(() => Validate.PdfAsync(Encoding.Latin1.GetBytes(content), Validate.TrustingSample(Rsa)));
    }

    [Fact]
    public async Task A_truncated_signed_pdf_is_a_format_error()
    {
        var signed = await SignedPdfs.SignAsync(TestPdfs.Classic(), Rsa.PersonalSigner, Rsa.AgencyChain);

        await Assert.ThrowsAsync<Signing.Pdf.PdfFormatException>(() => Validate.PdfAsync(signed[..(signed.Length - 20)], Validate.TrustingSample(Rsa)));
    }
}
