using System.Text.Json;

namespace DocExchange.Cli.Tests;

/// <summary>
/// dx verify exits 1 with the ETSI EN 319 102-1 indication for each kind of signer a verifier must refuse: revoked
/// (its CRL the second PEM block of one file), expired, a TLS server certificate, and one without revocation data.
/// Certificates from a generated test PKI; dx signs (warning) and verifies. No server.
/// </summary>
public sealed class VerifyRefusalTests(TestPkiFiles pki) : DxSigningTest, IClassFixture<TestPkiFiles>
{
    /// <summary>The root's CRL first, the agency CA's (listing the revoked signer) second, in one PEM file.</summary>
    private string BothCrlsInOnePem()
    {
        string path = Temp.File("crls.pem");
        File.WriteAllText(path, File.ReadAllText(pki.RootCrl + ".pem") + File.ReadAllText(pki.AgencyCaCrl + ".pem"));
        return path;
    }

    [Theory]
    [InlineData("revoked-signer.pfx", "INDETERMINATE", "REVOKED_NO_POE")]
    [InlineData("expired-signer.pfx", "INDETERMINATE", "OUT_OF_BOUNDS_NO_POE")]
    [InlineData("server.pfx", "INDETERMINATE", "CHAIN_CONSTRAINTS_FAILURE")]
    [InlineData("signer.pfx", "TOTAL_PASSED", null)]
    public async Task Verify_with_both_crls_in_one_pem_file_gives_each_signer_its_indication_and_exits_1_unless_it_passed(string pfx, string indication, string? subIndication)
    {
        string signed = await SignedByAsync(pki.File(pfx), Path.GetFileNameWithoutExtension(pfx));

        var result = await Dx().RunAsync("verify", signed, "--trust", pki.Root, "--crl", BothCrlsInOnePem(), "--json");

        var signature = Assert.Single(result.Json().GetProperty("signatures").EnumerateArray());
        Assert.Equal((indication, subIndication), (signature.GetProperty("indication").GetString(), signature.TryGetProperty("subIndication", out var sub) && sub.ValueKind == JsonValueKind.String ? sub.GetString() : null));
        Assert.True(result.ExitCode == (subIndication is null ? 0 : 1), result.ToString());
    }

    [Fact]
    public async Task Verify_without_the_agency_crl_exits_1_try_later()
    {
        string signed = await SignedByAsync(pki.Signer, "no-crl");

        var result = await Dx().RunAsync("verify", signed, "--trust", pki.Root, "--crl", pki.RootCrl + ".pem", "--json");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal("TRY_LATER", Assert.Single(result.Json().GetProperty("signatures").EnumerateArray()).GetProperty("subIndication").GetString());
    }
}
