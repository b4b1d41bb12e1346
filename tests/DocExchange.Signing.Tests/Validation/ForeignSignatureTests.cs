using DocExchange.Signing.Tests.Infrastructure;
using DocExchange.Signing.Validation;

namespace DocExchange.Signing.Tests.Validation;

/// <summary>Signatures made by another implementation (poppler's pdfsig on NSS) through our validator, and back.</summary>
public sealed class ForeignSignatureTests
{
    [Fact]
    public async Task A_pdf_signed_by_pdfsig_validates_and_stays_valid_after_our_seal()
    {
        var pki = SharedPki.WithRsaSigners;
        using var nss = await NssDatabase.CreateAsync(pki);
        var nickname = await nss.ImportKeyAsync(pki.PersonalSigner, pki.AgencyChain);
        await File.WriteAllBytesAsync(nss.File("plain.pdf"), TestPdfs.Classic());
        await ExternalTool.RunCheckedAsync("pdfsig", "-nssdir", nss.Argument, "-add-signature", "-nick", nickname, "-reason", "interop",
            nss.File("plain.pdf"), nss.File("signed-by-pdfsig.pdf"));
        var foreign = await File.ReadAllBytesAsync(nss.File("signed-by-pdfsig.pdf"));

        var report = await Validate.PdfAsync(foreign, Validate.TrustingSample(pki));
        var sealedPdf = await SignedPdfs.SignAsync(foreign, pki.OrganisationSeal, pki.AgencyChain);
        var sealedReport = await Validate.PdfAsync(sealedPdf, Validate.TrustingSample(pki));
        var pdfsigView = await Pdfsig.VerifyAsync(sealedPdf, nss);

        var signature = Assert.Single(report.Signatures);
        Assert.True(signature.Indication == Indication.TotalPassed, string.Join("; ", signature.Errors));
        Assert.Equal("adbe.pkcs7.detached", signature.SubFilter);
        Assert.Equal("Nguyễn Văn An", signature.Signer!.CommonName);
        Assert.True(signature.Coverage!.CoversWholeRevision);
        Assert.Equal(2, sealedReport.Signatures.Count);
        Assert.All(sealedReport.Signatures, s => Assert.True(s.IsAcceptable, string.Join("; ", s.Errors.Concat(s.Modifications.Select(m => m.Description)))));
        Assert.Equal(2, pdfsigView.Count);
        Assert.All(pdfsigView, s => Assert.Contains("Signature is Valid.", s));
    }
}
