using DocExchange.Signing.Cms;
using DocExchange.Signing.Pades;
using DocExchange.Signing.Pdf;
using DocExchange.Signing.Tests.Infrastructure;

namespace DocExchange.Signing.Tests.Pades;

public sealed class PdfSignerTests
{
    [Fact]
    public async Task Signing_appends_and_never_rewrites_earlier_bytes()
    {
        var pki = SharedPki.WithEcdsaSigners;
        var original = TestPdfs.Classic();

        var signed = await SignedPdfs.SignAsync(original, pki.PersonalSigner, pki.AgencyChain);

        Assert.True(signed.AsSpan(0, original.Length).SequenceEqual(original));
        var document = PdfDocument.Open(signed);
        Assert.Equal(2, document.Revisions.Count);
        Assert.Equal(original.Length, document.Revisions[0].EndOffset);
    }

    [Theory]
    [InlineData("SHA256")]
    [InlineData("SHA384")]
    public async Task The_result_names_the_SHA_256_of_the_signed_file_whatever_the_signature_digest(string digest)
    {
        var pki = SharedPki.WithEcdsaSigners;
        using var input = new MemoryStream(TestPdfs.Classic());
        using var output = new MemoryStream();

        var result = await PdfSigner.SignAsync(input, output, new CertificateSigner(pki.PersonalSigner, pki.AgencyChain),
            new PdfSignatureOptions { DigestAlgorithm = new HashAlgorithmName(digest) }, CancellationToken.None);

        Assert.Equal(SHA256.HashData(output.ToArray()), result.Sha256);
        Assert.Equal(output.Length, result.Size);
    }

    [Fact]
    public async Task The_signature_field_widget_and_acroform_are_written_as_the_spec_requires()
    {
        var pki = SharedPki.WithEcdsaSigners;
        var signed = await SignedPdfs.SignAsync(TestPdfs.Classic(pages: 2), pki.PersonalSigner, pki.AgencyChain,
            new PdfSignatureOptions { FieldName = "Chu ky", Page = 2, Reason = "Phê duyệt", Location = "Hà Nội" });

        var document = PdfDocument.Open(signed);
        var field = Assert.Single(document.GetSignatureFields());
        var acroForm = document.ResolveDictionary(document.GetCatalog()["AcroForm"])!;
        var page2 = document.GetPageReferences()[1];
        var annots = (PdfArray)document.Resolve(document.ResolveDictionary(page2)!["Annots"])!;

        Assert.Equal("Chu ky", field.FullName);
        Assert.Equal(3, ((PdfInteger)acroForm["SigFlags"]!).Value);
        Assert.Contains(field.FieldReference!, annots.Items);
        Assert.Equal(page2, field.Field["P"]);
        Assert.Equal("Widget", field.Field.GetName("Subtype"));
        var signature = field.Signature!;
        Assert.Equal("Sig", signature.Type);
        Assert.Equal("ETSI.CAdES.detached", signature.SubFilter);
        Assert.Equal("Phê duyệt", signature.Reason);
        Assert.Equal("Hà Nội", signature.Location);
        Assert.Equal(0, signature.ByteRange![0]);
        Assert.Equal(signed.Length, signature.ByteRange[2] + signature.ByteRange[3]);
        Assert.NotNull(signature.SigningTime);
    }

    [Fact]
    public async Task An_xref_stream_pdf_gets_an_xref_stream_update_with_prev()
    {
        var pki = SharedPki.WithEcdsaSigners;
        var original = await TestPdfs.WithXrefStreamAsync(TestPdfs.Classic());

        var signed = await SignedPdfs.SignAsync(original, pki.PersonalSigner, pki.AgencyChain);

        var document = PdfDocument.Open(signed);
        Assert.True(document.LastRevision.UsesXrefStream);
        Assert.Equal(document.Revisions[0].StartXref, ((PdfInteger)document.LastRevision.Trailer["Prev"]!).Value);
        Assert.Single(document.GetSignatureFields());
    }

    [Fact]
    public async Task A_classic_pdf_gets_a_classic_xref_update()
    {
        var pki = SharedPki.WithEcdsaSigners;

        var signed = await SignedPdfs.SignAsync(TestPdfs.Classic(), pki.PersonalSigner, pki.AgencyChain);

        Assert.False(PdfDocument.Open(signed).LastRevision.UsesXrefStream);
    }

    [Fact]
    public async Task Two_step_signing_lets_an_external_key_sign_the_attributes()
    {
        var pki = SharedPki.WithRsaSigners;
        using var input = new MemoryStream(TestPdfs.Classic());
        using var output = new MemoryStream();

        // Server side: prepare, derive the attributes to sign. Only the public certificate is used here.
        using var publicOnly = X509CertificateLoader.LoadCertificate(pki.PersonalSigner.RawData);
        var prepared = await PdfSigner.PrepareAsync(input, output, new PdfSignatureOptions { Reason = "Deferred" }, CancellationToken.None);
        var builder = new PadesCmsBuilder(publicOnly, pki.AgencyChain, PadesSignatureScheme.RsaPkcs1, HashAlgorithmName.SHA256);
        var toSign = builder.CreateSignedAttributes(prepared.DocumentDigest);

        // Clerk side: the private key signs the attributes.
        using var key = pki.PersonalSigner.GetRSAPrivateKey()!;
        var signatureValue = key.SignData(toSign, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        // Server side again.
        var cms = await builder.BuildAsync(toSign, signatureValue, null, CancellationToken.None);
        await PdfSigner.EmbedAsync(output, prepared, cms.Encoded, CancellationToken.None);

        var signed = output.ToArray();
        var (_, extracted, content) = SignedPdfs.ExtractLast(signed);
        Assert.Equal(SHA256.HashData(content), prepared.DocumentDigest);
        Assert.Equal(cms.Encoded, extracted);
    }

    [Fact]
    public async Task A_signature_value_from_the_wrong_key_is_refused_before_embedding()
    {
        var pki = SharedPki.WithRsaSigners;
        var builder = new PadesCmsBuilder(pki.PersonalSigner, pki.AgencyChain, PadesSignatureScheme.RsaPkcs1, HashAlgorithmName.SHA256);
        var toSign = builder.CreateSignedAttributes(SHA256.HashData("document"u8));
        using var otherKey = pki.OrganisationSeal.GetRSAPrivateKey()!;

        var wrong = otherKey.SignData(toSign, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        await Assert.ThrowsAsync<CryptographicException>(() => builder.BuildAsync(toSign, wrong, null, CancellationToken.None));
    }

    [Fact]
    public async Task A_cms_larger_than_the_reserved_space_is_refused_with_advice()
    {
        using var input = new MemoryStream(TestPdfs.Classic());
        using var output = new MemoryStream();
        var prepared = await PdfSigner.PrepareAsync(input, output, new PdfSignatureOptions { ContentsCapacity = 100 }, CancellationToken.None);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => PdfSigner.EmbedAsync(output, prepared, new byte[101], CancellationToken.None));
        Assert.Contains("ContentsCapacity", error.Message);
    }

    [Fact]
    public async Task Signing_a_pdf_that_already_has_the_field_name_is_refused()
    {
        var pki = SharedPki.WithEcdsaSigners;
        var once = await SignedPdfs.SignAsync(TestPdfs.Classic(), pki.PersonalSigner, pki.AgencyChain, new PdfSignatureOptions { FieldName = "A" });

        await Assert.ThrowsAsync<ArgumentException>(() => SignedPdfs.SignAsync(once, pki.OrganisationSeal, pki.AgencyChain, new PdfSignatureOptions { FieldName = "A" }));
    }

    [Fact]
    public async Task Signing_garbage_is_a_format_error()
    {
        var pki = SharedPki.WithEcdsaSigners;

        await Assert.ThrowsAsync<PdfFormatException>(() => SignedPdfs.SignAsync("%PDF-1.7 nothing else here at all"u8.ToArray(), pki.PersonalSigner, pki.AgencyChain));
    }
}
