using System.Text;
using DocExchange.Signing.Tests.Infrastructure;
using DocExchange.Signing.Validation;

namespace DocExchange.Signing.Tests.Validation;

/// <summary>CRL files as operators hand them over: several PEM blocks, sometimes mixed with certificates, written by openssl.</summary>
public sealed class CrlFileTests
{
    private static string Pem(string label, byte[] der) => PemEncoding.WriteString(label, der) + "\n";

    [Fact]
    public async Task A_revoked_signer_whose_crl_is_the_second_pem_block_is_found_revoked()
    {
        var pki = SharedPki.WithRsaSigners;
        var signed = await SignedPdfs.SignAsync(TestPdfs.Classic(), pki.RevokedSigner, pki.AgencyChain);
        var bundle = Encoding.ASCII.GetBytes(Pem("X509 CRL", pki.RootCrl) + Pem("X509 CRL", pki.AgencyCaCrl));

        var signature = Assert.Single((await Validate.PdfAsync(signed, Validate.TrustingSample(pki) with { Crls = [bundle] })).Signatures);

        Assert.Equal((Indication.Indeterminate, SubIndication.RevokedNoPoe), (signature.Indication, signature.SubIndication));
    }

    [Fact]
    public async Task Certificates_and_text_in_a_crl_file_are_reported_in_one_line_each_and_the_crls_still_count()
    {
        var pki = SharedPki.WithRsaSigners;
        var signed = await SignedPdfs.SignAsync(TestPdfs.Classic(), pki.PersonalSigner, pki.AgencyChain);
        var mixed = Encoding.ASCII.GetBytes("Agency CA bundle\n" + Pem("CERTIFICATE", pki.AgencyCa.Certificate.RawData) + Pem("X509 CRL", pki.AgencyCaCrl)
            + Pem("X509 CRL", [0x30, 0x03, 0x02, 0x01, 0x00]) + Pem("X509 CRL", pki.RootCrl));

        var signature = Assert.Single((await Validate.PdfAsync(signed, Validate.TrustingSample(pki) with { Crls = [mixed], RevocationPolicy = RevocationPolicy.Require })).Signatures);

        Assert.True(signature.Indication == Indication.TotalPassed, string.Join("; ", signature.Errors));
        Assert.Contains(signature.Warnings, w => w.Contains("block 1", StringComparison.Ordinal) && w.Contains("CERTIFICATE", StringComparison.Ordinal));
        Assert.Contains(signature.Warnings, w => w.Contains("block 3", StringComparison.Ordinal) && w.Contains("could not be read", StringComparison.Ordinal));
        Assert.All(signature.Warnings, w => Assert.DoesNotContain("\n", w, StringComparison.Ordinal));
        Assert.All(signature.Warnings, w => Assert.DoesNotContain(" at ", w, StringComparison.Ordinal));
        Assert.DoesNotContain(signature.Warnings, w => w.Contains("no CRL", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_crl_file_written_by_openssl_with_two_crls_is_read_whole()
    {
        var pki = SharedPki.WithRsaSigners;
        var signed = await SignedPdfs.SignAsync(TestPdfs.Classic(), pki.RevokedSigner, pki.AgencyChain);
        using var directory = new TempDirectory();
        await File.WriteAllBytesAsync(directory.File("root.der"), pki.RootCrl);
        await File.WriteAllBytesAsync(directory.File("agency.der"), pki.AgencyCaCrl);
        var root = await ExternalTool.RunCheckedAsync("openssl", "crl", "-inform", "DER", "-in", directory.File("root.der"), "-text");
        var agency = await ExternalTool.RunCheckedAsync("openssl", "crl", "-inform", "DER", "-in", directory.File("agency.der"), "-text");

        var signature = Assert.Single((await Validate.PdfAsync(signed, Validate.TrustingSample(pki) with { Crls = [Encoding.ASCII.GetBytes(root.StdOut + agency.StdOut)] })).Signatures);

        Assert.Equal((Indication.Indeterminate, SubIndication.RevokedNoPoe), (signature.Indication, signature.SubIndication));
    }
}
