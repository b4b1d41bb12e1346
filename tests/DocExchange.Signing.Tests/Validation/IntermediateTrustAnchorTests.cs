using DocExchange.Signing.Pki;
using DocExchange.Signing.Tests.Infrastructure;
using DocExchange.Signing.Validation;

namespace DocExchange.Signing.Tests.Validation;

/// <summary>
/// An operator may configure an agency's intermediate CA, not the national root above it, as the only trust anchor:
/// signatures under that intermediate are then trusted, and nothing else under the same root is.
/// </summary>
public sealed class IntermediateTrustAnchorTests
{
    private static SamplePki Rsa => SharedPki.WithRsaSigners;

    private static ValidationOptions TrustingOnlyTheAgencyCa => new()
    {
        TrustAnchors = [Rsa.AgencyCa.Certificate],
        Crls = [Rsa.AgencyCaCrl],
        RevocationPolicy = RevocationPolicy.Require,
    };

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_signer_under_the_intermediate_configured_as_the_only_anchor_passes(bool pdfCarriesTheRoot)
    {
        IEnumerable<X509Certificate2> carried = pdfCarriesTheRoot ? Rsa.AgencyChain : [Rsa.AgencyCa.Certificate];
        var signed = await SignedPdfs.SignAsync(TestPdfs.Classic(), Rsa.PersonalSigner, carried);

        var signature = Assert.Single((await Validate.PdfAsync(signed, TrustingOnlyTheAgencyCa)).Signatures);

        Assert.True(signature.Indication == Indication.TotalPassed, string.Join("; ", signature.Errors));
    }

    [Fact]
    public async Task A_revoked_signer_under_the_intermediate_anchor_is_still_revoked()
    {
        var signed = await SignedPdfs.SignAsync(TestPdfs.Classic(), Rsa.RevokedSigner, Rsa.AgencyChain);

        var signature = Assert.Single((await Validate.PdfAsync(signed, TrustingOnlyTheAgencyCa)).Signatures);

        Assert.Equal((Indication.Indeterminate, SubIndication.RevokedNoPoe), (signature.Indication, signature.SubIndication));
    }

    [Fact]
    public async Task A_signer_under_a_sibling_intermediate_of_the_same_root_has_no_certificate_chain()
    {
        using var sibling = Rsa.Root.CreateSubordinate(new CertificateSpec(new X500DistinguishedName("CN=Sibling CA, O=Somebody Else, C=VN")));
        var signer = sibling.Issue(CertificateProfile.PersonalSigner, new CertificateSpec(new X500DistinguishedName("CN=Someone Else, O=Somebody Else, C=VN"))
        {
            AgencyCode = "000.00.00.H41",
        });
        var signed = await SignedPdfs.SignAsync(TestPdfs.Classic(), signer, [sibling.Certificate, Rsa.Root.Certificate]);

        var signature = Assert.Single((await Validate.PdfAsync(signed, TrustingOnlyTheAgencyCa)).Signatures);

        Assert.Equal((Indication.Indeterminate, SubIndication.NoCertificateChainFound), (signature.Indication, signature.SubIndication));
    }

    [Fact]
    public async Task A_signer_whose_issuer_only_copies_the_anchor_name_and_key_identifier_is_not_trusted()
    {
        // Same issuer name and authority key identifier as the anchor's, but signed with another key: the anchor is
        // found as its issuer, and only the signature of that link can tell.
        using var impostorKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var signerKey = RSA.Create(2048);
        var request = new CertificateRequest(Rsa.PersonalSigner.SubjectName, signerKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        foreach (var extension in Rsa.PersonalSigner.Extensions.Where(e => e is not X509SubjectKeyIdentifierExtension))
        {
            request.CertificateExtensions.Add(extension);
        }

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x01);
        using var forged = request.Create(Rsa.AgencyCa.Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(impostorKey),
            DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddYears(1), serial);
        using var signer = forged.CopyWithPrivateKey(signerKey);
        Assert.Equal(
            Rsa.PersonalSigner.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().Single().RawData,
            signer.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().Single().RawData);
        var signed = await SignedPdfs.SignAsync(TestPdfs.Classic(), signer, Rsa.AgencyChain);

        var signature = Assert.Single((await Validate.PdfAsync(signed, TrustingOnlyTheAgencyCa)).Signatures);

        Assert.Equal((Indication.Indeterminate, SubIndication.CertificateChainGeneralFailure), (signature.Indication, signature.SubIndication));
    }
}
