using DocExchange.Signing.Appearance;
using DocExchange.Signing.Pades;
using DocExchange.Signing.Pdf;
using DocExchange.Signing.Tests.Infrastructure;
using DocExchange.Signing.Validation;
using Xunit.Abstractions;

namespace DocExchange.Signing.Tests.Pades;

/// <summary>Documents prepared with an empty signature box for each signer: listing the boxes, and signing into them.</summary>
public sealed class EmptySignatureFieldTests(ITestOutputHelper output)
{
    /// <summary>A two-page document with two empty signature fields (merged field and widget, §12.7.3.1), written by hand.</summary>
    internal static byte[] WithEmptyFields()
    {
        const string content = "BT /F1 18 Tf 72 720 Td (Quyet dinh so 123) Tj ET";
        return TestPdfs.WriteClassic(
        [
            "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [6 0 R 7 0 R] >> >>",
            "<< /Type /Pages /Kids [4 0 R 8 0 R] /Count 2 >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.303937007874 841.889763779528] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R /Annots [6 0 R] >>",
            $"<< /Length {content.Length} >>\nstream\n{content}\nendstream",
            "<< /Type /Annot /Subtype /Widget /FT /Sig /T (ChuyenVien) /F 4 /Rect [60 50 260 110] /P 4 0 R >>",
            "<< /Type /Annot /Subtype /Widget /FT /Sig /T (LanhDao) /F 4 /Rect [320 50 520 110] /P 8 0 R >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.303937007874 841.889763779528] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R /Annots [7 0 R] >>",
        ]);
    }

    [Fact]
    public void The_empty_fields_are_listed_with_their_page_and_rectangle()
    {
        using var input = new MemoryStream(WithEmptyFields());

        var fields = PdfSignatureFields.List(input, CancellationToken.None);

        Assert.Equal(
            [new("ChuyenVien", false, 1, [60, 50, 200, 60]), new("LanhDao", false, 2, [320, 50, 200, 60])],
            fields.Select(f => f with { Rect = f.Rect?.ToArray() }).ToArray(),
            new FieldComparer());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Signing_an_empty_field_by_name_fills_it_and_adds_no_other_field(bool visible)
    {
        var pki = SharedPki.WithEcdsaSigners;
        var signed = await SignedPdfs.SignAsync(WithEmptyFields(), pki.PersonalSigner, pki.AgencyChain, new PdfSignatureOptions
        {
            FieldName = "LanhDao",
            Appearance = visible ? new PdfSignatureAppearance(0, 0, 100, 30) : null,
        });

        using var stream = new MemoryStream(signed);
        var fields = PdfSignatureFields.List(stream, CancellationToken.None);
        var report = await Validate.PdfAsync(signed, Validate.TrustingSample(pki));
        var lanhDao = PdfDocument.Open(signed).GetSignatureFields().Single(f => f.FullName == "LanhDao");

        Assert.Equal(["ChuyenVien:empty", "LanhDao:signed"], fields.Select(f => $"{f.Name}:{(f.IsSigned ? "signed" : "empty")}"));
        var signature = Assert.Single(report.Signatures);
        Assert.Equal("LanhDao", signature.FieldName);
        Assert.True(signature.IsAcceptable, string.Join("; ", signature.Errors));
        Assert.Equal("[320 50 520 110]", string.Join(' ', ((PdfArray)lanhDao.Field["Rect"]!).Items.Select(i => i.ToString())).Insert(0, "[") + "]");
        Assert.Equal(visible, lanhDao.Field.ContainsKey("AP"));
    }

    [Fact]
    public async Task A_second_signature_into_the_other_empty_field_keeps_the_first_allowed()
    {
        var pki = SharedPki.WithRsaSigners;
        var first = await SignedPdfs.SignAsync(WithEmptyFields(), pki.PersonalSigner, pki.AgencyChain, new PdfSignatureOptions { FieldName = "ChuyenVien", Appearance = new PdfSignatureAppearance(0, 0, 1, 1) });
        var both = await SignedPdfs.SignAsync(first, pki.OrganisationSeal, pki.AgencyChain, new PdfSignatureOptions { FieldName = "LanhDao" });

        var report = await Validate.PdfAsync(both, Validate.TrustingSample(pki));

        Assert.Equal(["ChuyenVien", "LanhDao"], report.Signatures.Select(s => s.FieldName));
        Assert.All(report.Signatures, s => Assert.True(s.IsAcceptable, string.Join("; ", s.Errors.Concat(s.Modifications.Select(m => m.Description)))));
        Assert.Equal(ModificationVerdict.Allowed, report.Signatures[0].ModificationVerdict);
    }

    [Fact]
    public async Task Signing_a_field_that_is_already_signed_is_refused_naming_the_empty_ones()
    {
        var pki = SharedPki.WithEcdsaSigners;
        var signed = await SignedPdfs.SignAsync(WithEmptyFields(), pki.PersonalSigner, pki.AgencyChain, new PdfSignatureOptions { FieldName = "ChuyenVien" });

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => SignedPdfs.SignAsync(signed, pki.OrganisationSeal, pki.AgencyChain, new PdfSignatureOptions { FieldName = "ChuyenVien" }));

        Assert.StartsWith("The signature field 'ChuyenVien' is already signed; sign into an empty field ('LanhDao')", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>pdfsig (NSS) signs an empty field after our signature, and we sign one after pdfsig: every signature stays valid.</summary>
    [Theory]
    [InlineData("ours first")]
    [InlineData("pdfsig first")]
    public async Task Signatures_of_pdfsig_and_ours_in_the_empty_fields_keep_each_other_valid(string order)
    {
        var pki = SharedPki.WithRsaSigners;
        using var nss = await NssDatabase.CreateAsync(pki);
        var nickname = await nss.ImportKeyAsync(pki.PersonalSigner, pki.AgencyChain);
        byte[] result;
        if (order == "ours first")
        {
            var ours = await SignedPdfs.SignAsync(WithEmptyFields(), pki.OrganisationSeal, pki.AgencyChain, new PdfSignatureOptions { FieldName = "LanhDao", Appearance = new PdfSignatureAppearance(0, 0, 1, 1) });
            result = await PdfsigSignAsync(nss, nickname, ours, "ChuyenVien");
        }
        else
        {
            var theirs = await PdfsigSignAsync(nss, nickname, WithEmptyFields(), "ChuyenVien");
            result = await SignedPdfs.SignAsync(theirs, pki.OrganisationSeal, pki.AgencyChain, new PdfSignatureOptions { FieldName = "LanhDao", Appearance = new PdfSignatureAppearance(0, 0, 1, 1) });
        }

        var verdicts = await Judges.JudgeAsync(result, pki, nss);
        output.WriteLine(verdicts.Table($"{order}: pdfsig into 'ChuyenVien', ours into 'LanhDao'"));

        Assert.Equal(2, verdicts.Ours.Signatures.Count);
        Assert.All(verdicts.Ours.Signatures, s => Assert.True(s.IsAcceptable, string.Join("; ", s.Errors.Concat(s.Modifications.Select(m => m.Description)))));
        Assert.Equal(ModificationVerdict.Allowed, verdicts.Ours.Signatures.Single(s => !s.Coverage!.IsLastRevision).ModificationVerdict);
        Assert.True(verdicts.PdfsigAllValid, string.Join("\n", verdicts.Pdfsig));
    }

    internal static async Task<byte[]> PdfsigSignAsync(NssDatabase nss, string nickname, byte[] pdf, string field)
    {
        var input = nss.File(Guid.NewGuid().ToString("N") + ".pdf");
        var signed = nss.File(Guid.NewGuid().ToString("N") + "-signed.pdf");
        await File.WriteAllBytesAsync(input, pdf);
        await ExternalTool.RunCheckedAsync("pdfsig", "-nssdir", nss.Argument, "-nick", nickname, "-sign", field, "-reason", "pdfsig", input, signed);
        return await File.ReadAllBytesAsync(signed);
    }

    private sealed class FieldComparer : IEqualityComparer<PdfSignatureFieldInfo>
    {
        public bool Equals(PdfSignatureFieldInfo? x, PdfSignatureFieldInfo? y) =>
            x is not null && y is not null && (x.Name, x.IsSigned, x.Page) == (y.Name, y.IsSigned, y.Page) && (x.Rect ?? []).SequenceEqual(y.Rect ?? []);

        public int GetHashCode(PdfSignatureFieldInfo obj) => obj.Name.GetHashCode(StringComparison.Ordinal);
    }
}
