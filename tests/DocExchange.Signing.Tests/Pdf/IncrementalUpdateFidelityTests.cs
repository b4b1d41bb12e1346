using System.Text;
using DocExchange.Signing.Pades;
using DocExchange.Signing.Tests.Infrastructure;
using DocExchange.Signing.Validation;

namespace DocExchange.Signing.Tests.Pdf;

/// <summary>
/// An incremental update that rewrites a dictionary to add one entry must copy every other value as the same token:
/// a re-formatted number or string is a change to the signed revision under another signature's eyes.
/// </summary>
public sealed class IncrementalUpdateFidelityTests
{
    // LibreOffice writes A4 as 595.303937007874 x 841.889763779528; the rest are tokens a writer may spell differently.
    private const string MediaBox = "[0 0 595.303937007874 841.889763779528]";
    private const string OddTokens = @"/UserUnit 1.00000000000001 /PieceInfo << /X (Vi\351t \(1\)\n) /N /A#42 /I 007 /R -.5 >>";

    private static byte[] LibreOfficeLikePdf()
    {
        const string content = "BT /F1 24 Tf 72 720 Td (Hello) Tj ET";
        return TestPdfs.WriteClassic(
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [4 0 R 6 0 R] /Count 2 >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            $"<< /Type /Page /Parent 2 0 R /MediaBox {MediaBox} {OddTokens} /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
            $"<< /Length {content.Length} >>\nstream\n{content}\nendstream",
            $"<< /Type /Page /Parent 2 0 R /MediaBox {MediaBox} /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
        ]);
    }

    [Fact]
    public async Task Adding_a_widget_copies_every_other_value_of_the_page_as_the_same_token()
    {
        var pki = SharedPki.WithEcdsaSigners;
        var original = LibreOfficeLikePdf();

        var signed = await SignedPdfs.SignAsync(original, pki.PersonalSigner, pki.AgencyChain);

        var update = Encoding.Latin1.GetString(signed, original.Length, signed.Length - original.Length);
        var pageStart = update.IndexOf("4 0 obj", StringComparison.Ordinal);
        Assert.True(pageStart >= 0, "The update does not rewrite the page: " + update);
        var page = update[pageStart..update.IndexOf("endobj", pageStart, StringComparison.Ordinal)];
        foreach (var token in new[] { "595.303937007874", "841.889763779528", "1.00000000000001", @"(Vi\351t \(1\)\n)", "/A#42", "007", "-.5" })
        {
            Assert.True(page.Contains(token, StringComparison.Ordinal), $"The rewritten page lost the token {token}: {page}");
        }
    }

    [Theory]
    [InlineData(false, 1, 2)]
    [InlineData(true, 1, 2)]
    [InlineData(true, 2, 1)]
    [InlineData(false, 1, 1)]
    public async Task A_second_signature_keeps_the_first_allowed_on_pages_with_long_reals(bool visible, int firstPage, int secondPage)
    {
        var pki = SharedPki.WithEcdsaSigners;
        var appearance = visible ? new Signing.Appearance.PdfSignatureAppearance(72, 72, 200, 60) : null;
        var personal = await SignedPdfs.SignAsync(LibreOfficeLikePdf(), pki.PersonalSigner, pki.AgencyChain, new PdfSignatureOptions { Appearance = appearance, Page = firstPage });
        var both = await SignedPdfs.SignAsync(personal, pki.OrganisationSeal, pki.AgencyChain, new PdfSignatureOptions { Appearance = appearance is null ? null : appearance with { Y = 150 }, Page = secondPage });

        var report = await Validate.PdfAsync(both, Validate.TrustingSample(pki));

        Assert.Equal(2, report.Signatures.Count);
        var first = report.Signatures[0];
        Assert.True(first.ModificationVerdict == ModificationVerdict.Allowed, string.Join("; ", first.Modifications.Select(m => m.Description)));
        Assert.All(report.Signatures, s => Assert.True(s.IsAcceptable, string.Join("; ", s.Errors)));
    }
}
