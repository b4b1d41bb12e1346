using System.Security.Cryptography.X509Certificates;
using DocExchange.Signing.Pki;

namespace DocExchange.Cli.Tests.Network;

/// <summary>The operator's trust commands: dx ca add and dx crl publish.</summary>
[Collection(CliServerCollection.Name)]
public sealed class TrustCommandTests(CliServer server)
{
    [Fact]
    public async Task An_operator_trusts_a_CA_for_an_agency_and_publishes_its_CRL()
    {
        using var temp = new TempDirectory();
        using var ca = CertificateAuthority.CreateRoot(new X500DistinguishedName("CN=Thu nghiem Agency CA, O=Bo Thu nghiem, C=VN"), PkiKeyAlgorithm.EcdsaP256);
        using var clerk = ca.Issue(CertificateProfile.AgencyClient, new CertificateSpec(new X500DistinguishedName("CN=Van thu, O=Bo Thu nghiem"))
        {
            AgencyCode = "000.00.00.K02",
        });
        await File.WriteAllTextAsync(temp.File("ca.crt"), ca.Certificate.ExportCertificatePem());
        await File.WriteAllBytesAsync(temp.File("ca.crl"), ca.CreateCrl([new CertificateRevocation(clerk, DateTimeOffset.UtcNow.AddMinutes(-5))]));
        var dx = server.Dx(Identity.Operator);
        Assert.Equal(0, (await dx.RunAsync("agency", "add", "000.00.00.K02", "--name", "Bộ Thử nghiệm tin cậy")).ExitCode);

        var added = await dx.RunAsync("ca", "add", "000.00.00.K02", temp.File("ca.crt"));
        var published = await dx.RunAsync("crl", "publish", "000.00.00.K02", temp.File("ca.crl"), "--json");

        Assert.True(added.ExitCode == 0, added.ToString());
        Assert.Contains("000.00.00.K02 now trusts CN=Thu nghiem Agency CA", added.Stdout, StringComparison.Ordinal);
        Assert.True(published.ExitCode == 0, published.ToString());
        Assert.Equal(1, published.Json().GetProperty("revokedCount").GetInt64());
        Assert.Contains("Thu nghiem Agency CA", published.Json().GetProperty("issuer").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_CRL_from_a_CA_the_agency_does_not_trust_exits_1_with_the_servers_refusal()
    {
        using var temp = new TempDirectory();
        using var rogue = CertificateAuthority.CreateRoot(new X500DistinguishedName("CN=Rogue CA, C=VN"), PkiKeyAlgorithm.EcdsaP256);
        await File.WriteAllBytesAsync(temp.File("rogue.crl"), rogue.CreateCrl([]));

        var published = await server.Dx(Identity.Operator).RunAsync("crl", "publish", Agencies.H41, temp.File("rogue.crl"));

        Assert.True(published.ExitCode == 1, published.ToString());
        Assert.Contains("FAILED_PRECONDITION", published.Stderr, StringComparison.Ordinal);
    }
}
