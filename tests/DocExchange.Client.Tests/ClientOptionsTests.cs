using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DocExchange.Client.Tests.Infrastructure;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace DocExchange.Client.Tests;

public sealed class ClientOptionsTests : ServerTest
{
    [Fact]
    public void The_development_caller_is_refused_over_https()
    {
        var options = new DocExchangeClientOptions { Address = new Uri("https://127.0.0.1:5443"), DevelopmentCaller = "agency:000.00.00.G22" };

        var error = Assert.Throws<ArgumentException>(() => new DocExchangeClient(options));

        Assert.Contains("http://", error.Message);
    }

    [Fact]
    public void A_client_without_an_address_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new DocExchangeClient(new DocExchangeClientOptions()));

        Assert.Contains("Address", error.Message);
    }

    [Fact]
    public void A_wrong_certificate_password_is_reported_when_the_client_is_created()
    {
        var options = Server.OptionsFor("agency-G22.pfx");
        options.ClientCertificatePassword = "wrong";

        var error = Assert.Throws<ArgumentException>(() => new DocExchangeClient(options));

        Assert.Contains("agency-G22.pfx", error.Message);
    }

    [Fact]
    public async Task The_development_caller_names_the_agency_on_the_plaintext_endpoint()
    {
        await using var client = new DocExchangeClient(new DocExchangeClientOptions
        {
            Address = Server.PlaintextAddress,
            DevelopmentCaller = "agency:000.00.00.G22",
        });

        var sent = await client.SendAsync(Document("601"), cancellationToken: Timeout);

        Assert.StartsWith(LoopbackServer.G22 + ",", sent.DocumentId);
    }

    [Fact]
    public async Task A_certificate_and_roots_given_as_objects_work_like_files()
    {
        using var certificate = X509CertificateLoader.LoadPkcs12FromFile(RepositoryPaths.SampleCert("agency-H41.pfx"), LoopbackServer.SamplePassword);
        using var root = X509CertificateLoader.LoadCertificateFromFile(RepositoryPaths.SampleCert("root-ca.crt"));
        var options = new DocExchangeClientOptions { Address = Server.TlsAddress, ClientCertificate = certificate };
        options.TrustedRoots.Add(root);
        await using var client = new DocExchangeClient(options);

        var agency = await client.GetAgencyAsync(LoopbackServer.H41, Timeout);

        Assert.Equal("UBND tỉnh Nghệ An", agency.Name);
    }

    [Fact]
    public async Task A_server_whose_certificate_does_not_chain_to_the_trusted_roots_is_refused_without_retrying()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var otherRoot = new CertificateRequest("CN=Some other root", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var retries = new List<RetryAttempt>();
        var options = Server.OptionsFor("agency-H41.pfx");
        options.TrustedRootsPath = null;
        options.TrustedRoots.Add(otherRoot);
        options.Retry.OnRetry = retries.Add;
        await using var client = new DocExchangeClient(options);

        var error = await Assert.ThrowsAsync<DocExchangeException>(() => client.GetAgencyAsync(LoopbackServer.H41, Timeout));

        Assert.Equal(GrpcStatusCode.Unavailable, error.StatusCode);
        Assert.Empty(retries);
    }

    [Fact]
    public async Task Without_trusted_roots_the_system_store_decides_and_refuses_the_sample_server()
    {
        var options = Server.OptionsFor("agency-H41.pfx");
        options.TrustedRootsPath = null;
        await using var client = new DocExchangeClient(options);

        var error = await Assert.ThrowsAsync<DocExchangeException>(() => client.GetAgencyAsync(LoopbackServer.H41, Timeout));

        Assert.Equal(GrpcStatusCode.Unavailable, error.StatusCode);
    }

    [Fact]
    public async Task Without_a_client_certificate_the_server_does_not_know_the_caller()
    {
        var options = Server.OptionsFor("agency-H41.pfx");
        options.ClientCertificatePath = null;
        await using var client = new DocExchangeClient(options);

        var error = await Assert.ThrowsAsync<DocExchangeException>(() => client.ListReceivedAsync(cancellationToken: Timeout));

        Assert.Equal(GrpcStatusCode.Unauthenticated, error.StatusCode);
    }
}
