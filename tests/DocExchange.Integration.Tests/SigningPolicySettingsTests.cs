using System.Security.Cryptography.X509Certificates;
using DocExchange.Protocol.V1;
using DocExchange.Signing.Pades;
using DocExchange.Signing.Pki;
using DocExchange.Testing.Pki;
using DocExchange.Testing;

namespace DocExchange.Integration.Tests;

/// <summary>
/// The server's validation settings over real Kestrel (Signing.Verify): revocation is required unless the deployment
/// chooses DocExchange:Signing:RevocationPolicy=BestEffort, and DocExchange:Signing:AllowedExtendedKeyUsages sets the
/// signing purposes. A generated test PKI: its root is the only trust anchor, the root's and agency CA's CRLs the only
/// CRLs, and a second CA under the root ("Unlisted CA") has no CRL at all.
/// </summary>
public sealed class SigningPolicySettingsTests : IAsyncLifetime
{
    private readonly TempDirectory _files = new();
    private SamplePki _pki = null!;
    private CertificateAuthority _unlistedCa = null!;

    public async Task InitializeAsync()
    {
        _pki = SamplePki.Create(new SamplePkiOptions { SignerKeyAlgorithm = PkiKeyAlgorithm.EcdsaP256 });
        await _pki.WriteToAsync(_files.Path, "test-pki", CancellationToken.None);
        _unlistedCa = _pki.Root.CreateSubordinate(new CertificateSpec(new X500DistinguishedName("CN=Unlisted CA, O=Test, C=VN")));
    }

    public Task DisposeAsync()
    {
        _unlistedCa.Dispose();
        _pki.Dispose();
        _files.Dispose();
        return Task.CompletedTask;
    }

    private Task<TestServer> StartAsync(params string[] settings) => TestServer.StartAsync(
    [
        $"--DocExchange:Signing:TrustAnchorsPath={_files.File("root-ca.pem")}",
        $"--DocExchange:Signing:CrlPaths:0={_files.File("root-ca.crl")}",
        $"--DocExchange:Signing:CrlPaths:1={_files.File("agency-ca.crl")}",
        .. settings,
    ]);

    private static async Task<byte[]> SignAsync(X509Certificate2 signer, IEnumerable<X509Certificate2> chain, string text)
    {
        using var input = new MemoryStream(SamplePdf.Create(text), writable: false);
        using var output = new MemoryStream();
        await PdfSigner.SignAsync(input, output, new CertificateSigner(signer, chain), new PdfSignatureOptions { Reason = "Ký duyệt" }, CancellationToken.None);
        return output.ToArray();
    }

    private async Task<byte[]> SignedByUnlistedSignerAsync()
    {
        using var signer = _unlistedCa.Issue(CertificateProfile.PersonalSigner, new CertificateSpec(new X500DistinguishedName("CN=Đỗ Thị Không Danh Sách, O=Test, C=VN"))
        {
            CrlUrl = new Uri("http://crl.example.invalid/unlisted.crl"),
        });
        return await SignAsync(signer, [_unlistedCa.Certificate, _pki.Root.Certificate], "Khong co CRL");
    }

    private static async Task<SignatureReport> VerifyOneAsync(TestServer server, byte[] pdf) =>
        Assert.Single((await Signatures.VerifyAsync(server.Agency(TestServer.G22), pdf)).Signatures);

    [Fact]
    public async Task By_default_a_signer_without_revocation_data_is_try_later_naming_the_certificate_its_crl_url_and_the_settings_to_change()
    {
        await using var server = await StartAsync();
        await Exchanges.RegisterSampleAgenciesAsync(server);

        var signature = await VerifyOneAsync(server, await SignedByUnlistedSignerAsync());

        Assert.Equal((Indication.Indeterminate, SubIndication.TryLater), (signature.Indication, signature.SubIndication));
        var error = Assert.Single(signature.Errors);
        Assert.Contains("Không Danh Sách", error, StringComparison.Ordinal);
        Assert.Contains("http://crl.example.invalid/unlisted.crl", error, StringComparison.Ordinal);
        Assert.Contains("BestEffort revocation policy explicitly", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Under_an_explicit_BestEffort_policy_the_same_signer_passes_with_a_warning()
    {
        await using var server = await StartAsync("--DocExchange:Signing:RevocationPolicy=BestEffort");
        await Exchanges.RegisterSampleAgenciesAsync(server);

        var signature = await VerifyOneAsync(server, await SignedByUnlistedSignerAsync());

        Assert.True(signature.Indication == Indication.TotalPassed, string.Join("; ", signature.Errors));
        Assert.Contains(signature.Warnings, w => w.Contains("not checked (best-effort revocation policy)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Require")]
    [InlineData("BestEffort")]
    public async Task A_revoked_signer_is_refused_under_both_policies(string policy)
    {
        await using var server = await StartAsync($"--DocExchange:Signing:RevocationPolicy={policy}");
        await Exchanges.RegisterSampleAgenciesAsync(server);

        var signature = await VerifyOneAsync(server, await SignAsync(_pki.RevokedSigner, _pki.AgencyChain, "Thu hoi"));

        Assert.Equal((Indication.Indeterminate, SubIndication.RevokedNoPoe), (signature.Indication, signature.SubIndication));
    }

    [Fact]
    public async Task A_client_authentication_certificate_is_refused_by_default_and_accepted_when_AllowedExtendedKeyUsages_lists_clientAuth()
    {
        var client = _pki.AgencyClients.Values.First();
        var pdf = await SignAsync(client, _pki.AgencyChain, "Client certificate");
        await using var byDefault = await StartAsync();
        await using var listed = await StartAsync("--DocExchange:Signing:AllowedExtendedKeyUsages:0=clientAuth", "--DocExchange:Signing:AllowedExtendedKeyUsages:1=1.3.6.1.5.5.7.3.36");
        await Exchanges.RegisterSampleAgenciesAsync(byDefault);
        await Exchanges.RegisterSampleAgenciesAsync(listed);

        var refused = await VerifyOneAsync(byDefault, pdf);
        var accepted = await VerifyOneAsync(listed, pdf);

        Assert.Equal((Indication.Indeterminate, SubIndication.ChainConstraintsFailure), (refused.Indication, refused.SubIndication));
        Assert.Contains(refused.Errors, e => e.Contains("clientAuth", StringComparison.Ordinal) && e.Contains("does not allow document signing", StringComparison.Ordinal));
        Assert.True(accepted.Indication == Indication.TotalPassed, string.Join("; ", accepted.Errors));
    }

    [Fact]
    public async Task An_allowed_extended_key_usage_that_is_not_an_oid_or_a_name_stops_the_start_naming_the_setting()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync("--DocExchange:Signing:AllowedExtendedKeyUsages:0=signing"));

        Assert.Contains("DocExchange:Signing:AllowedExtendedKeyUsages", error.Message, StringComparison.Ordinal);
        Assert.Contains("'signing' is not an extended key usage", error.Message, StringComparison.Ordinal);
    }
}
