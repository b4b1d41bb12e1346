namespace DocExchange.Cli.Tests;

/// <summary>
/// dx verify checks revocation by default (--revocation Require): a signer whose status no CRL gives is refused with
/// what to do about it; --revocation BestEffort, an explicit choice, accepts it with a warning; a revoked signer is
/// refused either way. No server.
/// </summary>
public sealed class RevocationDefaultTests(TestPkiFiles pki) : DxSigningTest, IClassFixture<TestPkiFiles>
{
    [Fact]
    public async Task By_default_a_signer_without_revocation_data_exits_1_try_later_naming_the_certificate_and_the_remedies()
    {
        string signed = await SignedByAsync(pki.Signer, "unchecked");

        var text = await Dx().RunAsync("verify", signed, "--trust", pki.Root, "--crl", pki.RootCrl);
        var json = await Dx().RunAsync("verify", signed, "--trust", pki.Root, "--crl", pki.RootCrl, "--json");

        Assert.True(text.ExitCode == 1, text.ToString());
        Assert.Contains("TRY_LATER", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("has no known revocation status", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("give the issuer's CRL with --crl FILE", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("--revocation BestEffort", text.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, json.ExitCode);
        var signature = OnlySignature(json);
        Assert.Equal(("INDETERMINATE", "TRY_LATER"), (signature.GetProperty("indication").GetString(), signature.GetProperty("subIndication").GetString()));
        Assert.Contains(pki.SignerSubject, Assert.Single(signature.GetProperty("errors").EnumerateArray()).GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_revocation_BestEffort_the_same_signer_exits_0_with_a_warning_and_the_choice_is_shown()
    {
        string signed = await SignedByAsync(pki.Signer, "best-effort");

        var text = await Dx().RunAsync("verify", signed, "--trust", pki.Root, "--crl", pki.RootCrl, "--revocation", "BestEffort");
        var json = await Dx().RunAsync("verify", signed, "--trust", pki.Root, "--crl", pki.RootCrl, "--revocation", "BestEffort", "--json");

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("revocation: best effort, chosen with --revocation BestEffort", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("warning(s); --verbose shows them", text.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, json.ExitCode);
        var signature = OnlySignature(json);
        Assert.Equal("TOTAL_PASSED", signature.GetProperty("indication").GetString());
        Assert.Contains(signature.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("not checked (best-effort revocation policy)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Require")]
    [InlineData("BestEffort")]
    public async Task A_revoked_signer_exits_1_under_both_policies(string policy)
    {
        string signed = await SignedByAsync(pki.RevokedSigner, "revoked-" + policy);

        var json = await Dx().RunAsync("verify", signed, "--trust", pki.Root, "--crl", pki.AgencyCaCrl, "--crl", pki.RootCrl, "--revocation", policy, "--json");

        Assert.True(json.ExitCode == 1, json.ToString());
        Assert.Equal("REVOKED_NO_POE", OnlySignature(json).GetProperty("subIndication").GetString());
    }

    [Fact]
    public async Task The_same_signer_passes_under_the_default_when_its_CRL_is_given()
    {
        string signed = await SignedByAsync(pki.Signer, "covered");

        var json = await Dx().RunAsync("verify", signed, "--trust", pki.Root, "--crl", pki.AgencyCaCrl, "--crl", pki.RootCrl, "--json");

        Assert.True(json.ExitCode == 0, json.ToString());
        Assert.Equal("TOTAL_PASSED", OnlySignature(json).GetProperty("indication").GetString());
    }
}
