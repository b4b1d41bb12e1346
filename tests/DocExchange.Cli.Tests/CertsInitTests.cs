using System.Security.Cryptography.X509Certificates;

namespace DocExchange.Cli.Tests;

/// <summary>dx certs init: the files load, bind the identities they claim, and run a real deployment end to end.</summary>
public sealed class CertsInitTests : IDisposable
{
    private const string G12 = "000.00.18.G12";
    private readonly TempDirectory _temp = new();
    private readonly DxRunner _dx;

    public CertsInitTests()
    {
        _dx = new DxRunner(_temp.File("dx.json"));
    }

    public void Dispose() => _temp.Dispose();

    private async Task<string> InitAsync(params string[] extra)
    {
        string directory = _temp.File("pki");
        var result = await _dx.RunAsync(["certs", "init", directory, "--agencies", $"{LiveServer.G22},{G12}", .. extra]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return directory;
    }

    private static X509Certificate2 LoadPfx(string path, string password = Repository.SamplePassword) =>
        X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);

    private static async Task<string> SanOfAsync(string certificate) =>
        (await ExternalTool.RunCheckedAsync("openssl", "x509", "-in", certificate, "-noout", "-ext", "subjectAltName")).StdOut;

    [Fact]
    public async Task Init_writes_loadable_certificates_that_bind_agencies_and_roles_and_a_crl_openssl_reads()
    {
        string pki = await InitAsync("--password", "demo-password");

        foreach (string pfx in Directory.GetFiles(pki, "*.pfx", SearchOption.AllDirectories).Concat(Directory.GetFiles(pki, "*.p12", SearchOption.AllDirectories)))
        {
            using var certificate = LoadPfx(pfx, "demo-password");
            Assert.True(certificate.HasPrivateKey, pfx);
        }
        Assert.Contains($"URI:urn:docexchange:agency:{G12}", await SanOfAsync(Path.Combine(pki, $"agency-{G12}.crt")), StringComparison.Ordinal);
        Assert.Contains("URI:urn:docexchange:role:operator", await SanOfAsync(Path.Combine(pki, "operator.crt")), StringComparison.Ordinal);
        Assert.Contains("URI:urn:docexchange:role:auditor", await SanOfAsync(Path.Combine(pki, "auditor.crt")), StringComparison.Ordinal);
        Assert.Contains("DNS:localhost", await SanOfAsync(Path.Combine(pki, "server.crt")), StringComparison.Ordinal);
        Assert.Contains($"URI:urn:docexchange:agency:{LiveServer.G22}", await SanOfAsync(Path.Combine(pki, "signing", $"seal-{LiveServer.G22}.crt")), StringComparison.Ordinal);
        await ExternalTool.RunCheckedAsync("openssl", "verify", "-CAfile", Path.Combine(pki, "root-ca.crt"), Path.Combine(pki, "auditor.crt"));
        await ExternalTool.RunCheckedAsync("openssl", "verify", "-CAfile", Path.Combine(pki, "signing", "root-ca.crt"), Path.Combine(pki, "signing", $"signer-{G12}.crt"));
        // The signing root is separate: a signing certificate cannot pass as a mutual-TLS client.
        var crossed = await ExternalTool.RunAsync("openssl", "verify", "-CAfile", Path.Combine(pki, "root-ca.crt"), Path.Combine(pki, "signing", $"signer-{G12}.crt"));
        Assert.NotEqual(0, crossed.ExitCode);
        await ExternalTool.RunCheckedAsync("openssl", "crl", "-in", Path.Combine(pki, "signing", "root-ca.crl"), "-inform", "DER", "-noout",
            "-CAfile", Path.Combine(pki, "signing", "root-ca.crt"));
    }

    [Fact]
    public async Task A_server_runs_on_the_generated_pki_and_its_auditor_agency_signer_and_seal_work_with_dx()
    {
        string pki = await InitAsync();
        var server = new LiveServer(pki, [LiveServer.G22, G12]);
        await server.InitializeAsync();
        try
        {
            var auditor = server.Dx(_temp, "auditor.pfx");
            var agency = server.Dx(_temp, $"agency-{G12}.pfx");
            string input = SamplePdf.Write(_temp, "in.pdf", "cong-van-g12");
            string signed = _temp.File("signed.pdf");
            string sealedPdf = _temp.File("sealed.pdf");

            var key = await auditor.RunAsync("audit", "key", "-o", _temp.File("key.pem"));
            var sign = await agency.RunAsync("sign", input, "--cert", Path.Combine(pki, "signing", $"signer-{G12}.pfx"), "--password", Repository.SamplePassword, "-o", signed);
            var seal = await agency.RunAsync("seal", signed, "-o", sealedPdf);
            var verify = await agency.RunAsync("verify", sealedPdf, "--trust", Path.Combine(pki, "signing", "root-ca.crt"), "--crl", Path.Combine(pki, "signing", "root-ca.crl"),
                "--revocation", "Require", "--policy-agency", G12);

            Assert.True(key.ExitCode == 0, key.ToString());
            Assert.True(sign.ExitCode == 0, sign.ToString());
            Assert.True(seal.ExitCode == 0, seal.ToString());
            Assert.True(verify.ExitCode == 0, verify.ToString());
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Init_refuses_to_replace_an_existing_pki_without_force()
    {
        string pki = await InitAsync();
        byte[] root = await File.ReadAllBytesAsync(Path.Combine(pki, "root-ca.crt"));

        var again = await _dx.RunAsync("certs", "init", pki);
        var forced = await _dx.RunAsync("certs", "init", pki, "--agencies", $"{LiveServer.G22},{G12}", "--force", "--json");

        Assert.True(again.ExitCode == 2, again.ToString());
        Assert.Contains("--force", again.Stderr, StringComparison.Ordinal);
        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.NotEqual(root, await File.ReadAllBytesAsync(Path.Combine(pki, "root-ca.crt")));
        Assert.Equal(Directory.GetFiles(pki, "*", SearchOption.AllDirectories).Length, forced.Json().GetProperty("files").GetArrayLength());
    }
}
