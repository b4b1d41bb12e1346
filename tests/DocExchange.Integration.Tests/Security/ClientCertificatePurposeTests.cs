using Grpc.Core;
using DocExchange.Protocol.V1;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace DocExchange.Integration.Tests.Security;

/// <summary>
/// A client certificate must be meant for TLS client authentication (RFC 5280 §4.2.1.12): one from a trusted CA whose
/// extended key usage leaves that purpose out is refused with a message that says so, not one that blames its CA.
/// </summary>
public sealed class ClientCertificatePurposeTests : IAsyncLifetime
{
    private const string ServerAuthenticationOid = "1.3.6.1.5.5.7.3.1";
    private const string EmailProtectionOid = "1.3.6.1.5.5.7.3.4";

    private readonly TestPki _pki = new();
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(_pki.ServerArgs);
        await Exchanges.RegisterSampleAgenciesAsync(_server);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _pki.Dispose();
    }

    [Theory]
    [InlineData(ServerAuthenticationOid)]
    [InlineData(EmailProtectionOid)]
    public async Task A_certificate_without_the_client_authentication_purpose_is_refused_saying_so_and_not_blaming_its_CA(string onlyPurpose)
    {
        var certificate = _pki.AgencyForPurposes(TestServer.G22, onlyPurpose);

        var error = await Assert.ThrowsAsync<RpcException>(() => _server.WithCertificate(certificate).UnaryAsync(Protocol.V1.Exchange.Methods.ListSent, new ListDocumentsRequest()));

        Assert.Equal(GrpcStatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains("lacks the TLS client authentication purpose (extended key usage 1.3.6.1.5.5.7.3.2)", error.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("chain", error.Status.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("CA certificate", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_of_the_same_CA_with_the_client_authentication_purpose_among_others_is_accepted()
    {
        var certificate = _pki.AgencyForPurposes(TestServer.G22, ServerAuthenticationOid, TestPki.ClientAuthenticationOid);

        await _server.WithCertificate(certificate).UnaryAsync(Protocol.V1.Exchange.Methods.ListSent, new ListDocumentsRequest());
    }
}
