using System.Text;
using DocExchange.Signing.Pades;
using DocExchange.Signing.Tests.Infrastructure;
using DocExchange.Signing.Validation;

namespace DocExchange.Signing.Tests.Ltv;

/// <summary>PAdES B-LT (/DSS) and B-LTA (document time-stamp), and raising the level of existing signatures.</summary>
public sealed class LongTermValidationTests
{
    private static ValidationOptions OfflineWithoutCrls => new()
    {
        TrustAnchors = [SharedPki.WithRsaSigners.Root.Certificate],
        RevocationPolicy = RevocationPolicy.Require,
    };

    private static async Task<byte[]> SignedBtAsync() =>
        await SignedPdfs.SignAsync(TestPdfs.Classic(), SharedPki.WithRsaSigners.PersonalSigner, SharedPki.WithRsaSigners.AgencyChain,
            new PdfSignatureOptions { Reason = "Ký duyệt", TimestampAuthority = SignedPdfs.Tsa(SharedPki.WithRsaSigners) });

    [Fact]
    public async Task Without_a_DSS_a_B_T_signature_needs_supplied_CRLs_when_revocation_is_required()
    {
        var report = await Validate.PdfAsync(await SignedBtAsync(), OfflineWithoutCrls);

        var signature = Assert.Single(report.Signatures);
        Assert.Equal(Indication.Indeterminate, signature.Indication);
        Assert.Equal(SubIndication.TryLater, signature.SubIndication);
    }

    [Fact]
    public async Task A_B_LT_signature_validates_offline_from_its_DSS_with_no_supplied_CRLs()
    {
        var (pdf, result) = await Extend.ToAsync(await SignedBtAsync(), PadesLevel.BaselineLT, SharedPki.WithRsaSigners);

        var report = await Validate.PdfAsync(pdf, OfflineWithoutCrls);

        Assert.Equal(["DSS"], result.AddedRevisions);
        var signature = Assert.Single(report.Signatures);
        Assert.True(signature.Indication == Indication.TotalPassed, string.Join("; ", signature.Errors));
        Assert.Equal(PadesLevel.BaselineLT, signature.Level);
        Assert.Equal(ModificationVerdict.Allowed, signature.ModificationVerdict);
        Assert.Equal(3, report.RevisionCount);
    }

    [Fact]
    public async Task A_revoked_signer_is_still_found_revoked_through_the_CRL_in_the_DSS()
    {
        var pki = SharedPki.WithRsaSigners;
        var signed = await SignedPdfs.SignAsync(TestPdfs.Classic(), pki.RevokedSigner, pki.AgencyChain, new PdfSignatureOptions { TimestampAuthority = SignedPdfs.Tsa(pki) });
        var (pdf, _) = await Extend.ToAsync(signed, PadesLevel.BaselineLT, pki);

        var report = await Validate.PdfAsync(pdf, OfflineWithoutCrls);

        var signature = Assert.Single(report.Signatures);
        Assert.Equal(Indication.TotalFailed, signature.Indication);
        Assert.Equal(SubIndication.Revoked, signature.SubIndication);
        Assert.Equal(PadesLevel.BaselineT, signature.Level);
    }

    [Fact]
    public async Task A_B_LTA_signature_gets_level_B_LTA_and_its_archive_timestamp_validates()
    {
        var (pdf, result) = await Extend.ToAsync(await SignedBtAsync(), PadesLevel.BaselineLTA, SharedPki.WithRsaSigners);

        var report = await Validate.PdfAsync(pdf, OfflineWithoutCrls);

        Assert.Equal(["DSS", "document timestamp"], result.AddedRevisions);
        Assert.NotNull(result.TimestampTime);
        Assert.Equal(2, report.Signatures.Count);
        var signature = report.Signatures.Single(s => s.Kind == SignatureKind.Personal);
        Assert.True(signature.Indication == Indication.TotalPassed, string.Join("; ", signature.Errors));
        Assert.Equal(PadesLevel.BaselineLTA, signature.Level);
        var archive = report.Signatures.Single(s => s.Kind == SignatureKind.DocumentTimestamp);
        Assert.True(archive.Indication == Indication.TotalPassed, string.Join("; ", archive.Errors));
        Assert.Equal("ETSI.RFC3161", archive.SubFilter);
        Assert.Equal(result.TimestampTime, archive.TimestampTime);
        Assert.Equal(ModificationVerdict.None, archive.ModificationVerdict);
    }

    [Fact]
    public async Task A_B_B_signature_is_raised_step_by_step_to_B_T_then_B_LT_then_B_LTA()
    {
        var pki = SharedPki.WithRsaSigners;
        var bb = await SignedPdfs.SignAsync(TestPdfs.Classic(), pki.OrganisationSeal, pki.AgencyChain);
        Assert.Equal(PadesLevel.BaselineB, SealOf(await Validate.PdfAsync(bb, OfflineWithoutCrls)).Level);

        var (bt, toT) = await Extend.ToAsync(bb, PadesLevel.BaselineT, pki);
        Assert.Equal(["document timestamp"], toT.AddedRevisions);
        var atT = SealOf(await Validate.PdfAsync(bt, Validate.TrustingSample(pki)));
        Assert.True(atT.Indication == Indication.TotalPassed, string.Join("; ", atT.Errors));
        Assert.Equal(PadesLevel.BaselineT, atT.Level);
        Assert.Equal(toT.TimestampTime, atT.TimestampTime);

        var (blt, toLt) = await Extend.ToAsync(bt, PadesLevel.BaselineLT, pki);
        Assert.Equal(["DSS"], toLt.AddedRevisions);
        Assert.Equal(PadesLevel.BaselineLT, SealOf(await Validate.PdfAsync(blt, OfflineWithoutCrls)).Level);

        var (blta, toLta) = await Extend.ToAsync(blt, PadesLevel.BaselineLTA, pki);
        Assert.Equal(["document timestamp"], toLta.AddedRevisions);
        var report = await Validate.PdfAsync(blta, OfflineWithoutCrls);
        Assert.Equal(PadesLevel.BaselineLTA, SealOf(report).Level);
        Assert.All(report.Signatures, s => Assert.True(s.Indication == Indication.TotalPassed, s.FieldName + ": " + string.Join("; ", s.Errors)));
        Assert.Equal(5, report.RevisionCount);
    }

    [Fact]
    public async Task Extending_a_document_without_signatures_is_refused()
    {
        using var input = new MemoryStream(TestPdfs.Classic(), writable: false);
        using var output = new MemoryStream();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            PadesExtender.ExtendAsync(input, output, PadesLevel.BaselineLT, SignedPdfs.Tsa(SharedPki.WithRsaSigners), Extend.SampleData(SharedPki.WithRsaSigners), CancellationToken.None));
        Assert.Contains("no signature", error.Message);
    }

    [Fact]
    public async Task The_DSS_holds_the_chain_and_the_CRLs_in_streams_and_a_VRI_entry_keyed_by_the_signature_hash()
    {
        var pki = SharedPki.WithRsaSigners;
        var signed = await SignedBtAsync();
        var (pdf, _) = await Extend.ToAsync(signed, PadesLevel.BaselineLT, pki);
        var (_, cms, _) = SignedPdfs.ExtractLast(signed);

        using var directory = new TempDirectory();
        await File.WriteAllBytesAsync(directory.File("lt.pdf"), pdf);
        // qpdf as an independent reader: the catalog's /DSS, with stream data decoded.
        var json = (await ExternalTool.RunCheckedAsync("qpdf", "--json=2", "--json-key=qpdf", "--decode-level=all", "--json-stream-data=inline", directory.File("lt.pdf"))).StdOut;
        using var parsed = System.Text.Json.JsonDocument.Parse(json);
        var objects = parsed.RootElement.GetProperty("qpdf")[1];
        System.Text.Json.JsonElement Resolve(System.Text.Json.JsonElement value) =>
            value.ValueKind == System.Text.Json.JsonValueKind.String && value.GetString()!.EndsWith(" R", StringComparison.Ordinal)
                ? objects.GetProperty("obj:" + value.GetString()) : value;
        var trailer = objects.GetProperty("trailer").GetProperty("value");
        var catalog = Resolve(trailer.GetProperty("/Root")).GetProperty("value");
        var dss = Resolve(catalog.GetProperty("/DSS")).GetProperty("value");

        byte[] StreamData(System.Text.Json.JsonElement reference) => Convert.FromBase64String(Resolve(reference).GetProperty("stream").GetProperty("data").GetString()!);
        var certificates = dss.GetProperty("/Certs").EnumerateArray().Select(StreamData).ToList();
        var crls = dss.GetProperty("/CRLs").EnumerateArray().Select(StreamData).ToList();
        Assert.Contains(certificates, c => c.AsSpan().SequenceEqual(pki.PersonalSigner.RawData));
        Assert.Contains(certificates, c => c.AsSpan().SequenceEqual(pki.AgencyCa.Certificate.RawData));
        Assert.Contains(certificates, c => c.AsSpan().SequenceEqual(pki.TimestampAuthority.RawData));
        Assert.Contains(crls, c => c.AsSpan().SequenceEqual(pki.AgencyCaCrl));
        Assert.Contains(crls, c => c.AsSpan().SequenceEqual(pki.RootCrl));

        // ETSI EN 319 142-1 §5.4.2.2: the key is the uppercase hex SHA-1 of the signature's /Contents (the padded CMS).
        var text = Encoding.Latin1.GetString(signed);
        var (range, _, _) = SignedPdfs.ExtractLast(signed);
        var contents = Convert.FromHexString(text.Substring((int)range[1] + 1, (int)(range[2] - range[1] - 2)));
        Assert.NotEmpty(cms);
        var vri = dss.GetProperty("/VRI");
        vri = Resolve(vri).ValueKind == System.Text.Json.JsonValueKind.Object && Resolve(vri).TryGetProperty("value", out var v) ? v : vri;
        Assert.True(vri.TryGetProperty("/" + Convert.ToHexString(SHA1.HashData(contents)), out _), "VRI keys: " + vri);
    }

    [Fact]
    public async Task Pdfsig_still_finds_the_signature_valid_and_qpdf_check_is_clean_on_B_LT_and_B_LTA_outputs()
    {
        var pki = SharedPki.WithRsaSigners;
        var signed = await SignedBtAsync();
        using var nss = await NssDatabase.CreateAsync(pki);
        using var directory = new TempDirectory();
        foreach (var level in new[] { PadesLevel.BaselineLT, PadesLevel.BaselineLTA })
        {
            var (pdf, _) = await Extend.ToAsync(signed, level, pki);

            var signatures = await Pdfsig.VerifyAsync(pdf, nss);
            var personal = signatures.Single(s => s.Contains("Nguyễn Văn An", StringComparison.Ordinal));
            Assert.Contains("Signature is Valid.", personal);
            Assert.Contains("Certificate is Trusted.", personal);

            var path = directory.File($"{level}.pdf");
            await File.WriteAllBytesAsync(path, pdf);
            var check = await ExternalTool.RunAsync("qpdf", ["--check", path]);
            Assert.True(check.ExitCode == 0, check.All);
            Assert.Contains("No syntax or stream encoding errors found", check.StdOut);
            Assert.DoesNotContain("WARNING", check.All);
        }
    }

    private static SignatureReport SealOf(ValidationReport report) => report.Signatures.Single(s => s.Kind == SignatureKind.Agency);
}
