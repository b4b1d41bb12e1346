using DocExchange.Signing.Tests.Infrastructure;

namespace DocExchange.Signing.Tests.Pades;

public sealed class CertifiedDocumentTests
{
    [Fact]
    public async Task A_document_certified_with_no_changes_allowed_is_not_signed_again()
    {
        var pki = SharedPki.WithEcdsaSigners;
        var certified = TestPdfs.WriteClassic([
            "<< /Type /Catalog /Pages 2 0 R /Perms << /DocMDP 5 0 R >> >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
            "<< /TransformMethod /DocMDP /TransformParams << /Type /TransformParams /P 1 /V /1.2 >> >>",
            "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /Reference [4 0 R] >>",
        ]);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SignedPdfs.SignAsync(certified, pki.PersonalSigner, pki.AgencyChain));
        Assert.Contains("P=1", error.Message);
    }
}
