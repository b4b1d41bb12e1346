using System.Text.Json;

namespace DocExchange.Cli.Tests;

/// <summary>dx sign (local), dx seal (the server, as the caller's agency) and dx verify (local and --on-server), as processes.</summary>
public sealed class SignSealVerifyTests : IClassFixture<LiveServer>, IDisposable
{
    private readonly LiveServer _server;
    private readonly TempDirectory _temp = new();
    private readonly DxRunner _dx;

    public SignSealVerifyTests(LiveServer server)
    {
        _server = server;
        _dx = server.Dx(_temp, server.AgencyCertificate(LiveServer.G22));
    }

    public void Dispose() => _temp.Dispose();

    private string SignerOfG22 => Repository.SampleCert("signing/signer-G22.pfx");

    /// <summary>The quickstart's official document of G22: signed by its competent person with dx sign, sealed with dx seal.</summary>
    private async Task<string> SignedAndSealedAsync(string text)
    {
        string input = SamplePdf.Write(_temp, $"{text}.pdf", text);
        string signed = _temp.File($"{text}-signed.pdf");
        string sealedPdf = _temp.File($"{text}-sealed.pdf");
        var sign = await _dx.RunAsync("sign", input, "--cert", SignerOfG22, "--password", Repository.SamplePassword, "-o", signed, "--reason", "Ký duyệt");
        Assert.True(sign.ExitCode == 0, sign.ToString());
        var seal = await _dx.RunAsync("seal", signed, "-o", sealedPdf, "--visible", "--page", "1", "--rect", "340,40,220,70");
        Assert.True(seal.ExitCode == 0, seal.ToString());
        return sealedPdf;
    }

    private static JsonElement[] Signatures(JsonElement report) => report.GetProperty("signatures").EnumerateArray().ToArray();

    [Fact]
    public async Task Sign_then_seal_then_verify_passes_with_both_signatures_and_the_policy_of_the_sender_agency()
    {
        string sealedPdf = await SignedAndSealedAsync("cong-van-1");

        var table = await _dx.RunAsync("verify", sealedPdf, "--policy-agency", LiveServer.G22);
        var json = await _dx.RunAsync("verify", sealedPdf, "--policy-agency", LiveServer.G22, "--json");

        Assert.True(table.ExitCode == 0, table.ToString());
        string[] rows = table.Stdout.Split('\n');
        Assert.Single(rows, r => r.Contains("│ ✓ │", StringComparison.Ordinal) && r.Contains("personal", StringComparison.Ordinal) && r.Contains("TOTAL_PASSED", StringComparison.Ordinal));
        Assert.Single(rows, r => r.Contains("│ ✓ │", StringComparison.Ordinal) && r.Contains("agency", StringComparison.Ordinal) && r.Contains("B-T", StringComparison.Ordinal));
        Assert.Contains("satisfied", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("root-ca.crt", table.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("✗", table.Stdout, StringComparison.Ordinal);

        Assert.True(json.ExitCode == 0, json.ToString());
        var report = json.Json();
        Assert.True(report.GetProperty("passed").GetBoolean());
        var signatures = Signatures(report);
        Assert.Equal(["personal", "agency"], signatures.Select(s => s.GetProperty("kind").GetString()!));
        Assert.All(signatures, s => Assert.Equal("TOTAL_PASSED", s.GetProperty("indication").GetString()));
        Assert.All(signatures, s => Assert.Equal(LiveServer.G22, s.GetProperty("agencyCode").GetString()));
        Assert.NotNull(signatures[1].GetProperty("timestampTime").GetString());
        Assert.True(report.GetProperty("policy").GetProperty("satisfied").GetBoolean());
        Assert.Equal("local", report.GetProperty("verifiedBy").GetString());
    }

    [Fact]
    public async Task Verify_on_the_server_agrees_and_the_policy_fails_for_another_sender()
    {
        string sealedPdf = await SignedAndSealedAsync("cong-van-2");

        var own = await _dx.RunAsync("verify", sealedPdf, "--on-server", "--policy-agency", LiveServer.G22, "--json");
        var other = await _dx.RunAsync("verify", sealedPdf, "--on-server", "--policy-agency", LiveServer.H41);

        Assert.True(own.ExitCode == 0, own.ToString());
        Assert.Equal("server", own.Json().GetProperty("verifiedBy").GetString());
        Assert.All(Signatures(own.Json()), s => Assert.True(s.GetProperty("passed").GetBoolean()));
        Assert.True(other.ExitCode == 1, other.ToString());
        Assert.Contains("NOT satisfied", other.Stdout, StringComparison.Ordinal);
        Assert.Contains(LiveServer.H41, other.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_of_a_pdf_changed_after_signing_exits_1_with_hash_failure()
    {
        string sealedPdf = await SignedAndSealedAsync("cong-van-3");
        byte[] bytes = await File.ReadAllBytesAsync(sealedPdf);
        int at = System.Text.Encoding.ASCII.GetString(bytes).IndexOf("cong-van-3", StringComparison.Ordinal);
        bytes[at] = (byte)'k';
        string tampered = _temp.File("tampered.pdf");
        await File.WriteAllBytesAsync(tampered, bytes);

        var table = await _dx.RunAsync("verify", tampered);
        var json = await _dx.RunAsync("verify", tampered, "--json");

        Assert.True(table.ExitCode == 1, table.ToString());
        Assert.Contains("HASH_FAILURE", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("✗", table.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, json.ExitCode);
        Assert.False(json.Json().GetProperty("passed").GetBoolean());
        Assert.All(Signatures(json.Json()), s => Assert.Equal("HASH_FAILURE", s.GetProperty("subIndication").GetString()));
    }

    /// <summary>
    /// Person-then-seal and two persons on LibreOffice documents (plain and PDF/A-2b, Vietnamese text): every signature
    /// passes for dx verify with only allowed changes after it, and pdfsig and qpdf accept the file.
    /// </summary>
    [Theory]
    [InlineData("dx sign visible on page 1, then dx seal invisible")]
    [InlineData("dx sign invisible, then dx seal visible on the last page")]
    [InlineData("dx sign visible on page 2, then dx sign invisible")]
    public async Task Two_signatures_on_a_libreoffice_document_all_pass_and_the_independent_judges_agree(string scenario)
    {
        foreach (var (name, pdf) in await Testing.Pdfs.LibreOfficeCorpus.AllAsync())
        {
            string input = _temp.File($"{name.Replace('/', '-').Replace(' ', '-')}.pdf");
            await File.WriteAllBytesAsync(input, pdf);
            string first = _temp.File($"{Path.GetFileNameWithoutExtension(input)}-1.pdf");
            string second = _temp.File($"{Path.GetFileNameWithoutExtension(input)}-2.pdf");
            string[] sign = ["sign", input, "--cert", SignerOfG22, "--password", Repository.SamplePassword, "-o", first, "--reason", "Ký duyệt"];
            var signed = await _dx.RunAsync(scenario.StartsWith("dx sign visible on page 1", StringComparison.Ordinal) ? [.. sign, "--visible", "--page", "1"]
                : scenario.StartsWith("dx sign visible on page 2", StringComparison.Ordinal) ? [.. sign, "--visible", "--page", "2"] : sign);
            Assert.True(signed.ExitCode == 0, signed.ToString());
            var then = scenario switch
            {
                _ when scenario.EndsWith("dx seal invisible", StringComparison.Ordinal) => await _dx.RunAsync("seal", first, "-o", second),
                _ when scenario.EndsWith("dx seal visible on the last page", StringComparison.Ordinal) => await _dx.RunAsync("seal", first, "-o", second, "--visible", "--page", "0"),
                _ => await _dx.RunAsync("sign", first, "--cert", Repository.SampleCert("signing/signer-H41.pfx"), "--password", Repository.SamplePassword, "-o", second),
            };
            Assert.True(then.ExitCode == 0, then.ToString());

            var verify = await _dx.RunAsync("verify", second, "--trust", Repository.SampleCert("signing/root-ca.crt"), "--crl", Repository.SampleCert("signing/root-ca.crl"), "--json");
            using var nss = new TempDirectory();
            string database = "sql:" + nss.Path;
            await ExternalTool.RunCheckedAsync("certutil", "-N", "-d", database, "--empty-password");
            await ExternalTool.RunCheckedAsync("certutil", "-A", "-d", database, "-n", "signing-root", "-t", "CT,C,C", "-a", "-i", Repository.SampleCert("signing/root-ca.crt"));
            var pdfsig = await ExternalTool.RunCheckedAsync("pdfsig", "-nssdir", database, second);
            var qpdf = await ExternalTool.RunCheckedAsync("qpdf", "--check", second);

            Assert.True(verify.ExitCode == 0, $"{name}: {verify}");
            var signatures = Signatures(verify.Json());
            Assert.Equal(2, signatures.Length);
            Assert.All(signatures, s => Assert.Equal("TOTAL_PASSED", s.GetProperty("indication").GetString()));
            Assert.Equal("allowed", signatures[0].GetProperty("modification").GetString());
            string[] blocks = pdfsig.StdOut.Split("Signature #", StringSplitOptions.RemoveEmptyEntries).Skip(1).ToArray();
            Assert.True(blocks.Length == 2, pdfsig.All);
            Assert.All(blocks, b => Assert.Contains("Signature Validation: Signature is Valid.", b, StringComparison.Ordinal));
            Assert.Contains("No syntax or stream encoding errors found", qpdf.All, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Pdfsig_finds_both_signatures_of_a_dx_signed_and_sealed_pdf_valid_and_trusted()
    {
        string sealedPdf = await SignedAndSealedAsync("cong-van-4");
        using var nss = new TempDirectory();
        string database = "sql:" + nss.Path;
        await ExternalTool.RunCheckedAsync("certutil", "-N", "-d", database, "--empty-password");
        await ExternalTool.RunCheckedAsync("certutil", "-A", "-d", database, "-n", "signing-root", "-t", "CT,C,C", "-a", "-i", Repository.SampleCert("signing/root-ca.crt"));

        var pdfsig = await ExternalTool.RunCheckedAsync("pdfsig", "-nssdir", database, sealedPdf);

        string[] blocks = pdfsig.StdOut.Split("Signature #", StringSplitOptions.RemoveEmptyEntries).Skip(1).ToArray();
        Assert.True(blocks.Length == 2, pdfsig.All);
        Assert.All(blocks, b => Assert.Contains("Signature Validation: Signature is Valid.", b, StringComparison.Ordinal));
        Assert.All(blocks, b => Assert.Contains("Certificate Validation: Certificate is Trusted.", b, StringComparison.Ordinal));
        Assert.Contains("Total document signed", blocks[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_with_tsa_server_adds_a_server_time_stamp_while_the_key_stays_local()
    {
        string input = SamplePdf.Write(_temp, "bt.pdf", "cong-van-5");
        string signed = _temp.File("bt-signed.pdf");

        var sign = await _dx.RunAsync("sign", input, "--cert", SignerOfG22, "--password", Repository.SamplePassword, "-o", signed, "--level", "B-T", "--tsa", "server", "--json");
        var verify = await _dx.RunAsync("verify", signed, "--json");

        Assert.True(sign.ExitCode == 0, sign.ToString());
        Assert.Equal("B-T", sign.Json().GetProperty("level").GetString());
        Assert.NotNull(sign.Json().GetProperty("timestampTime").GetString());
        Assert.True(verify.ExitCode == 0, verify.ToString());
        var kinds = Signatures(verify.Json()).Select(s => s.GetProperty("kind").GetString()!).ToArray();
        Assert.Equal(["personal", "documentTimestamp"], kinds);
    }

    [Fact]
    public async Task Sign_refuses_a_wrong_password_and_a_time_stamped_level_without_a_tsa_as_usage_errors_and_writes_nothing()
    {
        string input = SamplePdf.Write(_temp, "refused.pdf", "cong-van-6");
        string output = _temp.File("refused-signed.pdf");

        var wrongPassword = await _dx.RunAsync("sign", input, "--cert", SignerOfG22, "--password", "not-it", "-o", output);
        var noTsa = await _dx.RunAsync("sign", input, "--cert", SignerOfG22, "--password", Repository.SamplePassword, "-o", output, "--level", "B-T");
        var noCert = await new DxRunner(_temp.File("empty.json")).RunAsync("sign", input, "-o", output);

        Assert.True(wrongPassword.ExitCode == 2, wrongPassword.ToString());
        Assert.Contains("password", wrongPassword.Stderr, StringComparison.Ordinal);
        Assert.True(noTsa.ExitCode == 2, noTsa.ToString());
        Assert.Contains("--tsa server", noTsa.Stderr, StringComparison.Ordinal);
        Assert.True(noCert.ExitCode == 2, noCert.ToString());
        Assert.Contains("--cert", noCert.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(_temp.Path, "*.partial"));
    }

    [Fact]
    public async Task Seal_of_a_file_that_is_not_a_pdf_exits_1_with_the_servers_reason_and_leaves_no_output()
    {
        string input = _temp.File("notes.pdf");
        await File.WriteAllTextAsync(input, "these are notes, not a PDF");
        string output = _temp.File("notes-sealed.pdf");

        var seal = await _dx.RunAsync("seal", input, "-o", output);

        Assert.True(seal.ExitCode == 1, seal.ToString());
        Assert.Contains("INVALID_ARGUMENT", seal.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(_temp.Path, "*.partial"));
    }
}
