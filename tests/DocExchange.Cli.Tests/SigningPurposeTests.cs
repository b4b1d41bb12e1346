namespace DocExchange.Cli.Tests;

/// <summary>
/// The signing purpose of a certificate (key usage, extended key usage) in dx sign and dx verify: --strict refuses to
/// sign with a certificate not meant for documents, --eku sets the accepted purposes. Certificates from a generated
/// test PKI. No server.
/// </summary>
public sealed class SigningPurposeTests(TestPkiFiles pki) : DxSigningTest, IClassFixture<TestPkiFiles>
{
    private Task<DxResult> SignAsync(string pfx, string input, string output, params string[] more) =>
        Dx().RunAsync(["sign", input, "--cert", pfx, "--password", TestPkiFiles.Password, "-o", output, .. more]);

    private Task<DxResult> VerifyAsync(string pdf, params string[] more) =>
        Dx().RunAsync(["verify", pdf, "--trust", pki.Root, "--crl", pki.AgencyCaCrl, "--crl", pki.RootCrl, "--json", .. more]);

    [Theory]
    [InlineData("server.pfx", "serverAuth")]
    [InlineData("client-000.00.00.G12.pfx", "clientAuth")]
    [InlineData("key-encipherment-only.pfx", "neither digitalSignature nor nonRepudiation")]
    public async Task Sign_strict_refuses_a_certificate_not_meant_for_documents_and_writes_nothing(string pfx, string named)
    {
        string output = Temp.File("strict.pdf");

        var result = await SignAsync(pki.File(pfx), Input("strict"), output, "--strict");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("refusing to sign under --strict", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(named, result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task Sign_without_strict_warns_and_verify_refuses_the_signature_with_chain_constraints_failure()
    {
        string output = Temp.File("tls.pdf");

        var sign = await SignAsync(pki.TlsServer, Input("tls"), output);
        var verify = await VerifyAsync(output);

        Assert.True(sign.ExitCode == 0, sign.ToString());
        Assert.Contains("serverAuth", sign.Stderr + sign.Stdout, StringComparison.Ordinal);
        Assert.Contains("--strict refuses to sign", sign.Stderr + sign.Stdout, StringComparison.Ordinal);
        Assert.True(verify.ExitCode == 1, verify.ToString());
        var signature = OnlySignature(verify);
        Assert.Equal(("INDETERMINATE", "CHAIN_CONSTRAINTS_FAILURE"), (signature.GetProperty("indication").GetString(), signature.GetProperty("subIndication").GetString()));
    }

    [Fact]
    public async Task Eku_clientAuth_lets_strict_sign_and_verify_accept_a_client_certificate_that_the_defaults_refuse()
    {
        string output = Temp.File("client.pdf");

        var sign = await SignAsync(pki.ClientOnly, Input("client"), output, "--strict", "--eku", "clientAuth");
        var byDefault = await VerifyAsync(output);
        var listed = await VerifyAsync(output, "--eku", "clientAuth", "--eku", "1.3.6.1.5.5.7.3.36");

        Assert.True(sign.ExitCode == 0, sign.ToString());
        Assert.Equal(1, byDefault.ExitCode);
        Assert.Equal("CHAIN_CONSTRAINTS_FAILURE", OnlySignature(byDefault).GetProperty("subIndication").GetString());
        Assert.True(listed.ExitCode == 0, listed.ToString());
        Assert.Equal("TOTAL_PASSED", OnlySignature(listed).GetProperty("indication").GetString());
    }

    [Fact]
    public async Task Eku_without_emailProtection_refuses_the_ordinary_signer()
    {
        string output = Temp.File("signer.pdf");
        Assert.Equal(0, (await SignAsync(pki.Signer, Input("signer"), output, "--strict")).ExitCode);

        var ordinary = await VerifyAsync(output);
        var documentSigningOnly = await VerifyAsync(output, "--eku", "documentSigning");

        Assert.True(ordinary.ExitCode == 0, ordinary.ToString());
        Assert.Equal(1, documentSigningOnly.ExitCode);
        Assert.Contains("emailProtection", Assert.Single(OnlySignature(documentSigningOnly).GetProperty("errors").EnumerateArray()).GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_warns_before_signing_with_a_certificate_the_given_crl_lists_as_revoked_and_strict_refuses()
    {
        string warned = Temp.File("revoked-warned.pdf");
        string refused = Temp.File("revoked-refused.pdf");

        var sign = await SignAsync(pki.RevokedSigner, Input("revoked"), warned, "--crl", pki.AgencyCaCrl);
        var strict = await SignAsync(pki.RevokedSigner, Input("revoked-strict"), refused, "--crl", pki.AgencyCaCrl, "--strict");

        Assert.True(sign.ExitCode == 0, sign.ToString());
        Assert.Contains("The signing certificate was revoked on", sign.Stderr + sign.Stdout, StringComparison.Ordinal);
        Assert.True(strict.ExitCode == 1, strict.ToString());
        Assert.Contains("refusing to sign under --strict: The signing certificate was revoked on", strict.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(refused));
    }

    [Fact]
    public async Task Sign_strict_with_a_crl_that_does_not_list_the_signer_signs_and_one_of_another_issuer_is_refused_as_unchecked()
    {
        string covered = Temp.File("covered.pdf");
        string uncovered = Temp.File("uncovered.pdf");

        var good = await SignAsync(pki.Signer, Input("covered"), covered, "--crl", pki.AgencyCaCrl, "--strict");
        var otherIssuer = await SignAsync(pki.Signer, Input("uncovered"), uncovered, "--crl", pki.RootCrl, "--strict");

        Assert.True(good.ExitCode == 0, good.ToString());
        Assert.DoesNotContain("revoked", good.Stderr + good.Stdout, StringComparison.OrdinalIgnoreCase);
        Assert.True(otherIssuer.ExitCode == 1, otherIssuer.ToString());
        Assert.Contains("Revocation was not checked: No CRL from", otherIssuer.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(uncovered));
    }

    [Fact]
    public async Task An_eku_that_is_neither_a_name_nor_an_oid_is_a_usage_error()
    {
        var result = await Dx().RunAsync("verify", Input("usage"), "--eku", "signing");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--eku: 'signing' is not an extended key usage", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("documentSigning", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eku_is_refused_with_on_server()
    {
        var result = await Dx().RunAsync("verify", Input("server"), "--on-server", "--eku", "clientAuth");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--eku are for local validation", result.Stderr, StringComparison.Ordinal);
    }
}
