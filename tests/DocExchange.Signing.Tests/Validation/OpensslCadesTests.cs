using DocExchange.Signing.Pades;
using DocExchange.Signing.Tests.Infrastructure;
using DocExchange.Signing.Validation;
using Xunit.Abstractions;

namespace DocExchange.Signing.Tests.Validation;

/// <summary>ETSI.CAdES.detached signatures made by openssl cms, with and without the ESS signing-certificate-v2 attribute.</summary>
public sealed class OpensslCadesTests(ITestOutputHelper output)
{
    private static readonly SamplePki Pki = SharedPki.WithRsaSigners;

    private async Task<SignatureReport> OpensslSignedAsync(bool cades)
    {
        var ours = await SignedPdfs.SignAsync(TestPdfs.Classic(), Pki.PersonalSigner, Pki.AgencyChain, new PdfSignatureOptions { ContentsCapacity = 12000 });
        var pdf = await ByteRangeForgery.ResignAsync(ours, l => [0, l.ContentsStart, l.ContentsEnd, l.Length - l.ContentsEnd], Pki, cades: cades);
        using var nss = await NssDatabase.CreateAsync(Pki);
        var verdicts = await Judges.JudgeAsync(pdf, Pki, nss);
        output.WriteLine(verdicts.Table($"openssl cms -sign {(cades ? "-cades" : "(no -cades)")} as ETSI.CAdES.detached"));
        return Assert.Single(verdicts.Ours.Signatures);
    }

    [Fact]
    public async Task Without_signing_certificate_v2_the_signature_is_indeterminate_no_signing_certificate_found()
    {
        var signature = await OpensslSignedAsync(cades: false);

        Assert.Equal((Indication.Indeterminate, SubIndication.NoSigningCertificateFound), (signature.Indication, signature.SubIndication));
        Assert.Equal(PadesLevel.None, signature.Level);
    }

    [Fact]
    public async Task With_signing_certificate_v2_it_passes_but_its_cms_signing_time_keeps_it_below_baseline_b()
    {
        var signature = await OpensslSignedAsync(cades: true);

        Assert.True(signature.Indication == Indication.TotalPassed, string.Join("; ", signature.Errors));
        Assert.Equal(PadesLevel.None, signature.Level);
        Assert.Contains(signature.Warnings, w => w.Contains("signing-time", StringComparison.Ordinal));
    }
}
