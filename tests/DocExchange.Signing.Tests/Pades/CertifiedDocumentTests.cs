using System.Text.Json;
using DocExchange.Signing.Pades;
using DocExchange.Signing.Tests.Infrastructure;
using DocExchange.Signing.Validation;

namespace DocExchange.Signing.Tests.Pades;

/// <summary>Certification signatures (DocMDP, ISO 32000-1 §12.8.2.2) and what each permission lets later revisions change.</summary>
public sealed class CertifiedDocumentTests
{
    private static SamplePki Pki => SharedPki.WithEcdsaSigners;

    private static Task<byte[]> CertifyAsync(byte[] pdf, CertificationLevel level) =>
        SignedPdfs.SignAsync(pdf, Pki.OrganisationSeal, Pki.AgencyChain, new PdfSignatureOptions { Certification = level, Reason = "Certified" });

    [Fact]
    public async Task A_document_certified_with_no_changes_allowed_is_not_signed_again()
    {
        var certified = TestPdfs.WriteClassic([
            "<< /Type /Catalog /Pages 2 0 R /Perms << /DocMDP 5 0 R >> >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
            "<< /TransformMethod /DocMDP /TransformParams << /Type /TransformParams /P 1 /V /1.2 >> >>",
            "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /Reference [4 0 R] >>",
        ]);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SignedPdfs.SignAsync(certified, Pki.PersonalSigner, Pki.AgencyChain));
        Assert.Contains("P=1", error.Message);
    }

    [Theory]
    [InlineData(CertificationLevel.NoChanges, 1)]
    [InlineData(CertificationLevel.FormFillingAndSigning, 2)]
    [InlineData(CertificationLevel.AnnotationsFormFillingAndSigning, 3)]
    public async Task The_signer_writes_a_DocMDP_certification_that_qpdf_reads_and_our_validator_reports(CertificationLevel level, int p)
    {
        var certified = await CertifyAsync(TestPdfs.Classic(), level);

        // qpdf as an independent reader: /Perms /DocMDP is the signature dictionary, whose /Reference holds the DocMDP transform.
        using var directory = new TempDirectory();
        await File.WriteAllBytesAsync(directory.File("certified.pdf"), certified);
        var json = (await ExternalTool.RunCheckedAsync("qpdf", "--json=2", "--json-key=qpdf", directory.File("certified.pdf"))).StdOut;
        using var parsed = JsonDocument.Parse(json);
        var objects = parsed.RootElement.GetProperty("qpdf")[1];
        JsonElement Resolve(JsonElement value) => value.ValueKind == JsonValueKind.String && value.GetString()!.EndsWith(" R", StringComparison.Ordinal)
            ? objects.GetProperty("obj:" + value.GetString()).GetProperty("value") : value;
        var catalog = Resolve(objects.GetProperty("trailer").GetProperty("value").GetProperty("/Root"));
        var signature = Resolve(Resolve(catalog.GetProperty("/Perms")).GetProperty("/DocMDP"));
        Assert.Equal("/Sig", signature.GetProperty("/Type").GetString());
        var transform = Resolve(Resolve(signature.GetProperty("/Reference"))[0]);
        Assert.Equal("/DocMDP", transform.GetProperty("/TransformMethod").GetString());
        Assert.Equal(p, Resolve(transform.GetProperty("/TransformParams")).GetProperty("/P").GetInt32());
        var check = await ExternalTool.RunAsync("qpdf", ["--check", directory.File("certified.pdf")]);
        Assert.True(check.ExitCode == 0, check.All);

        var report = Assert.Single((await Validate.PdfAsync(certified, Validate.TrustingSample(Pki))).Signatures);
        Assert.True(report.Indication == Indication.TotalPassed, string.Join("; ", report.Errors));
        Assert.Equal(p, report.DocMdpPermission);
    }

    [Fact]
    public async Task Only_the_first_signature_can_certify()
    {
        var signed = await SignedPdfs.SignAsync(TestPdfs.Classic(), Pki.PersonalSigner, Pki.AgencyChain);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => CertifyAsync(signed, CertificationLevel.FormFillingAndSigning));
        Assert.Contains("first signature", error.Message);
    }

    [Fact]
    public async Task Signing_after_a_P1_certification_made_by_our_signer_is_refused()
    {
        var certified = await CertifyAsync(TestPdfs.Classic(), CertificationLevel.NoChanges);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SignedPdfs.SignAsync(certified, Pki.PersonalSigner, Pki.AgencyChain));
        Assert.Contains("P=1", error.Message);
    }

    [Fact]
    public async Task An_approval_signature_after_a_P2_certification_keeps_both_valid_in_our_validator_and_pdfsig()
    {
        var certified = await CertifyAsync(TestPdfs.Classic(), CertificationLevel.FormFillingAndSigning);
        var approved = await SignedPdfs.SignAsync(certified, Pki.PersonalSigner, Pki.AgencyChain);

        var report = await Validate.PdfAsync(approved, Validate.TrustingSample(Pki));

        Assert.Equal(2, report.Signatures.Count);
        var (certification, approval) = (report.Signatures[0], report.Signatures[1]);
        Assert.Equal(2, certification.DocMdpPermission);
        Assert.Equal(0, approval.DocMdpPermission);
        Assert.True(certification.IsAcceptable, string.Join("; ", certification.Errors.Concat(certification.Modifications.Select(m => m.Description))));
        Assert.Equal(ModificationVerdict.Allowed, certification.ModificationVerdict);
        Assert.True(approval.IsAcceptable, string.Join("; ", approval.Errors));
        using var nss = await NssDatabase.CreateAsync(Pki);
        var pdfsig = await Pdfsig.VerifyAsync(approved, nss);
        Assert.Equal(2, pdfsig.Count);
        Assert.All(pdfsig, s => Assert.Contains("Signature is Valid.", s));
    }

    [Fact]
    public async Task Adding_an_annotation_after_a_P2_certification_violates_it()
    {
        var certified = await CertifyAsync(TestPdfs.Classic(), CertificationLevel.FormFillingAndSigning);

        var certification = Assert.Single((await Validate.PdfAsync(AddFreeTextAnnotation(certified), Validate.TrustingSample(Pki))).Signatures);

        Assert.Equal(Indication.TotalPassed, certification.Indication);
        Assert.Equal(ModificationVerdict.Disallowed, certification.ModificationVerdict);
        Assert.False(certification.IsAcceptable);
        var violation = Assert.Single(certification.Modifications, m => !m.Allowed);
        Assert.Contains("/FreeText", violation.Description);
        Assert.Contains("DocMDP P=2", violation.Description);
        Assert.Contains(certification.Warnings, w => w.Contains("not allowed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Adding_an_annotation_after_a_P3_certification_is_allowed()
    {
        var certified = await CertifyAsync(TestPdfs.Classic(), CertificationLevel.AnnotationsFormFillingAndSigning);

        var certification = Assert.Single((await Validate.PdfAsync(AddFreeTextAnnotation(certified), Validate.TrustingSample(Pki))).Signatures);

        Assert.True(certification.IsAcceptable, string.Join("; ", certification.Modifications.Select(m => m.Description)));
        Assert.Equal(ModificationVerdict.Allowed, certification.ModificationVerdict);
        Assert.Contains(certification.Modifications, m => m.Allowed && m.Description.Contains("adds 1 annotation", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Modifying_and_deleting_an_existing_annotation_is_allowed_by_P3_but_not_by_P2()
    {
        foreach (var (level, allowed) in new[] { (CertificationLevel.AnnotationsFormFillingAndSigning, true), (CertificationLevel.FormFillingAndSigning, false) })
        {
            var certified = await CertifyAsync(WithTextAnnotation(), level);
            var widget = Signing.Pdf.PdfDocument.Open(certified).GetSignatureFields().Single().FieldReference!;
            var modified = TestPdfs.AppendClassicUpdate(certified, new Dictionary<int, string>
            {
                [6] = "<< /Type /Annot /Subtype /Text /Rect [72 700 92 720] /Contents (Reviewed: approved) >>",
            });
            var deleted = TestPdfs.AppendClassicUpdate(modified, new Dictionary<int, string>
            {
                [4] = $"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R /Annots [{widget}] >>",
            });

            var certification = Assert.Single((await Validate.PdfAsync(deleted, Validate.TrustingSample(Pki))).Signatures);

            var descriptions = string.Join("; ", certification.Modifications.Select(m => $"{m.Allowed}: {m.Description}"));
            Assert.True(allowed == (certification.ModificationVerdict == ModificationVerdict.Allowed), $"{level}: {descriptions}");
            Assert.Contains(certification.Modifications, m => m.Revision == 3 && m.Allowed == allowed && m.Description.Contains("Modifies a /Text annotation", StringComparison.Ordinal));
            Assert.Contains(certification.Modifications, m => m.Revision == 4 && m.Allowed == allowed && m.Description.Contains("removes 1 annotation", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Changing_page_content_after_a_P3_certification_violates_it()
    {
        var certified = await CertifyAsync(TestPdfs.Classic(), CertificationLevel.AnnotationsFormFillingAndSigning);
        var tampered = TestPdfs.AppendClassicUpdate(certified, new Dictionary<int, string>
        {
            [5] = "<< /Length 44 >>\nstream\nBT /F1 24 Tf 72 720 Td (Pay 1000000) Tj ET\nendstream",
        });

        var certification = Assert.Single((await Validate.PdfAsync(tampered, Validate.TrustingSample(Pki))).Signatures);

        Assert.Equal(ModificationVerdict.Disallowed, certification.ModificationVerdict);
        Assert.Contains(certification.Modifications, m => !m.Allowed && m.Description.Contains("content of page 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Filling_in_a_form_field_after_a_P2_certification_is_allowed_but_redefining_the_field_is_not()
    {
        var certified = await CertifyAsync(WithTextField(), CertificationLevel.FormFillingAndSigning);
        const string appearance = "BT /F1 12 Tf 2 5 Td (Bo Noi vu) Tj ET";
        var filled = TestPdfs.AppendClassicUpdate(certified, new Dictionary<int, string>
        {
            [7] = "<< /Type /Annot /Subtype /Widget /FT /Tx /T (Recipient) /V (Bo Noi vu) /Rect [72 600 300 620] /P 4 0 R /AP << /N 30 0 R >> >>",
            [30] = $"<< /Type /XObject /Subtype /Form /BBox [0 0 228 20] /Length {appearance.Length} >>\nstream\n{appearance}\nendstream",
        });
        var redefined = TestPdfs.AppendClassicUpdate(filled, new Dictionary<int, string>
        {
            [7] = "<< /Type /Annot /Subtype /Widget /FT /Tx /Ff 1 /T (Recipient) /V (Bo Noi vu) /Rect [72 600 300 620] /P 4 0 R /AP << /N 30 0 R >> >>",
        });

        var afterFilling = Assert.Single((await Validate.PdfAsync(filled, Validate.TrustingSample(Pki))).Signatures);
        var afterRedefining = Assert.Single((await Validate.PdfAsync(redefined, Validate.TrustingSample(Pki))).Signatures);

        Assert.True(afterFilling.IsAcceptable, string.Join("; ", afterFilling.Modifications.Select(m => m.Description)));
        Assert.Contains(afterFilling.Modifications, m => m.Allowed && m.Description.Contains("Fills in the form field 'Recipient'", StringComparison.Ordinal));
        Assert.Equal(ModificationVerdict.Disallowed, afterRedefining.ModificationVerdict);
        Assert.Contains(afterRedefining.Modifications, m => !m.Allowed && m.Description.Contains("/Ff", StringComparison.Ordinal));
    }

    /// <summary>Appends a revision that adds a FreeText annotation next to the signature widget on page 1.</summary>
    private static byte[] AddFreeTextAnnotation(byte[] signed)
    {
        var widget = Signing.Pdf.PdfDocument.Open(signed).GetSignatureFields().Single().FieldReference!;
        return TestPdfs.AppendClassicUpdate(signed, new Dictionary<int, string>
        {
            [4] = $"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R /Annots [{widget} 40 0 R] >>",
            [40] = "<< /Type /Annot /Subtype /FreeText /Rect [72 600 300 650] /Contents (APPROVED) /DA (/Helv 12 Tf 0 g) >>",
        });
    }

    private const string Content = "BT /F1 24 Tf 72 720 Td (Hello 1) Tj ET";

    /// <summary>One page with a sticky-note annotation (object 6).</summary>
    private static byte[] WithTextAnnotation() => TestPdfs.WriteClassic([
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R /Annots [6 0 R] >>",
        $"<< /Length {Content.Length} >>\nstream\n{Content}\nendstream",
        "<< /Type /Annot /Subtype /Text /Rect [72 700 92 720] /Contents (Reviewed) >>",
    ]);

    /// <summary>One page with an empty text field (object 7, appearance 8) in the AcroForm (object 6).</summary>
    private static byte[] WithTextField() => TestPdfs.WriteClassic([
        "<< /Type /Catalog /Pages 2 0 R /AcroForm 6 0 R >>",
        "<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R /Annots [7 0 R] >>",
        $"<< /Length {Content.Length} >>\nstream\n{Content}\nendstream",
        "<< /Fields [7 0 R] /DA (/Helv 12 Tf 0 g) >>",
        "<< /Type /Annot /Subtype /Widget /FT /Tx /T (Recipient) /V () /Rect [72 600 300 620] /P 4 0 R /AP << /N 8 0 R >> >>",
        "<< /Type /XObject /Subtype /Form /BBox [0 0 228 20] /Length 0 >>\nstream\n\nendstream",
    ]);
}
