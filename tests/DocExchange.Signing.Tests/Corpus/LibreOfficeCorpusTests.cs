using DocExchange.Signing.Appearance;
using DocExchange.Signing.Pades;
using DocExchange.Signing.Tests.Infrastructure;
using DocExchange.Signing.Validation;
using DocExchange.Testing.Pdfs;
using Xunit.Abstractions;

namespace DocExchange.Signing.Tests.Corpus;

/// <summary>
/// Person-then-seal and two personal signatures on documents exported by LibreOffice, visible and invisible, on each
/// page: every signature must pass with only allowed modifications for us, and be accepted by pdfsig, qpdf and openssl.
/// </summary>
public sealed class LibreOfficeCorpusTests(ITestOutputHelper output)
{
    public static TheoryData<string> Scenarios => ["person visible p1, seal invisible", "person invisible, seal visible last page", "two persons visible p2 then p1", "two persons invisible"];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Every_signature_on_a_libreoffice_document_passes_for_us_and_the_independent_judges(string scenario)
    {
        var pki = SharedPki.WithRsaSigners;
        using var nss = await NssDatabase.CreateAsync(pki);
        var failures = new List<string>();
        foreach (var (name, original) in await LibreOfficeCorpus.AllAsync())
        {
            var signed = await SignTwiceAsync(original, pki, scenario);
            var verdicts = await Judges.JudgeAsync(signed, pki, nss);
            output.WriteLine(verdicts.Table($"{name}: {scenario}"));

            if (verdicts.Ours.Signatures.Count != 2 || !verdicts.Ours.Signatures.All(s => s.Indication == Indication.TotalPassed)
                || verdicts.Ours.Signatures[0].ModificationVerdict != ModificationVerdict.Allowed)
            {
                failures.Add($"{name}: our validator does not pass both signatures with allowed modifications");
            }
            if (!verdicts.PdfsigAllValid)
            {
                failures.Add($"{name}: pdfsig does not find every signature valid");
            }
            if (!verdicts.QpdfClean)
            {
                failures.Add($"{name}: qpdf --check: {verdicts.Qpdf}");
            }
            if (!verdicts.OpensslAllVerified)
            {
                failures.Add($"{name}: openssl cms -verify fails a signature");
            }
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    private static async Task<byte[]> SignTwiceAsync(byte[] original, SamplePki pki, string scenario)
    {
        var box = new PdfSignatureAppearance(340, 60, 200, 60);
        var (first, second, secondSigner) = scenario switch
        {
            "person visible p1, seal invisible" => (new PdfSignatureOptions { Appearance = box, Page = 1 }, new PdfSignatureOptions { Page = 1, TimestampAuthority = SignedPdfs.Tsa(pki) }, pki.OrganisationSeal),
            "person invisible, seal visible last page" => (new PdfSignatureOptions { Page = 1 }, new PdfSignatureOptions { Appearance = box, Page = 0, TimestampAuthority = SignedPdfs.Tsa(pki) }, pki.OrganisationSeal),
            "two persons visible p2 then p1" => (new PdfSignatureOptions { Appearance = box, Page = 2 }, new PdfSignatureOptions { Appearance = box with { Y = 140 }, Page = 1 }, pki.PersonalSigner),
            "two persons invisible" => (new PdfSignatureOptions { Page = 2 }, new PdfSignatureOptions { Page = 1 }, pki.PersonalSigner),
            _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, null),
        };
        var once = await SignedPdfs.SignAsync(original, pki.PersonalSigner, pki.AgencyChain, first with { Reason = "Ký duyệt" });
        return await SignedPdfs.SignAsync(once, secondSigner, pki.AgencyChain, second with { Reason = "Đóng dấu" });
    }
}
