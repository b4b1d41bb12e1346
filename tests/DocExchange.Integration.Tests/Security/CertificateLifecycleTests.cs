using Grpc.Core;
using DocExchange.Protocol.V1;
using DocExchange.Server.Hosting;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace DocExchange.Integration.Tests.Security;

/// <summary>Client certificates that expire, are not yet valid, come from an unknown CA, or are revoked while connected.</summary>
public sealed class CertificateLifecycleTests : IAsyncLifetime
{
    private readonly TestPki _pki = new();
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync([.. _pki.ServerArgs, "--DocExchange:Abuse:AgencyStateCacheSeconds=0"]);
        await Exchanges.RegisterSampleAgenciesAsync(_server);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _pki.Dispose();
    }

    [Fact]
    public async Task A_certificate_revoked_while_its_connection_is_open_is_refused_on_its_next_call_with_unauthenticated_naming_the_revocation()
    {
        var certificate = _pki.Agency(TestServer.G22);
        var agency = _server.WithCertificate(certificate);
        await agency.UnaryAsync(Protocol.V1.Exchange.Methods.ListReceived, new ListDocumentsRequest());

        _pki.Revoke(certificate);
        var error = await Assert.ThrowsAsync<RpcException>(() => agency.UnaryAsync(Protocol.V1.Exchange.Methods.ListReceived, new ListDocumentsRequest()));

        Assert.Equal(GrpcStatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains("revoked", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains(certificate.SerialNumber, error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_certificate_on_a_new_connection_is_refused_too_and_other_certificates_of_the_same_CA_are_not()
    {
        var revoked = _pki.Agency(TestServer.G22);
        var other = _pki.Agency(TestServer.G22);
        _pki.Revoke(revoked);

        var error = await Assert.ThrowsAsync<RpcException>(() => _server.WithCertificate(revoked).UnaryAsync(Protocol.V1.Exchange.Methods.ListSent, new ListDocumentsRequest()));
        Assert.Equal(GrpcStatusCode.Unauthenticated, error.StatusCode);

        await _server.WithCertificate(other).UnaryAsync(Protocol.V1.Exchange.Methods.ListSent, new ListDocumentsRequest());
    }

    [Fact]
    public async Task An_expired_certificate_is_refused_with_unauthenticated_saying_when_it_expired()
    {
        var notAfter = DateTimeOffset.UtcNow.AddDays(-1);
        var expired = _pki.Agency(TestServer.G22, notBefore: DateTimeOffset.UtcNow.AddDays(-30), notAfter: notAfter);

        var error = await Assert.ThrowsAsync<RpcException>(() => _server.WithCertificate(expired).UnaryAsync(Protocol.V1.Exchange.Methods.ListSent, new ListDocumentsRequest()));

        Assert.Equal(GrpcStatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains($"expired at {notAfter.UtcDateTime:yyyy-MM-dd HH:mm:ss}", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_not_yet_valid_is_refused_with_unauthenticated_saying_from_when_it_is_valid()
    {
        var future = _pki.Agency(TestServer.G22, notBefore: DateTimeOffset.UtcNow.AddDays(1), notAfter: DateTimeOffset.UtcNow.AddDays(30));

        var error = await Assert.ThrowsAsync<RpcException>(() => _server.WithCertificate(future).UnaryAsync(Protocol.V1.Exchange.Methods.ListSent, new ListDocumentsRequest()));

        Assert.Equal(GrpcStatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains("is not valid before", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_from_an_untrusted_CA_is_refused_with_unauthenticated_naming_the_agency_it_claims()
    {
        var stranger = _pki.Agency(TestServer.G22, issuer: _pki.UntrustedCa);

        var error = await Assert.ThrowsAsync<RpcException>(() => _server.WithCertificate(stranger).UnaryAsync(Protocol.V1.Exchange.Methods.ListSent, new ListDocumentsRequest()));

        Assert.Equal(GrpcStatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains($"does not chain to a CA trusted for agency {TestServer.G22}", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deactivated_agency_is_refused_on_its_next_exchange_call_with_failed_precondition_and_can_call_again_once_reactivated()
    {
        var agency = _server.WithCertificate(_pki.Agency(TestServer.H41));
        await agency.UnaryAsync(Protocol.V1.Exchange.Methods.ListReceived, new ListDocumentsRequest());

        await _server.Operator().UnaryAsync(Protocol.V1.Registry.Methods.DeactivateAgency, new DeactivateAgencyRequest { Code = TestServer.H41, Reason = "merged" });
        var listing = await Assert.ThrowsAsync<RpcException>(() => agency.UnaryAsync(Protocol.V1.Exchange.Methods.ListReceived, new ListDocumentsRequest()));
        var fetch = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var call = agency.AsyncServerStreamingCall(Protocol.V1.Exchange.Methods.Fetch, new FetchRequest { DocumentId = "x" });
            await call.ResponseStream.MoveNext(CancellationToken.None);
        });

        Assert.Equal(GrpcStatusCode.FailedPrecondition, listing.StatusCode);
        Assert.Contains("deactivated", listing.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(GrpcStatusCode.FailedPrecondition, fetch.StatusCode);

        await _server.Operator().UnaryAsync(Protocol.V1.Registry.Methods.UpdateAgency, new UpdateAgencyRequest { Code = TestServer.H41, Reactivate = true });
        await agency.UnaryAsync(Protocol.V1.Exchange.Methods.ListReceived, new ListDocumentsRequest());
    }
}

public sealed class PlaintextSwitchTests
{
    [Fact]
    public async Task The_plaintext_switch_on_a_non_loopback_address_stops_the_start_with_a_message_naming_the_setting()
    {
        var error = await Assert.ThrowsAsync<StartupException>(() => TestServer.StartAsync("--DocExchange:Development:PlaintextAddress=0.0.0.0"));

        Assert.Contains("DocExchange:Development:PlaintextAddress", error.Message, StringComparison.Ordinal);
        Assert.Contains("not a loopback address", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_plaintext_switch_logs_a_warning_at_start_up()
    {
        await using var server = await TestServer.StartAsync();
        var logDirectory = Path.Combine(server.DataDirectory, "logs");
        await server.Server.DisposeAsync();

        var log = await File.ReadAllTextAsync(Directory.GetFiles(logDirectory, "docexchange-*.log").Single());
        Assert.Contains("\"Level\":\"Warning\",\"MessageTemplate\":\"Development switch on: plaintext HTTP/2", log, StringComparison.Ordinal);
    }
}
